// Turns what the user named on `cc-wt --panes` into worktrees, creating a worktree for a branch
// that has none. Every refusal names the choices, so the next command can be right.
import { existsSync, realpathSync } from "node:fs";
import { basename, resolve } from "node:path";
import { branches, runGit, type Worktree } from "../git.ts";
import { lookupWorktree } from "../worktree/lookup.ts";
import { CliError, Exit } from "../errors.ts";
import { printable } from "../text/untrusted.ts";

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

/** Where a branch's new worktree goes; a branch like feature/x becomes feature-x in the path. */
export function worktreePathFor(template: string, repo: string, branch: string): string {
  const filled = template.replaceAll("{repo}", basename(repo)).replaceAll("{branch}", branch.replaceAll("/", "-"));
  return resolve(repo, filled);
}

/** What one name comes to: a worktree there is, or one to add (for a branch, made with --new). */
type Plan = Target | { add: string; createBranch: boolean; path: string };

async function plan(name: string, o: TargetOptions, known: { local: string[]; remote: string[] }): Promise<Plan> {
  const { byPath, pathExists, byBranch, ambiguous } = lookupWorktree(name, o.cwd, o.worktrees);
  if (ambiguous) throw new CliError(ambiguous, Exit.Usage);
  if (byPath) return { worktree: byPath.path, branch: byPath.branch ?? null, created: false };
  if (pathExists && !byBranch && !known.local.includes(name) && !known.remote.includes(name)) {
    throw new CliError(`${printable(name)} is not a worktree of this repository. Worktrees: ${o.worktrees.map((w) => printable(w.path)).join(", ")}`, Exit.Usage);
  }
  const wt = byBranch;
  if (wt?.prunable) {
    throw new CliError(`the folder of the worktree for "${printable(name)}" (${printable(wt.path)}) no longer exists. Remove the entry with \`cc-wt --close ${printable(name)}\` or \`git worktree prune\`.`, Exit.Usage);
  }
  if (wt) return { worktree: wt.path, branch: name, created: false };
  const exists = known.local.includes(name) || known.remote.includes(name);
  if (!exists && o.create && name.startsWith("-")) {
    throw new CliError(`cannot create branch "${printable(name)}": git does not allow a branch name that begins with "-". Choose another name.`, Exit.Usage);
  }
  if (!exists && !o.create) {
    const names = [...new Set([...o.worktrees.flatMap((w) => (w.branch ? [w.branch] : [])), ...known.local])];
    throw new CliError(
      `no worktree or branch named "${printable(name)}". Add --new to create branch ${printable(name)} from HEAD, or choose one of: ${names.map(printable).join(", ")}`,
      Exit.Usage,
    );
  }
  const path = worktreePathFor(o.worktreeDir, o.repo, name);
  if (existsSync(path)) {
    throw new CliError(
      `cannot add a worktree for "${printable(name)}": ${printable(path)} already exists. Remove it, or set panes.worktree_dir in the configuration.`,
      Exit.Usage,
    );
  }
  return { add: name, createBranch: !exists, path };
}

async function addWorktree(o: TargetOptions, p: Extract<Plan, { add: string }>): Promise<Target> {
  // "--": the path and the branch are never options, whatever they begin with (a branch named
  // "--orphan" or "-f" can be fetched from a repository; git then checks it out detached).
  const args = p.createBranch ? ["worktree", "add", "-b", p.add, "--", p.path, "HEAD"] : ["worktree", "add", "--", p.path, p.add];
  const r = await runGit(o.repo, ...args);
  if (!r.ok) throw new CliError(`git ${printable(args.join(" "))} failed: ${printable(r.err)}`, Exit.Usage);
  return { worktree: realpathSync(p.path), branch: p.add, created: true };
}

/** No names: every worktree that has no Claude yet. Names: those, in order, each once. */
export async function resolveTargets(names: readonly string[], o: TargetOptions): Promise<Target[]> {
  if (names.length === 0) {
    return o.worktrees
      .filter((w) => !w.bare && !w.prunable && !o.running.has(w.path))
      .map((w) => ({ worktree: w.path, branch: w.branch ?? null, created: false }));
  }
  // Every name is checked before anything is created: a bad one leaves no half-made worktrees.
  const known = await branches(o.repo);
  const plans: Plan[] = [];
  for (const name of new Set(names)) plans.push(await plan(name, o, known));
  const out: Target[] = [];
  for (const p of plans) {
    const t = "add" in p ? await addWorktree(o, p) : p;
    if (!out.some((x) => x.worktree === t.worktree)) out.push(t);
  }
  return out;
}
