// Thin, synchronous wrappers over the tmux CLI: the pane launcher's only window onto tmux.
import { parentPid } from "./proc.ts";
import { CliError, Exit } from "./errors.ts";
import { printable } from "./text/untrusted.ts";
import type { Env } from "./env.ts";

/** new-session -e (per-pane environment from the first pane on) arrived in tmux 3.2. */
export const TMUX_MIN: readonly [number, number] = [3, 2];

export function tmuxVersion(env: Env): [number, number] | undefined {
  try {
    const p = Bun.spawnSync(["tmux", "-V"], { env, stdout: "pipe", stderr: "ignore" });
    const m = /(\d+)\.(\d+)/.exec(p.stdout.toString());
    if (!p.success) return undefined;
    // Builds from git say "tmux master" or "next-3.5": newer than any release we check for.
    return m ? [Number(m[1]), Number(m[2])] : [99, 0];
  } catch {
    return undefined;
  }
}

/** Whether a tmux version is new enough for per-pane environments and popups. */
export const tmuxNewEnough = (v: [number, number] | undefined): boolean =>
  v !== undefined && (v[0] > TMUX_MIN[0] || (v[0] === TMUX_MIN[0] && v[1] >= TMUX_MIN[1]));

/** Throws a CliError (unavailable) unless a tmux new enough for per-pane environments is installed. */
export function requireTmux(env: Env): void {
  const v = tmuxVersion(env);
  const need = TMUX_MIN.join(".");
  if (!v) throw new CliError(`tmux is not installed. Install tmux ${need} or newer (e.g. apt-get install tmux).`, Exit.Unavailable);
  if (!tmuxNewEnough(v)) {
    throw new CliError(`tmux ${v.join(".")} is too old: cc-wt --panes needs ${need} or newer, for per-pane environments (-e).`, Exit.Unavailable);
  }
}

export function tmux(env: Env, ...args: string[]): string {
  const p = Bun.spawnSync(["tmux", ...args], { env, stdout: "pipe", stderr: "pipe" });
  if (!p.success) throw new CliError(`tmux ${args[0]}: ${printable(p.stderr.toString().trim()) || `exit ${p.exitCode}`}`, Exit.Unavailable);
  return p.stdout.toString().trim();
}

/**
 * Where a new pane goes beside the user's own: $TMUX_PANE, when it is a pane id ("%12"). It is an
 * environment value, so anything else (a session name, a pattern, an option) is not passed on.
 */
export const besideOwnPane = (env: Env): string[] => (isPaneId(env.TMUX_PANE) ? ["-t", env.TMUX_PANE] : []);

/** A tmux pane id, as tmux prints it ("%12"). */
export const isPaneId = (v: unknown): v is string => typeof v === "string" && /^%\d+$/.test(v);

/** Single-quotes for the shell tmux hands a pane command to. */
export const shQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

export interface Pane {
  id: string;
  pid: number;
  /** session:window.pane, for messages. */
  target: string;
}

/**
 * Every pane of the server. Fields are split on "|": tmux turns a tab into "_" when the client's
 * locale is not UTF-8, and the free-text target goes last so a "|" in a session name is harmless.
 */
export function listPanes(env: Env): Pane[] {
  const out = tmux(env, "list-panes", "-a", "-F", "#{pane_id}|#{pane_pid}|#{session_name}:#{window_index}.#{pane_index}");
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [id, pid, ...target] = line.split("|");
      return { id: id!, pid: Number(pid), target: target.join("|") };
    });
}

/** The pane whose process tree holds pid: walk up the parents until a pane's own process. */
export function paneOf(pid: number, panes: readonly Pane[]): Pane | undefined {
  const byPid = new Map(panes.map((p) => [p.pid, p]));
  for (let p: number | undefined = pid, hops = 0; p && p > 1 && hops < 64; p = parentPid(p), hops++) {
    const pane = byPid.get(p);
    if (pane) return pane;
  }
  return undefined;
}

/**
 * The working directory of a pane, asked of tmux itself, so that a key binding can name a pane
 * (`#{pane_id}`, which tmux makes) rather than pass its path through a shell: a folder name is
 * never shell syntax. Undefined when there is no such pane.
 */
export function paneCurrentPath(env: Env, pane: string): string | undefined {
  if (!isPaneId(pane)) return undefined;
  const p = Bun.spawnSync(["tmux", "-u", "display-message", "-p", "-t", pane, "#{pane_current_path}"], { env, stdout: "pipe", stderr: "ignore" });
  // -u: without a UTF-8 locale tmux would print a newline or tab in the path as "_". Only the
  // newline tmux ends the line with is taken off: a path may end in spaces.
  const out = p.stdout.toString();
  return p.success && out.length > 1 ? out.replace(/\n$/, "") : undefined;
}
