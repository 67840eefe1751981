import { ConfigError, DIFF_VIEWS, type Config } from "../config.ts";
import type { Log } from "../debuglog.ts";
import { TMUX_MIN, tmuxNewEnough, tmuxVersion } from "../tmux.ts";
import { TmuxDiffViews } from "./tmuxView.ts";
import { viewerCommand } from "./viewers.ts";

type Env = Record<string, string | undefined>;

/**
 * The diff view for this instance, or undefined for none (then openDiff waits for Claude's own
 * prompt, as without a view). CC_WT_DIFF_VIEW overrides diff.view; "auto" means a popup when
 * cc-wt runs inside tmux 3.2 or newer (display-popup) and a viewer is installed.
 */
export function chooseDiffViews(config: Config, env: Env, workspace: string, log: Log): TmuxDiffViews | undefined {
  const fromEnv = env.CC_WT_DIFF_VIEW;
  if (fromEnv && !(DIFF_VIEWS as readonly string[]).includes(fromEnv)) {
    throw new ConfigError(`CC_WT_DIFF_VIEW=${fromEnv} is not one of ${DIFF_VIEWS.join(", ")}`);
  }
  const wanted = fromEnv || config.diff.view;
  if (wanted === "off") return undefined;
  if (!env.TMUX) {
    if (wanted !== "auto") log(`diff view "${wanted}" needs tmux: cc-wt is not running inside tmux`);
    return undefined;
  }
  const mode = wanted === "split" ? "split" : "popup";
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
