import { defineCommand } from "citty";
import { LAYOUTS } from "../config.ts";
import { launchPanes } from "../panes/panes.ts";
import { COMMANDS, type CommandData } from "../cli/meta.ts";

export default defineCommand({
  meta: COMMANDS["--panes"],
  args: {
    panes: { type: "boolean", description: "Open a pane per target" },
    targets: {
      type: "positional",
      required: false,
      description: "Worktree paths or branch names (default: every worktree with no Claude yet)",
    },
    new: { type: "boolean", description: "Create a named branch that does not exist yet, from HEAD" },
    window: { type: "boolean", description: "One tmux window per target instead of panes (config panes.window)" },
    layout: { type: "string", valueHint: "layout", description: `tmux layout: ${LAYOUTS.join(", ")} (config panes.layout)` },
  },
  run: ({ args, data }) =>
    launchPanes({
      names: args._.map(String),
      claudeArgs: (data as CommandData).claudeArgs,
      cwd: process.cwd(),
      env: process.env,
      create: args.new === true,
      window: args.window,
      layout: args.layout,
    }),
});
