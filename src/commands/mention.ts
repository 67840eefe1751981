import { defineCommand } from "citty";
import { mention } from "../send/send.ts";
import { sendOptions, targetArgs } from "./_shared.ts";
import { COMMANDS } from "../cli/meta.ts";

export default defineCommand({
  meta: COMMANDS["--mention"],
  args: {
    mention: { type: "string", valueHint: "PATH[:START[-END]]", description: "The file, with 1-based lines (e.g. src/app.ts:3-5)" },
    ...targetArgs,
  },
  async run({ args }) {
    return mention(String(args.mention), sendOptions(args));
  },
});
