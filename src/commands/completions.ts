import { defineCommand } from "citty";
import { CliError, Exit } from "../errors.ts";
import { printable } from "../text/untrusted.ts";
import { COMMANDS, type CommandData } from "../cli/meta.ts";

export default defineCommand({
  meta: COMMANDS["--completions"],
  args: {
    completions: { type: "string", valueHint: "SHELL", description: "bash, zsh or fish" },
  },
  async run({ args, data }) {
    // Loaded here, not at the top: only a completion script needs the generator and every command.
    const { completionScript, SHELLS } = await import("../cli/completions.ts");
    const shell = String(args.completions);
    if (!(SHELLS as readonly string[]).includes(shell)) {
      throw new CliError(`--completions ${printable(shell)}: no such shell. Use one of ${SHELLS.join(", ")}.`, Exit.Usage);
    }
    process.stdout.write(completionScript(shell as (typeof SHELLS)[number], await (data as CommandData).loadCommands()));
    return 0;
  },
});
