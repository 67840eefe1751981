// The direct (one round trip) exchange of the control channel (src/control/proof.ts, docs/control.md),
// attacked from both sides: a client without the token, or replaying what it saw, gets nothing from
// an instance; a server without the token (a squatter on a stale lock's port) is never believed.
import { afterEach, expect, test } from "bun:test";
import { callInstance } from "../../src/control/client.ts";
import { openEventStream } from "../../src/control/events.ts";
import { bodyHash, challengeAnswer, CHALLENGE_HEADER, CLIENT_NONCE_HEADER, directSignature, MAX_SEEN, newNonce, NONCE_HEADER, NonceBook, PROOF_HEADER, requestSignature, responseProof, SIGNATURE_HEADER, STREAM, TIME_HEADER, TIME_WINDOW_MS } from "../../src/control/proof.ts";
import { EVENTS_PATH, HELLO_PATH, STATUS_PATH } from "../../src/control/routes.ts";
import type { FoundLock } from "../../src/lockfile.ts";
import { cleanup, expectServes, lockOf, startTestServer, type TestServer } from "../helpers/server.ts";

afterEach(cleanup);

const REPORT = { pid: 1, port: 1, workspace: "/w", connected: true, startedAt: 0, since: 0, status: "idle" };

/** A direct request's headers, as a client holding `token` signs them (or as an attacker forges them). */
function signed(token: string, { target = STATUS_PATH, method = "GET", nonce = newNonce(), time = Date.now() } = {}) {
  const t = String(time);
  return { [CLIENT_NONCE_HEADER]: nonce, [TIME_HEADER]: t, [SIGNATURE_HEADER]: directSignature(token, nonce, t, method, target) };
}

const get = (ts: TestServer, headers: Record<string, string>, target = STATUS_PATH) =>
  fetch(`http://127.0.0.1:${ts.server.port}${target}`, { headers });

test("a direct request is answered once, with a proof of the token over the client's nonce, the status and the body", async () => {
  const ts = startTestServer({ status: () => REPORT });
  const headers = signed(ts.token);
  const res = await get(ts, headers);
  expect(res.status).toBe(200);
  const body = new Uint8Array(await res.arrayBuffer());
  expect(res.headers.get(PROOF_HEADER)).toBe(responseProof(ts.token, headers[CLIENT_NONCE_HEADER], 200, bodyHash(body)));
  expect(JSON.parse(new TextDecoder().decode(body))).toEqual(REPORT);
  // The same request again, byte for byte: refused, with no report and no proof.
  const again = await get(ts, headers);
  expect(again.status).toBe(401);
  expect(again.headers.get(PROOF_HEADER)).toBeNull();
  expect(await again.text()).not.toContain("idle");
});

test("stale, future, unsigned, wrongly signed or re-targeted requests are refused", async () => {
  const ts = startTestServer({ status: () => REPORT, events: () => new Response("", { headers: { "content-type": "text/event-stream" } }) });
  const refused = async (headers: Record<string, string>, target = STATUS_PATH) => {
    const res = await get(ts, headers, target);
    expect(res.headers.get(PROOF_HEADER)).toBeNull();
    expect(await res.text()).not.toContain("idle");
    return res.status;
  };
  expect(await refused(signed(ts.token, { time: Date.now() - TIME_WINDOW_MS - 2000 }))).toBe(401);
  expect(await refused(signed(ts.token, { time: Date.now() + TIME_WINDOW_MS + 2000 }))).toBe(401);
  expect(await refused({ ...signed(ts.token), [TIME_HEADER]: "soon" })).toBe(401);
  expect(await refused(signed("not-the-token"))).toBe(401);
  expect(await refused({ ...signed(ts.token), [SIGNATURE_HEADER]: "" })).toBe(401);
  // Signed for the event stream, sent for the status (and the other way round).
  expect(await refused(signed(ts.token, { target: EVENTS_PATH }))).toBe(401);
  expect(await refused(signed(ts.token, { target: STATUS_PATH }), EVENTS_PATH)).toBe(401);
  // The time is signed: moving a stale request's time forward breaks its signature.
  const stale = signed(ts.token, { time: Date.now() - TIME_WINDOW_MS - 2000 });
  expect(await refused({ ...stale, [TIME_HEADER]: String(Date.now()) })).toBe(401);
  await expectServes(ts);
});

