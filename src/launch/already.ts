// A second cc-wt in a worktree that already has one is allowed (--list shows both), but two
// Claudes editing one worktree can undo each other's work: the user hears of it before claude
// starts drawing on the terminal (the logger makes names printable).
import type { FoundLock } from "../lockfile.ts";
import { logger } from "../logger.ts";

export function warnIfAlreadyRunning(live: readonly FoundLock[], workspace: string): void {
  const here = live.filter(({ lock }) => lock.pid !== process.pid && lock.workspaceFolders.includes(workspace));
  if (here.length === 0) return;
  const pids = here.map(({ lock }) => lock.pid).join(", ");
  logger.warn(
    `${workspace} already has a cc-wt running (pid ${pids}): two Claudes in one worktree can undo each other's edits. ` +
      "`cc-wt --list` shows both; mentions go to the one that connected last.",
  );
}
