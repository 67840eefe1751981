import { defineCommand } from "citty";
import { Exit } from "../exitcodes.ts";
import { logger } from "../logger.ts";

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
      logger.error(`--completions ${shell}: no such shell. Use one of ${SHELLS.join(", ")}.`);
      return Exit.Usage;
    }
    process.stdout.write(completionScript(shell as (typeof SHELLS)[number]));
    return 0;
  },
});
