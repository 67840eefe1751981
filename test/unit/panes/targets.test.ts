// --panes targets against a real git: a branch name that looks like an option stays a name.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listWorktrees } from "../../../src/git.ts";
import { resolveTargets, type TargetOptions } from "../../../src/panes/targets.ts";
import { CliError, Exit } from "../../../src/errors.ts";

let dir: string;
let repo: string;

function git(...args: string[]): string {
  const p = Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd: repo, stdout: "pipe", stderr: "pipe" });
  if (!p.success) throw new Error(`git ${args.join(" ")}: ${p.stderr}`);
  return p.stdout.toString().trim();
}

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-targets-")));
  repo = join(dir, "app");
  Bun.spawnSync(["git", "init", "-q", "-b", "main", repo]);
  git("commit", "-q", "--allow-empty", "-m", "init");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = async (create = false): Promise<TargetOptions> => ({
  cwd: repo,
  repo,
  worktrees: (await listWorktrees(repo)) ?? [],
  running: new Set(),
  create,
  worktreeDir: "../{repo}-{branch}",
});

test("branches named like git options (fetched from a repository) are passed after --, never taken as options", async () => {
  // `git branch` refuses such names, but a ref can hold one, and a clone fetches it.
  for (const name of ["--orphan", "-f"]) git("update-ref", `refs/heads/${name}`, "HEAD");
  const targets = await resolveTargets(["--orphan", "-f"], await options());
  expect(targets.map((t) => t.worktree)).toEqual([join(dir, "app---orphan"), join(dir, "app--f")]);
  for (const t of targets) expect(existsSync(join(t.worktree, ".git"))).toBe(true);
  // Checked out as the commit the ref names ("-f" did not become --force, "--orphan" no orphan branch).
  expect(git("-C", join(dir, "app---orphan"), "rev-parse", "HEAD")).toBe(git("rev-parse", "HEAD"));
});

test("--new refuses a branch name beginning with -, saying why", async () => {
  const o = await options(true);
  await expect(resolveTargets(["-b"], o)).rejects.toThrow(new CliError('cannot create branch "-b": git does not allow a branch name that begins with "-". Choose another name.', Exit.Usage));
  expect(existsSync(join(dir, "app--b"))).toBe(false);
});
