import { defineCommand } from "citty";
import { mention } from "../send/send.ts";
import { sendOptions, targetArgs } from "./_shared.ts";

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
    return mention(String(args.mention), sendOptions(args));
  },
});
