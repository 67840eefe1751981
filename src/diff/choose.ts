import { DIFF_VIEWS, type Config } from "../config.ts";
import { CliError, Exit } from "../errors.ts";
import { printable } from "../text/untrusted.ts";
import type { Log } from "../debuglog.ts";
import { TMUX_MIN, tmuxNewEnough, tmuxVersion } from "../tmux.ts";
import type { DiffViews } from "../ide/ports.ts";
import { TmuxDiffViews } from "./tmuxView.ts";
import { viewerCommand } from "./viewers.ts";
import type { Env } from "../env.ts";

/** The view asked for, from cheap checks only (settings and $TMUX); throws on a bad CC_WT_DIFF_VIEW. */
function wantedMode(config: Config, env: Env, log: Log): "popup" | "split" | undefined {
  const fromEnv = env.CC_WT_DIFF_VIEW;
  if (fromEnv && !(DIFF_VIEWS as readonly string[]).includes(fromEnv)) {
    throw new CliError(`CC_WT_DIFF_VIEW=${printable(fromEnv)} is not one of ${DIFF_VIEWS.join(", ")}`, Exit.Usage);
  }
  const wanted = fromEnv || config.diff.view;
  if (wanted === "off") return undefined;
  if (!env.TMUX) {
    if (wanted !== "auto") log(`diff view "${wanted}" needs tmux: cc-wt is not running inside tmux`);
    return undefined;
  }
  return wanted === "split" ? "split" : "popup";
}

/** The view itself: needs a tmux new enough for popups and an installed viewer (programs to ask). */
function build(mode: "popup" | "split", config: Config, env: Env, workspace: string, log: Log): TmuxDiffViews | undefined {
  if (mode === "popup" && !tmuxNewEnough(tmuxVersion(env))) {
    log(`diff popups need tmux ${TMUX_MIN.join(".")} or newer`);
    return undefined;
  }
  const viewer = viewerCommand(config.diff.viewer, env);
  if (!viewer) {
    log(`no diff viewer for "${config.diff.viewer}": install nvim or vim, or set diff.viewer`);
    return undefined;
  }
  log(`diff view: ${mode}, viewer: ${viewer}`);
  return new TmuxDiffViews({ mode, viewer, workspace, env, log });
}

/**
 * The diff view, decided now (for --doctor), or undefined for none. CC_WT_DIFF_VIEW overrides
 * diff.view; "auto" means a popup when inside tmux 3.2 or newer with a viewer installed.
 */
export function chooseDiffViews(config: Config, env: Env, workspace: string, log: Log): TmuxDiffViews | undefined {
  const mode = wantedMode(config, env, log);
  return mode && build(mode, config, env, workspace, log);
}

/**
 * The same, for a launch: settings are checked at once, but tmux and the viewers are only asked
 * when the first edit is proposed. Without a view openDiff waits for Claude's own prompt.
 */
export function lazyDiffViews(config: Config, env: Env, workspace: () => string, log: Log): DiffViews | undefined {
  const mode = wantedMode(config, env, log);
  if (!mode) return undefined;
  let views: TmuxDiffViews | undefined | null = null;
  return {
    open(req) {
      // Built at the first edit, after the client connected: in the worktree it works in (claude -w).
      if (views === null) views = build(mode, config, env, workspace(), log);
      if (!views) return undefined; // the debug log says why
      try {
        return views.open(req);
      } catch (e) {
        // tmux refused, or the file is no regular file: Claude's own prompt decides the edit.
        log(`diff view for ${req.tabName} failed: ${(e as Error).message}`);
        return undefined;
      }
    },
  };
}
