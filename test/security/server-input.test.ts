// Requests no client would send, straight to the compiled binary's IDE server: each gets a short
// 4xx, nothing reaches the terminal claude draws on (cc-wt's stderr), the debug log says what
// happened, and the instance keeps serving.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { CHALLENGE_HEADER, NONCE_HEADER, SIGNATURE_HEADER } from "../../src/control/proof.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";
import { waitFor } from "../helpers/wait.ts";

const sb = sandboxPerTest();

/** Sends bytes as they are and collects the whole answer (the server closes, or 2 s pass). */
async function raw(port: number, request: string): Promise<string> {
  const sock = connect({ host: "127.0.0.1", port });
  let got = "";
  sock.on("data", (d: Buffer) => (got += d.toString("latin1")));
  sock.on("error", () => {});
  const closed = new Promise<void>((r) => sock.on("close", () => r()));
  await new Promise<void>((r) => sock.on("connect", () => r()));
  sock.write(request);
  await Promise.race([closed, waitFor(() => /\r\n\r\n/.test(got) && (/content-length: 0\r\n/i.test(got) || got.endsWith("\n")), 2000).catch(() => {})]);
  sock.destroy();
  return got;
}

const REQUESTS: [string, string][] = [
  ["an empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n"],
  ["a malformed Host", "GET /cc-wt/status HTTP/1.1\r\nHost: [\r\n\r\n"],
  ["a Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"],
  ["a Host with a bad port", "GET /cc-wt/hello HTTP/1.1\r\nHost: 127.0.0.1:99999999\r\n\r\n"],
  ["no Host", "GET / HTTP/1.1\r\n\r\n"],
  ["an absolute target with a bad port", "GET http://x:99999/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"],
  ["a malformed target", "GET %%% HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"],
  ["an odd method", "FOO * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"],
  ["a header with no colon", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nnonsense\r\n\r\n"],
  ["a hello with no challenge", "GET /cc-wt/hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"],
  ["a hello by POST", "POST /cc-wt/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"],
  ["a notify with a bad nonce", "POST /cc-wt/notify HTTP/1.1\r\nHost: 127.0.0.1\r\nx-cc-wt-nonce: \u00ff\r\nContent-Length: 2\r\n\r\n{}"],
  ["a control request with an empty Host", "POST /cc-wt/notify HTTP/1.1\r\nHost:\r\nContent-Length: 2\r\n\r\n{}"],
];

test("malformed requests get a short 4xx, nothing on the terminal, and the instance keeps serving", async () => {
  const log = join(sb().dir, "debug.log");
  const cc = sb().start([], { stub: { wait: true }, env: { CC_WT_DEBUG: log } });
  const { port } = await cc.lock();
  await cc.report();
  const stderrBefore = cc.stderr();
  for (const [what, request] of REQUESTS) {
    const answer = await raw(port, request);
    const status = Number(answer.split(" ")[1]);
    expect({ what, status: status >= 400 && status < 500 }).toEqual({ what, status: true });
    expect({ what, short: answer.length < 600 }).toEqual({ what, short: true });
    expect(answer).not.toContain(sb().repo);
  }
  expect(cc.running()).toBe(true);
  expect(cc.stderr()).toBe(stderrBefore);
  expect(readFileSync(log, "utf8")).toContain("unparseable target or Host");
  const rows = JSON.parse((await sb().run(["--list", "--json"])).stdout) as { status: string }[];
  expect(rows.map((r) => r.status)).toEqual(["starting"]);
});

/** A nonce, as anyone on the machine can have one: no token needed. */
async function nonce(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/cc-wt/hello`, { headers: { [CHALLENGE_HEADER]: "a".repeat(43) } });
  return ((await res.json()) as { nonce: string }).nonce;
}

test("without the token, nobody can make the instance buffer large bodies: one nonce buys one small body", async () => {
  const cc = sb().start([], { stub: { wait: true } });
  const { port } = await cc.lock();
  await cc.report();
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${cc.pid}/status`, "utf8"))![1]);
  const before = rss();
  const post = (n: string, body: Uint8Array | ReadableStream, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/cc-wt/notify`, { method: "POST", headers: { [NONCE_HEADER]: n, [SIGNATURE_HEADER]: "x".repeat(43), ...headers }, body });

  // A declared length over the cap is refused before a byte is read.
  const big = await post(await nonce(port), new Uint8Array(64 * 1024 * 1024));
  expect(big.status).toBe(413);
  // One nonce, many uploads at once: the first spends it, the rest are refused unread.
  const n = await nonce(port);
  const statuses = await Promise.all(Array.from({ length: 6 }, () => post(n, new Uint8Array(4 * 1024 * 1024)).then((r) => r.status)));
  expect(statuses.filter((s) => s === 401).length).toBe(6);
  // A body that does not say its length is cut off at the cap.
  const stream = new ReadableStream({
    start(c) {
      for (let i = 0; i < 40; i++) c.enqueue(new Uint8Array(1024 * 1024));
      c.close();
    },
  });
  expect((await post(await nonce(port), stream)).status).toBe(413);
  expect(rss() - before).toBeLessThan(48 * 1024); // kB: nothing like the 64 + 24 + 40 MB sent
  expect(cc.running()).toBe(true);
});
