// Which running Claude a command means: TARGET is a branch, a worktree path, a pid (cc-wt's or
// claude's) or a tmux pane id; with none, --jump takes the Claude that has waited longest for the user.
import { canonical } from "../control/route.ts";
import { paneCurrentPath } from "../tmux.ts";
import { isPaneId } from "../tmux.ts";
import type { Row } from "../control/instances.ts";
import { unreadDone, waitsForUser } from "./transitions.ts";
import type { Env } from "../env.ts";
import { CliError, Exit } from "../errors.ts";
import type { Worktree } from "../git.ts";
import { printable } from "../text/untrusted.ts";
import { lookupWorktree } from "../worktree/lookup.ts";

export function matchRows(rows: readonly Row[], target: string, cwd: string): Row[] {
  const path = canonical(target, cwd);
  const pid = /^\d+$/.test(target) ? Number(target) : undefined;
  return rows.filter(
    (r) =>
      r.status !== "none" &&
      (r.branch === target || r.worktree === path || r.tmuxPane === target || (pid !== undefined && (r.pid === pid || r.claudePid === pid))),
  );
}

const oldestFirst = (a: Row, b: Row) => (a.since ?? 0) - (b.since ?? 0);

/** Who needs the user most: the longest wait for them, then the oldest turn they have not read. */
export function nextToVisit(rows: readonly Row[]): Row | undefined {
  return rows.filter(waitsForUser).sort(oldestFirst)[0] ?? rows.filter(unreadDone).sort(oldestFirst)[0];
}

/** How a row is named in messages: its branch, and where. */
export const rowName = (r: Row): string => (r.branch ? `${r.branch} (${r.worktree})` : r.worktree);

/**
 * The worktree `--mute`/`--unmute` mean: a running Claude's (branch, path or pid), else a worktree
 * of this repository by branch or path; with no TARGET, the worktree holding cwd. Undefined: none.
 */
export async function worktreeFor(target: string | undefined, cwd: string, env: Env): Promise<string | undefined> {
  const { findWorkspace, listWorktrees } = await import("../git.ts");
  if (target === undefined) return (await findWorkspace(cwd)).root;
  const { liveInstances } = await import("../control/instances.ts");
  const rows = (await liveInstances(env)).map((i) => i.row);
  if (isPaneId(target) && matchRows(rows, target, cwd).length === 0) {
    // A key binding names the pane it was pressed in: the worktree that pane is in.
    const dir = paneCurrentPath(env, target);
    return dir === undefined ? undefined : (await findWorkspace(dir)).root;
  }
  return pickWorktree(target, cwd, rows, (await listWorktrees(cwd)) ?? []);
}

/**
 * TARGET among the running Claudes first, then among the repository's worktrees. A name that
 * reaches two worktrees (as a path one, as a branch another: a tracked link named like a branch)
 * is refused, as --close and --panes refuse it, rather than acting on either.
 */
export function pickWorktree(target: string, cwd: string, rows: readonly Row[], worktrees: readonly Worktree[]): string | undefined {
  const running = [...new Set(matchRows(rows, target, cwd).map((r) => r.worktree))];
  if (running.length > 1) {
    throw new CliError(
      `"${printable(target)}" names ${running.length} running Claudes' worktrees: ${running.map(printable).join(", ")}. Give the full path of the one you mean.`,
      Exit.Usage,
    );
  }
  if (running[0] !== undefined) return running[0];
  const { byPath, byBranch, ambiguous } = lookupWorktree(target, cwd, worktrees.filter((w) => !w.bare));
  if (ambiguous) throw new CliError(ambiguous, Exit.Usage);
  return (byPath ?? byBranch)?.path;
}
