import { defineCommand } from "citty";
import { select } from "../send/send.ts";
import { sendOptions, targetArgs } from "./_shared.ts";
import { COMMANDS } from "../cli/meta.ts";

export default defineCommand({
  meta: COMMANDS["--select"],
  args: {
    select: {
      type: "string",
      valueHint: "PATH[:LINE[:COL][-LINE[:COL]]]",
      description: "The selection, 1-based; an end column is the last selected character",
    },
    stdin: { type: "boolean", description: "Read the selected text from stdin (an unsaved buffer)" },
    ...targetArgs,
  },
  async run({ args }) {
    const options = sendOptions(args);
    const stdinText = args.stdin ? await Bun.stdin.text() : undefined;
    return select(String(args.select), { ...options, stdinText });
  },
});
