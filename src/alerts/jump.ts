// `cc-wt --jump [TARGET]`: brings the user to a Claude's tmux pane, switching session and window
// as needed. Only possible from a client of the same tmux server; otherwise it says where it is.
import { realpathSync } from "node:fs";
import { CliError, Exit } from "../errors.ts";
import { liveInstances, type Row } from "../control/instances.ts";
import { logger } from "../logger.ts";
import { printable } from "../text/untrusted.ts";
import { tmuxAsync, tmuxSocketOf } from "./focus.ts";
import { matchRows, nextToVisit, rowName } from "./target.ts";
import type { Env } from "../env.ts";

/** No Claude is waiting for the user: nothing to jump to (not an error a script need fear). */
export const NOTHING_TO_DO = 1;

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

export function chooseRow(rows: readonly Row[], target: string | undefined, cwd: string): Row | string {
  if (target === undefined) return nextToVisit(rows) ?? "No Claude is waiting for you.";
  const found = matchRows(rows, target, cwd);
  const running = rows.filter((r) => r.status !== "none");
  const list = running.length ? running.map((r) => `  ${printable(rowName(r))}, pid ${r.pid}`).join("\n") : "  (none is running)";
  // With two instances in one worktree, the one in tmux is the one that can be reached.
  return found.find((r) => r.tmuxPane) ?? found[0] ?? `No running Claude matches "${printable(target)}". Running:\n${list}`;
}

export async function jump(target: string | undefined, cwd: string, env: Env): Promise<number> {
  const rows = (await liveInstances(env)).map((i) => i.row);
  const row = chooseRow(rows, target, cwd);
  if (typeof row === "string") {
    if (target !== undefined) throw new CliError(row, Exit.Usage);
    logger.info(row);
    return NOTHING_TO_DO;
  }
  const problem = await goToPane(row, env);
  if (problem !== undefined) throw new CliError(problem, Exit.Unavailable);
  return 0;
}

/**
 * Selects a Claude's pane for the tmux client running this, switching session and window as
 * needed. Undefined when done; otherwise why it cannot be done and where that Claude is.
 */
export async function goToPane(row: Row, env: Env): Promise<string | undefined> {
  const name = printable(rowName(row));
  if (!row.tmuxPane) return `Claude in ${name} is not running inside tmux (cc-wt pid ${row.pid}): go to its terminal.`;
  const mine = tmuxSocketOf(env);
  if (mine === null || row.tmuxSocket === null || real(mine) !== real(row.tmuxSocket)) {
    const where = await tmuxAsync(env, ["display-message", "-p", "-t", row.tmuxPane, "#{session_name}:#{window_index}.#{pane_index}"], row.tmuxSocket);
    const socket = row.tmuxSocket ? ` -S ${row.tmuxSocket}` : "";
    return (
      `Claude in ${name} is in tmux pane ${row.tmuxPane}${where ? ` (${printable(where.trim())})` : ""}. ` +
      `${mine === null ? "Outside tmux" : "From another tmux server"} cc-wt cannot take you there: tmux${printable(socket)} attach, then cc-wt --jump.`
    );
  }
  // switch-client changes the session (and, given a pane, its window and active pane) of the
  // client running this; select-window/-pane make sure of it for a client already on that session.
  await tmuxAsync(env, ["switch-client", "-t", row.tmuxPane]);
  const ok = (await tmuxAsync(env, ["select-window", "-t", row.tmuxPane])) !== undefined && (await tmuxAsync(env, ["select-pane", "-t", row.tmuxPane])) !== undefined;
  return ok ? undefined : `tmux could not select pane ${row.tmuxPane} for Claude in ${name}: it may just have closed.`;
}
