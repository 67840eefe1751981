import { defineCommand } from "citty";
import { Exit, CliError } from "../errors.ts";
import { findWorkspace } from "../git.ts";
import { printable } from "../text/untrusted.ts";
import { approve, commandHash } from "../worktree/approvals.ts";
import { setupCommand } from "../worktree/create.ts";
import { showCommand } from "../worktree/setup.ts";
import { COMMANDS } from "../cli/meta.ts";
import type { Env } from "../env.ts";

/**
 * Approves the repository's proposed setup command, by the hash it was shown with: the approval
 * is for exactly the command the user read, even if .cc-wt.toml changes in between.
 */
export async function approveSetup(hash: string | undefined, cwd: string, env: Env): Promise<string> {
  const ws = await findWorkspace(cwd);
  if (!ws.inGit || !ws.repo) throw new CliError("Not in a git repository: run cc-wt --approve-setup inside the repository.", Exit.Usage);
  const { unapproved, command } = setupCommand({ main: ws.repo, worktree: ws.root, branch: ws.branch ?? null }, env);
  const proposed = unapproved ?? command;
  if (!proposed) throw new CliError(`${printable(ws.root)}/.cc-wt.toml proposes no [worktree] setup command.`, Exit.Usage);
  const expected = commandHash(ws.repo, proposed);
  const shown = printable(showCommand(proposed));
  if (!unapproved) return `Already approved (or your own config.toml sets it): ${shown}`;
  const how = `To approve exactly this command: cc-wt --approve-setup ${expected}`;
  if (hash === undefined) return `This repository proposes: ${shown}\n${how}`;
  if (hash !== expected) {
    throw new CliError(`This repository proposes: ${shown}\nThat is not the command ${printable(hash)} was shown for. ${how}`, Exit.Usage);
  }
  approve(env, ws.repo, proposed);
  return `Approved for ${printable(ws.repo)}: ${shown}. New worktrees run it from now on.`;
}

export default defineCommand({
  meta: COMMANDS["--approve-setup"],
  args: {
    "approve-setup": { type: "boolean", description: "Show the proposed command, or approve it by its hash" },
    hash: { type: "positional", required: false, description: "The hash cc-wt printed with the command (without it: show the command and its hash)" },
  },
  async run({ args }) {
    const hash = args._[0] === undefined ? undefined : String(args._[0]);
    process.stdout.write(`${await approveSetup(hash, process.cwd(), process.env)}\n`);
    return 0;
  },
});
