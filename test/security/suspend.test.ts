// Suspend and resume (a closed laptop lid; here SIGSTOP and SIGCONT): a client that is alive must
// not be dropped because cc-wt itself was not running to see its pongs. The compiled binary, with
// a short ping interval, and a client that answers pings as claude's does.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxPerTest } from "../helpers/sandbox.ts";
import { waitFor } from "../helpers/wait.ts";

const sb = sandboxPerTest();
const PING_S = 0.3;

test("a live client stays connected across SIGSTOP/SIGCONT of cc-wt", async () => {
  const log = join(sb().dir, "debug.log");
  const cc = sb().start([], { stub: { wait: true }, env: { CC_WT_PING_INTERVAL: String(PING_S), CC_WT_DEBUG: log } });
  const { port, lock } = await cc.lock();
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { headers: { "x-claude-code-ide-authorization": lock.authToken }, protocols: ["mcp"] } as never);
  let closed = false;
  ws.addEventListener("close", () => (closed = true));
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
  // The instance serves only its own claude (a process under the one it started): speak for the stub.
  const { pid } = await cc.report();
  ws.send(JSON.stringify({ jsonrpc: "2.0", method: "ide_connected", params: { pid } }));
  // Several pings answered: the client is alive as far as cc-wt can tell.
  await Bun.sleep(PING_S * 3 * 1000);
  expect(closed).toBe(false);

  cc.kill("SIGSTOP");
  await Bun.sleep(PING_S * 8 * 1000); // far longer than the two silent intervals that drop a peer
  cc.kill("SIGCONT");
  await waitFor(() => readFileSync(log, "utf8").includes("cc-wt was suspended"), 5000, () => readFileSync(log, "utf8"));
  await Bun.sleep(PING_S * 4 * 1000);

  expect(readFileSync(log, "utf8")).not.toContain("dropping it");
  expect(closed).toBe(false);
  const rows = JSON.parse((await sb().run(["--list", "--json"])).stdout) as { connected: boolean }[];
  expect(rows.map((r) => r.connected)).toEqual([true]);
  ws.close();
});

test("CC_WT_PING_INTERVAL that is not a number of seconds is refused: status 64", async () => {
  const done = await sb().run([], { stub: { wait: true }, env: { CC_WT_PING_INTERVAL: "soon" } });
  expect(done.status).toBe(64);
  expect(done.stderr).toContain("CC_WT_PING_INTERVAL=soon");
});