test("a server's MACs never pass as a client's signature: not a proof, not a challenge answer", async () => {
  const ts = startTestServer({ status: () => REPORT });
  const headers = signed(ts.token);
  const res = await get(ts, headers);
  const proof = res.headers.get(PROOF_HEADER)!;
  expect(proof).toBeTruthy();
  // The proof it gave, offered back as the signature of a request under the same nonce.
  const nonce = newNonce();
  const time = String(Date.now());
  const asSignature = (sig: string) => get(ts, { [CLIENT_NONCE_HEADER]: nonce, [TIME_HEADER]: time, [SIGNATURE_HEADER]: sig });
  const proofForNonce = responseProof(ts.token, nonce, 200, bodyHash(new Uint8Array(await res.arrayBuffer())));
  expect((await asSignature(proofForNonce)).status).toBe(401);
  // A challenge answer for that nonce, which anyone can get from /cc-wt/hello.
  const hello = await fetch(`http://127.0.0.1:${ts.server.port}${HELLO_PATH}`, { headers: { [CHALLENGE_HEADER]: nonce } });
  const { answer } = (await hello.json()) as { answer: string };
  expect(answer).toBe(challengeAnswer(ts.token, nonce));
  expect((await asSignature(answer)).status).toBe(401);
  // And the labels keep every kind apart for the same inputs.
  const kinds = [
    directSignature(ts.token, nonce, "200", "GET", STATUS_PATH),
    responseProof(ts.token, nonce, 200, STREAM),
    challengeAnswer(ts.token, nonce),
    requestSignature(ts.token, nonce, "GET", STATUS_PATH, new Uint8Array()),
  ];
  expect(new Set(kinds).size).toBe(kinds.length);
  // The real signature still works: nothing above was accepted by mistake or spent the nonce.
  expect((await asSignature(directSignature(ts.token, nonce, time, "GET", STATUS_PATH))).status).toBe(200);
});

test("a body never goes direct: a signed POST without a server nonce is refused unread", async () => {
  const ts = startTestServer();
  const nonce = newNonce();
  const time = String(Date.now());
  const res = await fetch(`http://127.0.0.1:${ts.server.port}/cc-wt/notify?wait=0`, {
    method: "POST",
    headers: { [CLIENT_NONCE_HEADER]: nonce, [TIME_HEADER]: time, [SIGNATURE_HEADER]: directSignature(ts.token, nonce, time, "POST", "/cc-wt/notify?wait=0") },
    body: JSON.stringify({ method: "at_mentioned", params: { filePath: "/w/a.ts" } }),
  });
  expect(res.status).toBe(400);
  expect(res.headers.get(PROOF_HEADER)).toBeNull();
});

test("a flood of forged direct requests records nothing; the book of accepted nonces is bounded and refuses when full", async () => {
  const ts = startTestServer({ status: () => REPORT });
  // More forged requests than the book holds: had any been recorded, the real one would find it full.
  const forged = await Promise.all(
    Array.from({ length: 50 }, async () => {
      const statuses: number[] = [];
      for (let i = 0; i < MAX_SEEN / 40; i++) statuses.push((await get(ts, signed("guess"))).status);
      return statuses;
    }),
  );
  expect(forged.flat().every((s) => s === 401)).toBe(true);
  expect((await callInstance(lockOf(ts), { method: "GET", target: STATUS_PATH, timeoutMs: 3000 })).status).toBe(200);
});

/** A stranger on a lock's port: records every request and answers as given. */
function squatter(answer: (req: Request) => Response | Promise<Response>) {
  const seen: { method: string; path: string; headers: Record<string, string>; body: string }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      seen.push({ method: req.method, path: new URL(req.url).pathname, headers: Object.fromEntries(req.headers), body: await req.text() });
      return answer(req);
    },
  });
  const lock: FoundLock = {
    path: `/x/${server.port}.lock`,
    port: server.port!,
    lock: { pid: process.pid, workspaceFolders: ["/x"], ideName: "cc-wt", transport: "ws", authToken: "the-lock-token-0123456789abcdefghijklmnopq", runningInWindows: false },
  };
  return { server, seen, lock };
}

