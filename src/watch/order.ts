// The order of the live view: whoever needs the user first. Claude waiting on them (longest wait
// first), then a finished turn they have not read (oldest first), then busy, idle, starting, those
// that do not answer, and worktrees where nothing runs; within a group, the listing's own order (worktree order).
import type { Row } from "../control/instances.ts";
import { unreadDone, waitsForUser } from "../alerts/transitions.ts";

export function rank(r: Row): number {
  if (waitsForUser(r)) return 0;
  if (unreadDone(r)) return 1;
  switch (r.status) {
    case "busy":
      return 2;
    case "idle":
    case "shell":
    case "waiting": // a dialog the user opened themselves: they are already there
      return 3;
    case "starting":
      return 4;
    case "unknown":
    case "unreachable":
    case "exited":
      return 5;
    case "none":
      return 6;
  }
}

/** Sorted copy; the two groups that wait on the user put the oldest first. */
export function sortRows(rows: readonly Row[]): Row[] {
  const since = (r: Row) => r.since ?? Number.MAX_SAFE_INTEGER;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || (rank(a.r) <= 1 ? since(a.r) - since(b.r) : 0) || a.i - b.i)
    .map(({ r }) => r);
}

/** How the view names a row when its selection must survive a re-sort: the instance, or the empty worktree. */
export const rowKey = (r: Row): string => (r.pid !== null ? `pid:${r.pid}` : `wt:${r.worktree}`);
