import { defineCommand } from "citty";
import { COMMANDS } from "../cli/meta.ts";
import { CliError, Exit } from "../errors.ts";
import { logger } from "../logger.ts";
import { printable } from "../text/untrusted.ts";

/** --mute and --unmute: one worktree's alerts off or on, kept across restarts (src/alerts/mute.ts). */
export async function muteCommand(target: string | undefined, muted: boolean): Promise<number> {
  const [{ worktreeFor }, { setMuted }] = await Promise.all([import("../alerts/target.ts"), import("../alerts/mute.ts")]);
  const worktree = await worktreeFor(target, process.cwd(), process.env);
  if (!worktree) {
    throw new CliError(
      `No running Claude and no worktree of this repository matches "${printable(target ?? "")}": give a branch, a worktree path, a pid or a tmux pane id (see cc-wt --list).`,
      Exit.Usage,
    );
  }
  try {
    setMuted(process.env, worktree, muted);
  } catch (e) {
    // The file system's own error, said in the terms of what was being done.
    throw new CliError(`Cannot record the mute for ${printable(worktree)}: ${printable((e as Error).message)}`, Exit.CantCreate);
  }
  logger.info(muted ? `Alerts from ${printable(worktree)} are off until \`cc-wt --unmute\`.` : `Alerts from ${printable(worktree)} are on.`);
  return 0;
}

/** The two commands differ only in their words and which way they set the switch. */
export const muteCommandDef = (muted: boolean, name: "mute" | "unmute", flagDescription: string) =>
  defineCommand({
    meta: COMMANDS[`--${name}`],
    args: {
      [name]: { type: "boolean", description: flagDescription },
      target: { type: "positional", required: false, description: "A branch, worktree path, pid or tmux pane id such as %3 (default: this worktree)" },
    },
    run: ({ args }) => muteCommand(args._[0] === undefined ? undefined : String(args._[0]), muted),
  });
