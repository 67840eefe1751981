// A worktree cc-wt has just added is made ready to work in before Claude starts there: ignored
// files copied, shared directories linked, the setup command run (docs/worktrees.md).
import { loadConfig } from "../config.ts";
import { logger } from "../logger.ts";
import { claudeConfigDir } from "../paths.ts";
import { progressLine } from "../text/progress.ts";
import { printable } from "../text/untrusted.ts";
import { commandHash, isApproved } from "./approvals.ts";
import { copyFiles, includedFiles, INCLUDE_FILE, linkDirectories, symlinkDirectories, type Copied } from "./include.ts";
import { runSetup, showCommand } from "./setup.ts";
import type { Env } from "../env.ts";

export interface NewWorktree {
  /** The main worktree, where the ignored files and shared directories are. */
  main: string;
  worktree: string;
  branch: string | null;
}

function report(what: string, r: Copied): void {
  if (r.copied.length) logger.info(`${what}: ${r.copied.length} (${printable(r.copied.slice(0, 5).join(", "))}${r.copied.length > 5 ? ", …" : ""})`);
  for (const s of r.skipped) logger.warn(`${what}: skipped ${printable(s.path)}: ${s.why}`);
}

/** The command to run: the user's own, else the repository's once approved; undefined for none. */
export function setupCommand(w: NewWorktree, env: Env): { command?: string[]; unapproved?: string[] } {
  const { config } = loadConfig(w.worktree, env);
  if (config.worktree.setup) return { command: config.worktree.setup };
  const proposed = config.worktree.proposedSetup;
  if (!proposed) return {};
  return isApproved(env, w.main, proposed) ? { command: proposed } : { unapproved: proposed };
}

/** Resolves to false when the setup command failed; the worktree is left as it is either way. */
export async function prepareWorktree(w: NewWorktree, env: Env): Promise<boolean> {
  const files = await includedFiles(w.main);
  if (files.length) {
    const progress = progressLine(`copying ${files.length} files named by ${INCLUDE_FILE}`);
    report(`copied from ${INCLUDE_FILE}`, copyFiles(w.main, w.worktree, files, (n) => progress?.say(`${n}/${files.length}`)));
    progress?.end();
  }
  const dirs = symlinkDirectories(w.main, claudeConfigDir(env));
  if (dirs.length) report("linked (worktree.symlinkDirectories)", linkDirectories(w.main, w.worktree, dirs));

  const { command, unapproved } = setupCommand(w, env);
  if (unapproved) {
    logger.warn(
      `This repository's .cc-wt.toml proposes a setup command for new worktrees, which was NOT run:\n` +
        `  ${printable(showCommand(unapproved))}\n` +
        `If you trust it, approve this exact command once for this repository: cc-wt --approve-setup ${commandHash(w.main, unapproved)}`,
    );
    return true;
  }
  if (!command) return true;
  const result = await runSetup(command, w.worktree, {
    ...env,
    CC_WT_WORKTREE: w.worktree,
    CC_WT_MAIN_WORKTREE: w.main,
    CC_WT_BRANCH: w.branch ?? "",
  });
  if (!result.ok) {
    logger.error(`The setup command failed in ${printable(w.worktree)} (${result.problem}). The worktree is left as it is: fix it there by hand.`);
  }
  return result.ok;
}
