import { defineCommand } from "citty";
import { Exit } from "../exitcodes.ts";
import { logger } from "../logger.ts";
import { mention } from "../send/send.ts";
import { ArgError, sendOptions, targetArgs } from "./_shared.ts";

export default defineCommand({
  meta: {
    name: "--mention",
    description: "@-mention a file or lines in the Claude whose worktree holds it",
  },
  args: {
    mention: { type: "string", valueHint: "PATH[:START[-END]]", description: "The file, with 1-based lines (e.g. src/app.ts:3-5)" },
    ...targetArgs,
  },
  async run({ args }) {
    try {
      return await mention(String(args.mention), sendOptions(args));
    } catch (e) {
      if (!(e instanceof ArgError)) throw e;
      logger.error(e.message);
      return Exit.Usage;
    }
  },
});