test("a squatter answering a plausible status without a valid proof is unproven, whatever proof it makes up", async () => {
  const body = JSON.stringify(REPORT);
  const proofs: ((req: Request) => string | undefined)[] = [
    () => undefined,
    () => "A".repeat(43),
    // Under another token.
    (req) => responseProof("other-token", req.headers.get(CLIENT_NONCE_HEADER)!, 200, bodyHash(new TextEncoder().encode(body))),
    // The client's own signature, echoed back as a proof.
    (req) => req.headers.get(SIGNATURE_HEADER) ?? undefined,
  ];
  for (const proof of proofs) {
    const { server, seen, lock } = squatter((req) => {
      const p = proof(req);
      return new Response(body, { headers: { "content-type": "application/json", ...(p && { [PROOF_HEADER]: p }) } });
    });
    try {
      const call = callInstance(lock, { method: "GET", target: STATUS_PATH, timeoutMs: 2000 });
      await expect(call).rejects.toMatchObject({ kind: "unproven" });
      // A signed GET and then a challenge: no token, no body, nothing else.
      expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([`GET ${STATUS_PATH}`, `GET ${HELLO_PATH}`]);
      expect(JSON.stringify(seen)).not.toContain(lock.lock.authToken);
      expect(seen.every((s) => s.body === "")).toBe(true);
    } finally {
      server.stop(true);
    }
  }
});

test("a proof the real instance gave another request, replayed by a squatter, is not believed", async () => {
  // What a squatter could have recorded: a real instance's answer and proof to some earlier request.
  const token = "the-lock-token-0123456789abcdefghijklmnopq";
  const earlier = newNonce();
  const body = new TextEncoder().encode(JSON.stringify(REPORT));
  const recorded = responseProof(token, earlier, 200, bodyHash(body));
  const { server, lock } = squatter(() => new Response(body, { headers: { [PROOF_HEADER]: recorded } }));
  try {
    await expect(callInstance(lock, { method: "GET", target: STATUS_PATH, timeoutMs: 2000 })).rejects.toMatchObject({ kind: "unproven" });
  } finally {
    server.stop(true);
  }
});

test("a squatter's event stream is never followed: no report is handed on", async () => {
  const { server, lock } = squatter(
    () => new Response(`event: status\ndata: ${JSON.stringify(REPORT)}\n\n`, { headers: { "content-type": "text/event-stream", [PROOF_HEADER]: "A".repeat(43) } }),
  );
  const reports: unknown[] = [];
  try {
    await expect(openEventStream(lock, (i) => reports.push(i), new AbortController().signal)).rejects.toMatchObject({ kind: "unproven" });
    expect(reports).toEqual([]);
  } finally {
    server.stop(true);
  }
});

test("the real instance's event stream is proven in its head, and followed", async () => {
  const ts = startTestServer({
    events: () => new Response(`event: status\ndata: ${JSON.stringify(REPORT)}\n\n`, { headers: { "content-type": "text/event-stream" } }),
  });
  const reports: unknown[] = [];
  await openEventStream(lockOf(ts), (i) => reports.push(i.row.status), new AbortController().signal);
  expect(reports).toEqual(["idle"]);
});

test("an instance that only knows the challenge (an older cc-wt) is still asked, in two round trips", async () => {
  const token = "the-lock-token-0123456789abcdefghijklmnopq";
  const nonces = new NonceBook();
  const { server, seen, lock } = squatter((req) => {
    const url = new URL(req.url);
    if (url.pathname === HELLO_PATH) return Response.json({ answer: challengeAnswer(token, req.headers.get(CHALLENGE_HEADER)!), nonce: nonces.issue() });
    const nonce = req.headers.get(NONCE_HEADER);
    const ok = nonces.take(nonce) && req.headers.get(SIGNATURE_HEADER) === requestSignature(token, nonce!, "GET", url.pathname, new Uint8Array());
    return ok ? Response.json(REPORT) : new Response("missing or wrong signature\n", { status: 401 });
  });
  try {
    const res = await callInstance({ ...lock, lock: { ...lock.lock, authToken: token } }, { method: "GET", target: STATUS_PATH, timeoutMs: 2000 });
    expect(await res.json()).toEqual(REPORT);
    expect(seen.map((s) => s.path)).toEqual([STATUS_PATH, HELLO_PATH, STATUS_PATH]);
  } finally {
    server.stop(true);
  }
});
