import { defineCommand } from "citty";
import { debugLogPath } from "../debuglog.ts";
import { runClaude } from "../launch/run.ts";
import { VERSION } from "../version.ts";

// Every flag here must stay clear of claude's own flags: test/unit/flags.test.ts checks them
// against the pinned client's `claude --help`.
export default defineCommand({
  meta: {
    name: "cc-wt",
    version: VERSION,
    description: "Run claude with its own IDE connection for this git worktree",
  },
  args: {
    "cc-wt-debug": {
      type: "boolean",
      description: "Write a debug log of this instance (also CC_WT_DEBUG=1 or CC_WT_DEBUG=/path/to/file)",
    },
  },
  run: ({ args, data }) =>
    runClaude({
      claudeArgs: (data as { claudeArgs: string[] }).claudeArgs,
      cwd: process.cwd(),
      env: process.env,
      debugLog: debugLogPath(process.env, args["cc-wt-debug"] === true),
    }),
});
