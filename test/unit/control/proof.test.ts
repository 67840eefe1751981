// The proof between cc-wt's control clients and an instance (src/control/proof.ts, src/control/client.ts).
import { expect, test } from "bun:test";
import { callInstance, InstanceError } from "../../../src/control/client.ts";
import { challengeAnswer, isNonce, MAX_SEEN, newNonce, NonceBook, requestSignature, SeenNonces, TIME_WINDOW_MS, timeIsFresh } from "../../../src/control/proof.ts";
import type { FoundLock } from "../../../src/lockfile.ts";

const body = new TextEncoder().encode("{}");

test("a nonce is good once, only if issued, and only for a while", () => {
  const book = new NonceBook();
  const n = book.issue(1000);
  expect(book.has(n, 1001)).toBe(true);
  expect(book.has(newNonce(), 1001)).toBe(false);
  expect(book.take(n, 1001)).toBe(true);
  expect(book.has(n, 1001)).toBe(false);
  expect(book.take(n, 1002)).toBe(false);
  expect(book.take(newNonce(), 1000)).toBe(false);
  expect(book.take(null)).toBe(false);
  const late = book.issue(1000);
  expect(book.take(late, 1000 + 31_000)).toBe(false);
});

test("a flood of hellos evicts the oldest nonces instead of growing without bound", () => {
  const book = new NonceBook();
  const first = book.issue();
  for (let i = 0; i < 2000; i++) book.issue();
  expect(book.take(first)).toBe(false);
  const recent = book.issue();
  expect(book.take(recent)).toBe(true);
});

test("answers and signatures depend on the token and on everything signed, and never coincide", () => {
  const n = newNonce();
  expect(challengeAnswer("t1", n)).not.toBe(challengeAnswer("t2", n));
  const sig = requestSignature("t", n, "POST", "/cc-wt/notify?wait=1", body);
  expect(sig).not.toBe(requestSignature("t", n, "POST", "/cc-wt/notify?wait=2", body));
  expect(sig).not.toBe(requestSignature("t", n, "GET", "/cc-wt/notify?wait=1", body));
  expect(sig).not.toBe(requestSignature("t", n, "POST", "/cc-wt/notify?wait=1", new TextEncoder().encode("{ }")));
  expect(sig).not.toBe(requestSignature("t", newNonce(), "POST", "/cc-wt/notify?wait=1", body));
  expect(challengeAnswer("t", n)).not.toBe(requestSignature("t", n, "", "", new Uint8Array()));
  expect(isNonce(n)).toBe(true);
  expect(isNonce("short")).toBe(false);
  expect(isNonce("a".repeat(43) + "\n")).toBe(false);
});

const lockFor = (port: number, token = "right-token"): FoundLock => ({
  path: `/x/${port}.lock`,
  port,
  lock: { pid: process.pid, workspaceFolders: ["/x"], ideName: "cc-wt", transport: "ws", authToken: token, runningInWindows: false },
});

test("a server answering the challenge under another token is unproven and gets nothing more", async () => {
  const seen: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      seen.push(new URL(req.url).pathname);
      return Response.json({ answer: challengeAnswer("other-token", req.headers.get("x-cc-wt-challenge")!), nonce: newNonce() });
    },
  });
  try {
    const call = callInstance(lockFor(server.port!), { method: "POST", target: "/cc-wt/notify", body: "secret", timeoutMs: 2000 });
    await expect(call).rejects.toMatchObject({ kind: "unproven" });
    expect(seen).toEqual(["/cc-wt/hello"]);
  } finally {
    server.stop(true);
  }
});

test("nothing listening is unreachable, not unproven", async () => {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  const port = server.port!;
  server.stop(true);
  const err = await callInstance(lockFor(port), { method: "GET", target: "/cc-wt/status", timeoutMs: 2000 }).catch((e) => e);
  expect(err).toBeInstanceOf(InstanceError);
  expect(err.kind).toBe("unreachable");
});

test("accepted client nonces: each once, forgotten only after the window, and a full book refuses rather than forgets", () => {
  const seen = new SeenNonces();
  const n = newNonce();
  expect(seen.admit(n, 0)).toBe("fresh");
  expect(seen.admit(n, 1)).toBe("replayed");
  // Still remembered for as long as its time could pass the window.
  expect(seen.admit(n, TIME_WINDOW_MS + 1)).toBe("replayed");
  for (let i = 1; i < MAX_SEEN; i++) expect(seen.admit(newNonce(), 2)).toBe("fresh");
  expect(seen.size).toBe(MAX_SEEN);
  expect(seen.admit(newNonce(), 3)).toBe("full");
  expect(seen.admit(n, 3)).toBe("replayed"); // the full book forgot nothing
  expect(seen.size).toBe(MAX_SEEN);
  // Once the window has passed for all of them, the book empties as it is used.
  expect(seen.admit(newNonce(), 2 * TIME_WINDOW_MS + 3)).toBe("fresh");
  expect(seen.size).toBe(1);
});

test("a direct request's time is fresh only within the window, and only as plain digits", () => {
  const now = 1_800_000_000_000;
  expect(timeIsFresh(String(now), now)).toBe(true);
  expect(timeIsFresh(String(now - TIME_WINDOW_MS), now)).toBe(true);
  expect(timeIsFresh(String(now - TIME_WINDOW_MS - 1), now)).toBe(false);
  expect(timeIsFresh(String(now + TIME_WINDOW_MS + 1), now)).toBe(false);
  for (const bad of [null, "", "1e12", " 1800000000000", "-1", "0x1", "1800000000000.5"]) expect(timeIsFresh(bad, now)).toBe(false);
});
