// The tmux panes cc-wt opens for a worktree carry a mark (a pane option holding the worktree's
// path, hex-encoded so that no path can break the listing), so `--close` closes those and no other.
import { tmux } from "../tmux.ts";
import type { Env } from "../env.ts";

const MARK = "@cc-wt-worktree";
const encode = (path: string) => Buffer.from(path).toString("hex");

/** Set-option values are stored as given, never expanded: the hex needs no escaping anyway. */
export function markPane(env: Env, pane: string, worktree: string): void {
  tmux(env, "set-option", "-p", "-t", pane, MARK, encode(worktree));
}

/** Kills the marked panes of worktree, except the caller's own; returns the ids killed. */
export function closeMarkedPanes(worktree: string, env: Env): string[] {
  let listing: string;
  try {
    listing = tmux(env, "list-panes", "-a", "-F", `#{pane_id} #{${MARK}}`);
  } catch {
    return []; // no tmux server: no panes
  }
  const want = encode(worktree);
  const killed: string[] = [];
  for (const line of listing.split("\n")) {
    const [id, mark] = line.split(" ");
    if (!id || mark !== want || id === env.TMUX_PANE) continue;
    try {
      tmux(env, "kill-pane", "-t", id);
      killed.push(id);
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}
