import { defineCommand } from "citty";
import { CliError, Exit } from "../errors.ts";
import { printable } from "../text/untrusted.ts";

export default defineCommand({
  meta: {
    name: "--completions",
    description: "Print a shell completion script (bash, zsh or fish)",
  },
  args: {
    completions: { type: "string", valueHint: "SHELL", description: "bash, zsh or fish" },
  },
  async run({ args }) {
    // Loaded here, not at the top: the generator reads every command, this one included.
    const { completionScript, SHELLS } = await import("../completions.ts");
    const shell = String(args.completions);
    if (!(SHELLS as readonly string[]).includes(shell)) {
      throw new CliError(`--completions ${printable(shell)}: no such shell. Use one of ${SHELLS.join(", ")}.`, Exit.Usage);
    }
    process.stdout.write(completionScript(shell as (typeof SHELLS)[number]));
    return 0;
  },
});
