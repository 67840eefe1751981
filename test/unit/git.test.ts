// findWorkspace reads the repository's files instead of starting git (the launch path): each case
// here is a real repository, and the answer must be the one `git rev-parse` gives in the same place.
import { expect, test } from "bun:test";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { findWorkspace, workspaceFromFiles, type Workspace } from "../../src/git.ts";
import { useTempDir } from "../helpers/unit.ts";

const tmp = useTempDir("cc-wt-ws-");
const dir = () => realpathSync(tmp());

type Env = Record<string, string>;
// The sandbox bounds git's search; GIT_CEILING_DIRECTORIES is honoured by the file reading too.
const envFor = (extra: Env = {}): Env => ({ PATH: process.env.PATH!, HOME: dir(), GIT_CEILING_DIRECTORIES: dir(), ...extra });

function run(cwd: string, env: Env, ...cmd: string[]): { ok: boolean; out: string } {
  const p = Bun.spawnSync(cmd, { cwd, env, stdout: "pipe", stderr: "pipe" });
  return { ok: p.success, out: p.stdout.toString().trim() };
}

const git = (cwd: string, ...args: string[]) => {
  const r = run(cwd, envFor(), "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "protocol.file.allow=always", ...args);
  if (!r.ok) throw new Error(`git ${args.join(" ")} failed in ${cwd}`);
  return r.out;
};

/** What git itself says in cwd, with env (the reference the file reading must match). */
function gitSays(cwd: string, env: Env = envFor()): Workspace {
  const paths = run(cwd, env, "git", "rev-parse", "--show-toplevel", "--git-common-dir");
  if (!paths.ok) return { root: cwd, inGit: false };
  const [root, common] = paths.out.split("\n") as [string, string];
  const sym = run(cwd, env, "git", "symbolic-ref", "--short", "-q", "HEAD");
  const branch = sym.ok ? sym.out : run(cwd, env, "git", "rev-parse", "--short", "HEAD").out;
  const abs = resolve(cwd, common);
  return { root, inGit: true, branch, repo: basename(abs) === ".git" ? dirname(abs) : abs };
}

function repoWithCommit(name = "app"): string {
  const repo = join(dir(), name);
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  writeFileSync(join(repo, "f"), "x\n");
  git(repo, "add", "f");
  git(repo, "commit", "-q", "-m", "one");
  return repo;
}

/** The file reading answers by itself (no git process) and agrees with git. */
function expectRead(cwd: string) {
  const fromFiles = workspaceFromFiles(cwd, envFor());
  expect(fromFiles).toEqual(gitSays(cwd));
}

test("plain repository, at its root", () => {
  expectRead(repoWithCommit());
});

test("a subdirectory names the repository root", () => {
  const sub = join(repoWithCommit(), "src", "deep");
  mkdirSync(sub, { recursive: true });
  expectRead(sub);
});

test("a linked worktree: its own root and branch, the main repository as repo", () => {
  const repo = repoWithCommit();
  const wt = join(dir(), "feature");
  git(repo, "worktree", "add", "-q", "-b", "feature", wt);
  expectRead(wt);
  mkdirSync(join(wt, "sub"));
  expectRead(join(wt, "sub"));
  expect(workspaceFromFiles(wt, envFor())?.repo).toBe(repo);
});

test("a submodule is its own workspace, its repository under the superproject's .git/modules", () => {
  const lib = repoWithCommit("lib");
  const repo = repoWithCommit();
  git(repo, "submodule", "add", "-q", lib, "vendor/lib");
  expectRead(join(repo, "vendor", "lib"));
  expect(workspaceFromFiles(join(repo, "vendor", "lib"), envFor())?.repo).toBe(join(repo, ".git", "modules", "vendor", "lib"));
});

test("a detached HEAD gives the short commit", () => {
  const repo = repoWithCommit();
  git(repo, "checkout", "-q", "--detach");
  expectRead(repo);
});

test("a branch without a commit yet (unborn) is named", () => {
  const repo = join(dir(), "fresh");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "trunk");
  expectRead(repo);
});

test("GIT_DIR set: git is asked, and the answer is git's", async () => {
  const repo = repoWithCommit();
  const elsewhere = join(dir(), "elsewhere");
  mkdirSync(elsewhere);
  const env = envFor({ GIT_DIR: join(repo, ".git"), GIT_WORK_TREE: repo });
  expect(workspaceFromFiles(elsewhere, env)).toBeUndefined();
  // findWorkspace's git runs in this process's environment: ask it from a process with GIT_DIR.
  const src = join(import.meta.dir, "..", "..", "src", "git.ts");
  const p = run(elsewhere, env, process.execPath, "-e", `console.log(JSON.stringify(await (await import(${JSON.stringify(src)})).findWorkspace(process.cwd())))`);
  expect(JSON.parse(p.out)).toEqual(gitSays(elsewhere, env));
});

test("outside git, the answer is git's: not in a repository, the directory itself", async () => {
  const plain = join(dir(), "plain");
  mkdirSync(plain);
  expect(workspaceFromFiles(plain, envFor())).toBeUndefined(); // left to git, which finds nothing
  expect(await findWorkspace(plain, envFor())).toEqual({ root: plain, inGit: false });
  expect(gitSays(plain)).toEqual({ root: plain, inGit: false });
});

test("a ceiling directory stops the search where git stops", () => {
  const repo = repoWithCommit();
  const sub = join(repo, "a", "b");
  mkdirSync(sub, { recursive: true });
  const env = envFor({ GIT_CEILING_DIRECTORIES: join(repo, "a") });
  expect(workspaceFromFiles(sub, env)).toBeUndefined();
  expect(gitSays(sub, env).inGit).toBe(false);
  expect(workspaceFromFiles(join(repo, "a"), env)).toEqual(gitSays(join(repo, "a"), env));
});

test("unusual layouts are left to git: a bare repository, core.worktree, inside .git", () => {
  const bare = join(dir(), "bare.git");
  git(dir(), "init", "-q", "--bare", bare);
  expect(workspaceFromFiles(bare, envFor())).toBeUndefined();
  const repo = repoWithCommit();
  expect(workspaceFromFiles(join(repo, ".git"), envFor())).toBeUndefined();
  git(repo, "config", "core.worktree", dir());
  expect(workspaceFromFiles(repo, envFor())).toBeUndefined();
});
