// The lock is how claude discovers cc-wt and holds the auth token (docs/protocol.md, "The lock file"): it must say
// the right things, be owner-only, and live exactly as long as cc-wt does.
import { expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { sandboxPerTest } from "../helpers/sandbox.ts";

// A branch with a slash, as most feature branches have: it must survive into the IDE name.
const sb = sandboxPerTest({ branch: "feature/locks" });

test("while claude runs, its lock announces this cc-wt and this worktree, owner-only", async () => {
  const cc = sb().start([], { stub: { wait: true } });
  const [report, found] = await Promise.all([cc.report(), cc.lock()]);

  expect(found.lock).toEqual({
    pid: cc.pid,
    workspaceFolders: [sb().repo],
    ideName: "cc-wt (feature/locks)",
    transport: "ws",
    authToken: expect.stringMatching(/^[\w-]{32,}$/),
    runningInWindows: false,
  });
  expect(found.mode).toBe(0o600);
  expect(statSync(sb().ideDir).mode & 0o777).toBe(0o700);
  // The lock names the port claude was sent to, and the pid it names is claude's parent.
  expect(String(found.port)).toBe(report.env.CLAUDE_CODE_SSE_PORT!);
  expect(report.ppid).toBe(cc.pid);
  // Written by rename: no temporary file is left beside it.
  expect(readdirSync(sb().ideDir)).toEqual([`${found.port}.lock`]);
});

test("every instance gets a fresh token", async () => {
  const a = sb().start([], { stub: { wait: true } });
  const b = sb().start([], { stub: { wait: true } });
  const [la, lb] = await Promise.all([a.lock(), b.lock()]);
  expect(la.lock.authToken).not.toBe(lb.lock.authToken);
});

test("without CLAUDE_CONFIG_DIR the lock goes to ~/.claude/ide, where claude looks by default", async () => {
  // HOME is the sandbox's, so this is not the real ~/.claude.
  const cc = sb().start([], { env: { CLAUDE_CONFIG_DIR: undefined }, stub: { wait: true } });
  const report = await cc.report();
  const port = report.env.CLAUDE_CODE_SSE_PORT;
  const ideDir = join(sb().home, ".claude", "ide");
  expect(readdirSync(ideDir)).toEqual([`${port}.lock`]);
  expect(sb().locks()).toEqual([]);
  cc.kill("SIGTERM");
  await cc.finished();
  expect(readdirSync(ideDir)).toEqual([]);
});
