import { defineCommand } from "citty";
import { muteCommand } from "./_mute.ts";

export default defineCommand({
  meta: {
    name: "--unmute",
    description: "Turn a worktree's alerts back on",
  },
  args: {
    unmute: { type: "boolean", description: "Alert again for that worktree" },
    target: { type: "positional", required: false, description: "A branch, worktree path or pid (default: this worktree)" },
  },
  run: ({ args }) => muteCommand(args._[0] === undefined ? undefined : String(args._[0]), false),
});
