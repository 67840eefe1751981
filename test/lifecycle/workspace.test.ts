// The workspace announced in the lock decides which claude sessions may attach (docs/protocol.md, "Which lock the client connects to").
import { expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();

async function launchIn(cwd: string) {
  const cc = sb().start([], { cwd, stub: { wait: true } });
  const [report, found] = await Promise.all([cc.report(), cc.lock()]);
  return { cc, report, lock: found.lock };
}

test("started in a subdirectory, the workspace is the repository root and claude keeps the subdirectory", async () => {
  const sub = join(sb().repo, "src", "deep");
  mkdirSync(sub, { recursive: true });
  const { report, lock } = await launchIn(sub);
  expect(lock.workspaceFolders).toEqual([sb().repo]);
  expect(report.cwd).toBe(sub);
});

test("in a linked worktree, the workspace and the name are the worktree's", async () => {
  const wt = sb().addWorktree("feature-wt");
  const { lock } = await launchIn(wt);
  expect(lock.workspaceFolders).toEqual([wt]);
  expect(lock.ideName).toBe("cc-wt (feature-wt)");
});

test("on a detached HEAD the name carries the short commit", async () => {
  sb().git("checkout", "-q", "--detach");
  const short = sb().git("rev-parse", "--short", "HEAD");
  const { lock } = await launchIn(sb().repo);
  expect(lock.ideName).toBe(`cc-wt (${short})`);
});

test("outside a git repository, the workspace is the current directory and stderr says why", async () => {
  const plain = join(sb().dir, "plain");
  mkdirSync(plain);
  const { cc, lock } = await launchIn(plain);
  expect(lock.workspaceFolders).toEqual([plain]);
  expect(lock.ideName).toBe("cc-wt");
  cc.kill("SIGTERM");
  expect((await cc.finished()).stderr).toMatch(/not in a git repository/i);
});
