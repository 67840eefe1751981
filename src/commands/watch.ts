import { defineCommand } from "citty";
import { CliError, Exit } from "../errors.ts";
import { COMMANDS } from "../cli/meta.ts";

export default defineCommand({
  meta: COMMANDS["--watch"],
  args: {
    watch: { type: "boolean", description: "Take the terminal and follow every worktree's Claude until q" },
    all: { type: "boolean", alias: "a", description: "Every instance on this machine, not only this repository's" },
    popup: { type: "boolean", description: "Quit after going to a pane (detected inside a tmux popup)" },
  },
  async run({ args }) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new CliError("cc-wt --watch needs a terminal (stdin and stdout). For scripts, use cc-wt --list --json.", Exit.Usage);
    }
    // Loaded here only: the launch path never pays for the live view.
    const [{ runWatch, inTmuxPopup }, { colorsFor }, { debugLogPath, openDebugLog }] = await Promise.all([
      import("../watch/watch.ts"),
      import("../colors.ts"),
      import("../debuglog.ts"),
    ]);
    const log = openDebugLog(debugLogPath(process.env, false));
    return runWatch({
      cwd: process.cwd(),
      env: process.env,
      all: args.all === true,
      popup: args.popup === true || inTmuxPopup(process.env),
      out: process.stdout,
      input: process.stdin,
      pc: colorsFor(process.stdout),
      log,
    });
  },
});
