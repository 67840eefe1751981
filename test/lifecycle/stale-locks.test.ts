// A cc-wt killed outright cannot remove its lock; the next one must, without touching locks
// that are alive or belong to other IDEs.
import { expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LockFile } from "../../src/lockfile.ts";
import { deadPid } from "../helpers/processes.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();

function plantLock(name: string, content: Partial<LockFile> | string): string {
  mkdirSync(sb().ideDir, { recursive: true, mode: 0o700 });
  const path = join(sb().ideDir, name);
  const base = { workspaceFolders: [sb().repo], transport: "ws", authToken: "t", runningInWindows: false };
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify({ ...base, ...content }), { mode: 0o600 });
  return path;
}

test("the next run sweeps the lock of a SIGKILLed cc-wt and leaves other locks alone", async () => {
  const killed = sb().start([], { stub: { wait: true } });
  const [report, stale] = await Promise.all([killed.report(), killed.lock()]);
  killed.kill("SIGKILL");
  await killed.proc.exited;
  expect(killed.proc.signalCode).toBe("SIGKILL");
  // Its claude is orphaned, not killed; end it so that only the lock remains of that run.
  process.kill(report.pid, "SIGKILL");
  expect(existsSync(stale.path)).toBe(true);

  const foreign = plantLock("1.lock", { pid: await deadPid(), ideName: "Visual Studio Code" });
  const alive = plantLock("2.lock", { pid: process.pid, ideName: "cc-wt (other)" });
  const unreadable = plantLock("3.lock", "not json");

  expect((await sb().run([])).status).toBe(0);
  expect(existsSync(stale.path)).toBe(false);
  // The new run's own lock is gone too, and the three that are not stale cc-wt locks are untouched.
  expect(readdirSync(sb().ideDir).map((f) => join(sb().ideDir, f)).sort()).toEqual([foreign, alive, unreadable]);
});
