// Signals that end a terminal session must reach claude and still let cc-wt clean up; Ctrl-C is
// claude's to interpret and must not take the IDE server away from under it.
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isAlive, signalStatus } from "../helpers/processes.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";
import { waitFor } from "../helpers/wait.ts";

const sb = sandboxPerTest();

test.each(["SIGTERM", "SIGHUP", "SIGQUIT"] as const)(
  "%s to cc-wt is forwarded to claude, and cc-wt exits with claude's 128+N and no lock",
  async (signal) => {
    const cc = sb().start([], { stub: { wait: true } });
    const [report, found] = await Promise.all([cc.report(), cc.lock()]);
    cc.kill(signal);
    // 128+N of this very signal means claude died of it: cc-wt's fallback would be SIGKILL (137).
    expect(await cc.finished()).toMatchObject({ status: signalStatus(signal), signal: null });
    expect(isAlive(report.pid)).toBe(false);
    expect(existsSync(found.path)).toBe(false);
    expect(sb().locks()).toEqual([]);
  },
);

test("SIGINT leaves cc-wt, claude and the lock in place; a later SIGTERM still ends it cleanly", async () => {
  const debugLog = join(sb().dir, "debug.log");
  const cc = sb().start([], { env: { CC_WT_DEBUG: debugLog }, stub: { wait: true } });
  const [report, found] = await Promise.all([cc.report(), cc.lock()]);
  const sigintsSeen = () => (existsSync(debugLog) ? readFileSync(debugLog, "utf8").match(/SIGINT/g)?.length ?? 0 : 0);

  // Twice: a handler that only survives the first Ctrl-C would be no help in a real session.
  for (const n of [1, 2]) {
    cc.kill("SIGINT");
    // A cc-wt that died of it will never log it: stop waiting at once and let the assertion say so.
    await waitFor(() => sigintsSeen() >= n || !cc.running(), 5000, () => `cc-wt did not log SIGINT #${n}`);
    expect(cc.running()).toBe(true);
    expect(isAlive(report.pid)).toBe(true);
    expect(existsSync(found.path)).toBe(true);
  }

  cc.kill("SIGTERM");
  expect(await cc.finished()).toMatchObject({ status: signalStatus("SIGTERM"), signal: null });
  expect(sb().locks()).toEqual([]);
});

test("a stop signal the moment the lock appears still ends cc-wt with 128+N and no lock behind", async () => {
  // Watching the directory catches the lock's rename as it happens, well before claude could start.
  const { mkdirSync, watch } = await import("node:fs");
  mkdirSync(sb().ideDir, { recursive: true, mode: 0o700 });
  for (let trial = 0; trial < 5; trial++) {
    const watcher = watch(sb().ideDir);
    const cc = sb().start([], { stub: { wait: true } });
    watcher.on("change", (_event, name) => {
      if (String(name).endsWith(".lock")) cc.kill("SIGTERM");
    });
    const done = await cc.finished();
    watcher.close();
    expect(done).toMatchObject({ status: 143, signal: null });
    expect(sb().locks()).toEqual([]);
  }
});
