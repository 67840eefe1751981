// The stub speaks the client's side of the protocol through the lock and the environment alone,
// exactly what the real claude has to go on.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();

test("claude connects with the lock's token, initialises and lists the IDE tools", async () => {
  const debugLog = join(sb().dir, "debug.log");
  const cc = sb().start([], { env: { CC_WT_DEBUG: debugLog }, stub: { connect: true } });
  const report = await cc.report((r) => r.connect !== undefined);
  expect(report.connect).toEqual({
    ok: true,
    subprotocol: "mcp",
    protocolVersion: "2025-11-25",
    tools: expect.arrayContaining(["openDiff", "close_tab", "closeAllDiffTabs"]),
  });
  // The sandbox worktree is no project any language server knows: no diagnostics tool to offer.
  expect(report.connect).not.toMatchObject({ tools: expect.arrayContaining(["getDiagnostics"]) });
  expect((await cc.finished()).status).toBe(0);
  // The server learnt which process connected, which is how it knows its claude.
  expect(readFileSync(debugLog, "utf8")).toContain(`ide_connected pid=${report.pid}`);
});

test("the server is gone once claude has exited", async () => {
  const cc = sb().start([], { stub: { wait: true, connect: true } });
  const [report, found] = await Promise.all([cc.report((r) => r.connect !== undefined), cc.lock()]);
  expect(report.connect?.ok).toBe(true);
  cc.kill("SIGTERM");
  await cc.finished();
  await expect(fetch(`http://127.0.0.1:${found.port}/`)).rejects.toThrow();
});
