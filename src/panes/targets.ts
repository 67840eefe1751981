// Turns what the user named on `cc-wt --panes` into worktrees, creating a worktree for a branch
// that has none. Every refusal names the choices, so the next command can be right.
import { existsSync, realpathSync } from "node:fs";
import { basename, resolve } from "node:path";
import { branches, runGit, type Worktree } from "../git.ts";

export interface Target {
  worktree: string;
  branch: string | null;
  /** The worktree was added for this launch. */
  created: boolean;
}

export interface TargetOptions {
  cwd: string;
  /** The main worktree, where new worktree paths are resolved from. */
  repo: string;
  worktrees: readonly Worktree[];
  /** Worktrees that already have a live cc-wt. */
  running: ReadonlySet<string>;
  /** --new: a branch that does not exist is created from HEAD. */
  create: boolean;
  /** panes.worktree_dir, with {repo} and {branch}. */
  worktreeDir: string;
}

export class TargetError extends Error {}

/** Where a branch's new worktree goes; a branch like feature/x becomes feature-x in the path. */
export function worktreePathFor(template: string, repo: string, branch: string): string {
  const filled = template.replaceAll("{repo}", basename(repo)).replaceAll("{branch}", branch.replaceAll("/", "-"));
  return resolve(repo, filled);
}

async function addWorktree(o: TargetOptions, branch: string, createBranch: boolean): Promise<Target> {
  const path = worktreePathFor(o.worktreeDir, o.repo, branch);
  if (existsSync(path)) {
    throw new TargetError(
      `cannot add a worktree for "${branch}": ${path} already exists. Remove it, or set panes.worktree_dir in the configuration.`,
    );
  }
  const args = createBranch ? ["worktree", "add", "-b", branch, path, "HEAD"] : ["worktree", "add", path, branch];
  const r = await runGit(o.repo, ...args);
  if (!r.ok) throw new TargetError(`git ${args.join(" ")} failed: ${r.err}`);
  return { worktree: realpathSync(path), branch, created: true };
}

async function resolveOne(name: string, o: TargetOptions): Promise<Target> {
  const asPath = resolve(o.cwd, name);
  if (existsSync(asPath)) {
    const real = realpathSync(asPath);
    const wt = o.worktrees.find((w) => w.path === real);
    if (wt) return { worktree: wt.path, branch: wt.branch ?? null, created: false };
    throw new TargetError(
      `${name} is not a worktree of this repository. Worktrees: ${o.worktrees.map((w) => w.path).join(", ")}`,
    );
  }
  const wt = o.worktrees.find((w) => w.branch === name);
  if (wt) return { worktree: wt.path, branch: name, created: false };
  const { local, remote } = await branches(o.repo);
  if (local.includes(name) || remote.includes(name)) return addWorktree(o, name, false);
  if (o.create) return addWorktree(o, name, true);
  const known = [...new Set([...o.worktrees.flatMap((w) => (w.branch ? [w.branch] : [])), ...local])];
  throw new TargetError(
    `no worktree or branch named "${name}". Add --new to create branch ${name} from HEAD, or choose one of: ${known.join(", ")}`,
  );
}

/** No names: every worktree that has no Claude yet. Names: those, in order, each once. */
export async function resolveTargets(names: readonly string[], o: TargetOptions): Promise<Target[]> {
  if (names.length === 0) {
    return o.worktrees
      .filter((w) => !w.bare && !o.running.has(w.path))
      .map((w) => ({ worktree: w.path, branch: w.branch ?? null, created: false }));
  }
  const out: Target[] = [];
  for (const name of names) {
    const t = await resolveOne(name, o);
    if (!out.some((x) => x.worktree === t.worktree)) out.push(t);
  }
  return out;
}
