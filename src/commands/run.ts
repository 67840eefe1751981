import type { CommandDef } from "citty";
import type { CommandData } from "../cli/meta.ts";
import { debugLogPath } from "../debuglog.ts";
import { VERSION } from "../version.ts";

// Every flag here must stay clear of claude's own flags: test/unit/cli/flags.test.ts checks them
// against the pinned client's `claude --help`. Not wrapped in citty's defineCommand (an identity
// function): this is the launch path, which does not load citty (see flagArgs in argv.ts).
export default {
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
  run: ({ args, data }) => launch(args, (data as CommandData).claudeArgs),
} satisfies CommandDef<any>;

/**
 * The launch, from cc-wt's own flags (as parsed) and claude's arguments. The launcher (server,
 * lock, supervisor) is loaded here, so that cc-wt's other commands, which read this definition for
 * the argument split and the help, never load it.
 */
export async function launch(args: Record<string, unknown>, claudeArgs: string[]): Promise<number> {
  const { runClaude } = await import("../launch/run.ts");
  return runClaude({
    claudeArgs,
    cwd: process.cwd(),
    env: process.env,
    debugLog: debugLogPath(process.env, args["cc-wt-debug"] === true),
  });
}
