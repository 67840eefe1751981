// The focus rule: the user is looking at a pane when it is the active pane of the current window
// of a tmux client attached to it. Quiet there; everywhere else, alert.
import type { Env } from "../env.ts";

/** A tmux that has not answered by then is not going to: alerts queue behind each call. */
const TMUX_TIMEOUT_MS = 3000;

/** tmux with the instance's own environment (its TMUX names the server), without blocking the server's event loop. */
export async function tmuxAsync(env: Env, args: string[], socket?: string | null): Promise<string | undefined> {
  try {
    const p = Bun.spawn(["tmux", ...(socket ? ["-S", socket] : []), ...args], { env, stdin: "ignore", stdout: "pipe", stderr: "ignore" });
    const timer = setTimeout(() => p.kill("SIGKILL"), TMUX_TIMEOUT_MS);
    const [out, code] = await Promise.all([new Response(p.stdout).text(), p.exited]).finally(() => clearTimeout(timer));
    return code === 0 ? out : undefined;
  } catch {
    return undefined; // tmux not installed, or gone
  }
}

/**
 * The panes someone is looking at. In list-clients, #{pane_id} is each client's own current pane:
 * the active pane of its session's current window.
 */
export async function watchedPanes(env: Env, socket?: string | null): Promise<Set<string>> {
  const out = await tmuxAsync(env, ["list-clients", "-F", "#{pane_id}"], socket);
  return new Set((out ?? "").split("\n").filter(Boolean));
}

export const isLookedAt = (watched: ReadonlySet<string>, pane: string | null | undefined): boolean =>
  pane !== null && pane !== undefined && watched.has(pane);

/** The tmux server an environment points at: the socket path before the first comma of $TMUX. */
export const tmuxSocketOf = (env: Env): string | null => (env.TMUX ? (env.TMUX.split(",")[0] ?? null) || null : null);

