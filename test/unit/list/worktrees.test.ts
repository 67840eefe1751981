// --list reads the repository's worktrees from its files instead of starting `git worktree list`
// (src/list/worktrees.ts): each case is a real repository, and the answer must be git's own, parsed
// as listWorktrees parses it; what the files cannot settle is left to git (undefined).
import { expect, test } from "bun:test";
import { mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listWorktrees } from "../../../src/git.ts";
import { worktreesFromFiles } from "../../../src/list/worktrees.ts";
import { useTempDir } from "../../helpers/unit.ts";

const tmp = useTempDir("cc-wt-wt-");
const dir = () => realpathSync(tmp());
// The sandbox bounds git's search; the file reading honours GIT_CEILING_DIRECTORIES too.
const env = () => ({ PATH: process.env.PATH!, HOME: dir(), GIT_CEILING_DIRECTORIES: dir() });

function git(cwd: string, ...args: string[]): string {
  const p = Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd, env: env(), stdout: "pipe", stderr: "pipe" });
  if (!p.success) throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${p.stderr}`);
  return p.stdout.toString().trim();
}

function repo(commit = true): string {
  const r = join(dir(), "app");
  mkdirSync(r);
  git(r, "init", "-q", "-b", "main");
  if (commit) git(r, "commit", "-q", "--allow-empty", "-m", "one");
  return r;
}

/** Read from the files, without git, and the same as git says. */
async function expectSameAsGit(cwd: string) {
  const fromFiles = worktreesFromFiles(cwd, env());
  expect(fromFiles).toBeDefined();
  expect(fromFiles).toEqual((await listWorktrees(cwd))!);
}

test("one worktree, before and after its first commit", async () => {
  const r = repo(false);
  await expectSameAsGit(r);
  git(r, "commit", "-q", "--allow-empty", "-m", "one");
  await expectSameAsGit(r);
});

test("linked worktrees, listed from anywhere in any of them: main first, the rest sorted by path as git sorts", async () => {
  const r = repo();
  // Created out of order, with names whose UTF-16 and UTF-8 orders differ (U+FF5E against U+1F600).
  for (const [name, branch] of [["zeta", "z"], ["a b", "feature/x"], ["\u{1F600}", "emoji"], ["\uFF5E", "tilde"], ["Upper", "u"]]) {
    git(r, "worktree", "add", "-q", "-b", branch!, join(dir(), name!));
  }
  git(r, "worktree", "add", "-q", "--detach", join(dir(), "detached"));
  mkdirSync(join(dir(), "zeta", "sub"));
  for (const cwd of [r, join(dir(), "zeta"), join(dir(), "zeta", "sub"), join(dir(), "detached")]) await expectSameAsGit(cwd);
  expect(worktreesFromFiles(r, env())!.map((w) => w.branch)).toContain(git(r, "rev-parse", "--short=7", "HEAD"));
});

test("a linked worktree whose folder is gone is prunable, unless it is locked", async () => {
  const r = repo();
  git(r, "worktree", "add", "-q", "-b", "gone", join(dir(), "gone"));
  git(r, "worktree", "add", "-q", "-b", "kept", join(dir(), "kept"));
  git(r, "worktree", "lock", join(dir(), "kept"));
  rmSync(join(dir(), "gone"), { recursive: true });
  rmSync(join(dir(), "kept"), { recursive: true });
  await expectSameAsGit(r);
  expect(worktreesFromFiles(r, env())!.map((w) => [w.branch, w.prunable])).toEqual([
    ["main", false],
    ["gone", true],
    ["kept", false],
  ]);
});

test("an entry git skips (no gitdir) is skipped; what only git can settle is left to it", async () => {
  const r = repo();
  git(r, "worktree", "add", "-q", "-b", "x", join(dir(), "x"));
  mkdirSync(join(r, ".git", "worktrees", "stray"));
  await expectSameAsGit(r);
  // A relative gitdir (worktree.useRelativePaths in later gits), case-insensitive paths, a git variable.
  writeFileSync(join(r, ".git", "worktrees", "x", "gitdir"), "../../../x/.git\n");
  expect(worktreesFromFiles(r, env())).toBeUndefined();
  writeFileSync(join(r, ".git", "worktrees", "x", "gitdir"), `${join(dir(), "x")}/.git\n`);
  await expectSameAsGit(r);
  git(r, "config", "core.ignorecase", "true");
  expect(worktreesFromFiles(r, env())).toBeUndefined();
  git(r, "config", "core.ignorecase", "false");
  expect(worktreesFromFiles(r, { ...env(), GIT_DIR: join(r, ".git") })).toBeUndefined();
  // Outside any repository: git decides (and says there is none).
  mkdirSync(join(dir(), "plain"));
  expect(worktreesFromFiles(join(dir(), "plain"), env())).toBeUndefined();
});
