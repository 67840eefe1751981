// Requests no client would send, straight to the compiled binary's IDE server: each gets a short
// 4xx, nothing reaches the terminal claude draws on (cc-wt's stderr), the debug log says what
// happened, and the instance keeps serving.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
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
