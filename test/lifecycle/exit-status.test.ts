// cc-wt is typed instead of claude, so scripts and shells must see claude's own status, and the
// lock must be gone however claude ended.
import { expect, test } from "bun:test";
import { signalStatus } from "../helpers/processes.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();

test.each([0, 3, 42])("exits with claude's status %d and leaves no lock", async (code) => {
  const cc = sb().start([], { stub: { exit: code } });
  expect(await cc.finished()).toMatchObject({ status: code, signal: null });
  // A status of 0 alone would not tell a finished claude from one that never started.
  expect((await cc.report()).ppid).toBe(cc.pid);
  expect(sb().locks()).toEqual([]);
});

test.each(["SIGKILL", "SIGTERM"] as const)("exits 128+N when claude dies by %s, and leaves no lock", async (signal) => {
  const cc = sb().start([], { stub: { killSelf: signal } });
  expect(await cc.finished()).toMatchObject({ status: signalStatus(signal), signal: null });
  expect(sb().locks()).toEqual([]);
});
