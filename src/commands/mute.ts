import { defineCommand } from "citty";
import { muteCommand } from "./_mute.ts";

export default defineCommand({
  meta: {
    name: "--mute",
    description: "Silence one worktree's alerts (tmux, desktop, your command) until --unmute",
  },
  args: {
    mute: { type: "boolean", description: "Silence the alerts of that worktree" },
    target: { type: "positional", required: false, description: "A branch, worktree path or pid (default: this worktree)" },
  },
  run: ({ args }) => muteCommand(args._[0] === undefined ? undefined : String(args._[0]), true),
});
