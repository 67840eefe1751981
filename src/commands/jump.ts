import { defineCommand } from "citty";
import { COMMANDS } from "../cli/meta.ts";

export default defineCommand({
  meta: COMMANDS["--jump"],
  args: {
    jump: { type: "boolean", description: "Select that Claude's pane, switching session and window" },
    target: {
      type: "positional",
      required: false,
      description: "A branch, worktree path or pid (default: the longest wait, then the oldest unread finished turn)",
    },
  },
  async run({ args }) {
    const { jump } = await import("../alerts/jump.ts");
    return jump(args._[0] === undefined ? undefined : String(args._[0]), process.cwd(), process.env);
  },
});
