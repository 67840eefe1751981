// Gathers what `cc-wt --list` shows: the live cc-wt instances (from their lock files, each asked
// for its own status with its own token) and, by default, the worktrees of this repository.
import { existsSync } from "node:fs";
import { blankRow, liveInstances, type Row } from "../control/instances.ts";
import type { Env } from "../env.ts";
import { listWorktrees, type Worktree } from "../git.ts";
import { worktreesFromFiles } from "./worktrees.ts";

export interface Listing {
  /** The repository listed by default, or undefined for every instance on the machine. */
  repo?: string;
  rows: Row[];
}

const markMissing = (rows: Row[]): Row[] => rows.map((r) => ({ ...r, missing: !existsSync(r.worktree) }));

const byStart = (a: Row, b: Row) => (a.startedAt ?? 0) - (b.startedAt ?? 0);

/**
 * Default scope: every worktree of the repository holding cwd, each with its instances or a
 * "none" row, plus this repository's instances in folders that are no longer worktrees.
 * Outside a repository, or with all: every live instance, ordered by repository.
 */
export async function collect(cwd: string, env: Env, all: boolean): Promise<Listing> {
  // The instances are asked first; the worktrees are read from the files while the answers come.
  const [live, worktrees] = await Promise.all([liveInstances(env), all ? undefined : (worktreesFromFiles(cwd, env) ?? listWorktrees(cwd))]);
  return arrange(live.map((i) => i.row), worktrees);
}

/** The listing's rows from the instances and, unless every instance is wanted, the repository's worktrees. */
export function arrange(instances: Row[], worktrees: readonly Worktree[] | undefined): Listing {
  if (!worktrees) {
    const key = (r: Row) => `${r.repo ?? "\uffff"}\0${r.worktree}`;
    return { rows: markMissing([...instances].sort((a, b) => key(a).localeCompare(key(b)) || byStart(a, b))) };
  }
  const repo = worktrees[0]?.path;
  const rows: Row[] = [];
  const shown = new Set<Row>();
  for (const wt of worktrees.filter((w) => !w.bare)) {
    const here = instances.filter((i) => i.worktree === wt.path).sort(byStart);
    here.forEach((i) => shown.add(i));
    rows.push(...(here.length ? here : [blankRow(wt.path, wt.branch ?? null, repo ?? null)]));
  }
  rows.push(...instances.filter((i) => !shown.has(i) && i.repo === repo).sort(byStart));
  return { repo, rows: markMissing(rows) };
}
