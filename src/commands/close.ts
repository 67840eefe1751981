import { defineCommand } from "citty";
import { CliError, Exit } from "../errors.ts";
import { logger } from "../logger.ts";
import { printable } from "../text/untrusted.ts";
import { closeWorktree, type Closed } from "../worktree/close.ts";
import { COMMANDS } from "../cli/meta.ts";

/** What was done, in one line a person reads at a glance. */
export function closedSummary(c: Closed): string {
  const parts = [`removed the worktree ${printable(c.worktree)}`];
  if (c.stopped.length) parts.push(`ended ${c.stopped.map((s) => `${s.kind} pid ${s.pid}`).join(", ")}`);
  if (c.panes.length) parts.push(`closed pane${c.panes.length > 1 ? "s" : ""} ${c.panes.join(", ")}`);
  if (c.branch) parts.push(c.branchDeleted ? `deleted branch ${printable(c.branch)}` : `kept branch ${printable(c.branch)}`);
  return `Closed: ${parts.join("; ")}.`;
}

export default defineCommand({
  meta: COMMANDS["--close"],
  args: {
    close: { type: "boolean", description: "Close a worktree" },
    target: { type: "positional", required: false, description: "Branch name or worktree path (default: the worktree you are in)" },
    stop: { type: "boolean", description: "End the Claude running there first (as SIGTERM does) and wait for it" },
    force: { type: "boolean", description: "Close despite uncommitted changes or unpushed, unmerged commits (they are discarded / kept on the branch)" },
    "delete-branch": { type: "boolean", description: "Delete the branch too, if it is merged" },
  },
  async run({ args }) {
    if (args._.length > 1) throw new CliError(`--close takes one worktree at a time, not ${args._.length}. Run it once for each.`, Exit.Usage);
    const closed = await closeWorktree({
      target: args._[0] === undefined ? undefined : String(args._[0]),
      cwd: process.cwd(),
      env: process.env,
      stop: args.stop === true,
      force: args.force === true,
      deleteBranch: args["delete-branch"] === true,
    });
    logger.info(closedSummary(closed));
    if (closed.branchKept !== undefined) {
      logger.warn(`Branch ${printable(closed.branch ?? "")} was kept: ${printable(closed.branchKept)}`);
      return Exit.Refused;
    }
    return 0;
  },
});
