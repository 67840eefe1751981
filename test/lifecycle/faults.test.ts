// Fault injection over the life of one launch: claude dying at each stage, cc-wt killed at each
// stage, two cc-wt starting together in one worktree. Nothing that misleads the next run may stay.
import { expect, test } from "bun:test";
import { isAlive, signalStatus } from "../helpers/processes.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";
import { readStubReport } from "../helpers/stub-claude.ts";
import { waitFor } from "../helpers/wait.ts";

const sb = sandboxPerTest();

test.each(["SIGSEGV", "SIGKILL", "SIGABRT"] as const)("claude crashing (%s) after connecting: its status, no lock, no server", async (sig) => {
  const cc = sb().start([], { stub: { connect: true, killSelf: sig } });
  const report = await cc.report((r) => r.connect !== undefined);
  expect(report.connect?.ok).toBe(true);
  const done = await cc.finished();
  expect(done.status).toBe(signalStatus(sig));
  expect(sb().locks()).toEqual([]);
  await expect(fetch(`http://127.0.0.1:${report.env.CLAUDE_CODE_SSE_PORT}/`)).rejects.toThrow();
});

test("claude crashing before it ever connects: the same clean exit", async () => {
  const done = await sb().run([], { stub: { killSelf: "SIGSEGV" } });
  expect(done.status).toBe(signalStatus("SIGSEGV"));
  expect(sb().locks()).toEqual([]);
});

test("cc-wt killed at start-up, before or just after its lock: the next run starts clean", async () => {
  for (const delayMs of [0, 5, 15, 30, 60]) {
    const cc = sb().start([], { stub: { wait: true } });
    await Bun.sleep(delayMs);
    cc.kill("SIGKILL");
    await cc.proc.exited;
    // A claude it may have started is orphaned: end it, as the user would.
    const report = readStubReport(cc.reportPath);
    if (report && isAlive(report.pid)) process.kill(report.pid, "SIGKILL");
  }
  const next = sb().start([], { stub: { wait: true } });
  const mine = await next.lock();
  // Only the live instance's lock is left: every stale one was swept.
  expect(sb().locks().map((l) => l.path)).toEqual([mine.path]);
  next.kill("SIGTERM");
  await next.finished();
  expect(sb().locks()).toEqual([]);
});

test("two cc-wt starting together in one worktree: two servers, two locks, both cleaned up", async () => {
  const [a, b] = [sb().start([], { stub: { wait: true, connect: true } }), sb().start([], { stub: { wait: true, connect: true } })];
  const [la, lb] = await Promise.all([a.lock(), b.lock()]);
  expect(la.port).not.toBe(lb.port);
  expect(la.lock.workspaceFolders).toEqual(lb.lock.workspaceFolders);
  await Promise.all([a.report((r) => r.connect?.ok === true), b.report((r) => r.connect?.ok === true)]);
  a.kill("SIGTERM");
  b.kill("SIGTERM");
  await Promise.all([a.finished(), b.finished()]);
  await waitFor(() => sb().locks().length === 0, 5000);
});
