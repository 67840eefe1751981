// Opens one tmux pane (or window) per target, each running this same cc-wt in its worktree.
import { basename } from "node:path";
import { tmuxLiteral, tmuxVerbatim } from "../text/untrusted.ts";
import { besideOwnPane, tmux, shQuote, type Pane } from "../tmux.ts";
import { markPane } from "../worktree/panes.ts";
import type { AfterExit } from "../config.ts";
import { PANE_VAR, removePaneSpec, writePaneSpec } from "./pane.ts";
import type { Target } from "./targets.ts";
import type { Env } from "../env.ts";

export interface OpenOptions {
  env: Env;
  /** How to run this cc-wt again (the compiled binary, or bun + script in development). */
  self: string[];
  claudeArgs: readonly string[];
  window: boolean;
  layout: string;
  /** What each pane does after its claude exits cleanly (panes.after_exit). */
  afterExit: AfterExit;
}

export interface Opened {
  target: Target;
  pane: string;
  /** The environment file the pane's cc-wt takes (src/panes/pane.ts). */
  spec: string;
}

/** The compiled binary runs itself; in development, bun runs the entry script. */
export const selfCommand = (): string[] => (Bun.main.startsWith("/$bunfs/") ? [process.execPath] : [process.execPath, Bun.main]);

/**
 * The session's name, from the repository's folder name: letters, digits, "_" and "-" only. tmux
 * forbids "." and ":" in it, expands "#" in -s, and reads "$", "@", "%", "=" and glob characters
 * in a -t target, so anything else becomes "_"; the name is then also safe to print as a command.
 */
export const sessionNameFor = (repo: string): string => basename(repo).replace(/[^\p{L}\p{N}_-]/gu, "_") || "cc-wt";

/**
 * An exact-match target for a session (and its current window): "=" stops tmux taking the name
 * as a prefix or a pattern; the ":" makes it a valid target for window and pane commands too.
 */
export const sessionTarget = (session: string): string => `=${session}:`;

function paneCommand(o: OpenOptions): string {
  const args = o.claudeArgs.length ? [...o.self, "--", ...o.claudeArgs] : o.self;
  return args.map(shQuote).join(" ");
}

/**
 * Per-pane environment. tmux gives a pane its server's environment, not the launching shell's:
 * the pane's cc-wt takes the launching shell's from the file named in CC_WT_PANE (src/panes/pane.ts).
 * Should that fail, the pane still must not inherit an outer Claude session's
 * CLAUDE_CODE_SSE_PORT from the server (cc-wt sets its own for its claude), nor let claude
 * retitle the pane ("✳ Claude Code" in every one); the branch is the useful title.
 */
const paneEnv = (spec: string) => ["-e", `${PANE_VAR}=${spec}`, "-e", "CLAUDE_CODE_SSE_PORT=", "-e", "CLAUDE_CODE_DISABLE_TERMINAL_TITLE=1"];

/** A pane's title and a window's name: the branch (or folder), which tmux must not expand. */
const nameOf = (t: Target): string => tmuxLiteral(t.branch ?? basename(t.worktree));

/** Runs one target's cc-wt in a new pane made by `how` (a tmux command and its placement). */
function launch(o: OpenOptions, t: Target, how: string[]): Opened {
  const spec = writePaneSpec(o.env, o.afterExit);
  let pane;
  try {
    pane = tmux(o.env, ...how, "-c", tmuxVerbatim(t.worktree), ...paneEnv(spec), "-P", "-F", "#{pane_id}", paneCommand(o));
  } catch (e) {
    removePaneSpec(spec);
    throw e;
  }
  tmux(o.env, "select-pane", "-t", pane, "-T", nameOf(t));
  markPane(o.env, pane, t.worktree);
  return { target: t, pane, spec };
}

/** A pane beside `beside` (or a window, with o.window), re-tiled so the next split has room. */
function addPane(o: OpenOptions, t: Target, beside: string[], windowIn: string[]): Opened {
  // -d: new panes do not take the focus; the user stays where they were, or on a selected pane.
  if (o.window) return launch(o, t, ["new-window", "-d", ...windowIn, "-n", nameOf(t)]);
  const opened = launch(o, t, ["split-window", "-d", ...beside]);
  tmux(o.env, "select-layout", "-t", opened.pane, o.layout);
  return opened;
}

/** Inside tmux: new panes in the current window (or new windows), beside the user's own pane. */
export function openInCurrentTmux(targets: readonly Target[], o: OpenOptions): Opened[] {
  return targets.map((target) => addPane(o, target, besideOwnPane(o.env), []));
}

/** Outside tmux: a new detached session holding all the panes; the caller attaches to it. */
export function openInNewSession(targets: readonly Target[], o: OpenOptions, session: string): Opened[] {
  const [first, ...rest] = targets;
  if (!first) return [];
  const opened = [launch(o, first, ["new-session", "-d", "-s", session, "-x", "200", "-y", "50", "-n", nameOf(first)])];
  const inSession = ["-t", sessionTarget(session)];
  for (const target of rest) opened.push(addPane(o, target, inSession, inSession));
  // Our own session: show each pane's title (its branch) on its border.
  tmux(o.env, "set-option", "-t", sessionTarget(session), "pane-border-status", "top");
  // The title is expanded into the border as text: tmux does not expand or style it again.
  tmux(o.env, "set-option", "-t", sessionTarget(session), "pane-border-format", " #{pane_title} ");
  return opened;
}

/** Brings an existing pane to the front, in whichever window it lives. */
export function selectPane(env: Env, pane: Pane): void {
  tmux(env, "select-window", "-t", pane.id);
  tmux(env, "select-pane", "-t", pane.id);
}

/** A session name not taken yet: the repository's, then name-2, name-3… */
export function freeSessionName(env: Env, base: string): string {
  const taken = new Set(
    (() => {
      try {
        return tmux(env, "list-sessions", "-F", "#{session_name}").split("\n");
      } catch {
        return []; // no server running yet
      }
    })(),
  );
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  return name;
}
