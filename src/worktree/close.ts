// `cc-wt --close`: removes a worktree only when nothing would be lost: no Claude running there,
// no uncommitted or untracked work, no commits that exist nowhere else. The branch is kept.
import { Exit, CliError } from "../errors.ts";
import { findWorkspace, gitOutput, listWorktrees, runGit, runGitZ, type Worktree } from "../git.ts";
import { isRunning } from "../proc.ts";
import { printable } from "../text/untrusted.ts";
import { lookupWorktree } from "./lookup.ts";
import { closeMarkedPanes } from "./panes.ts";
import { claudesIn, type LiveClaude } from "./claudes.ts";
import type { Env } from "../env.ts";

export interface CloseOptions {
  /** A branch name or worktree path; the worktree holding cwd when absent. */
  target?: string;
  cwd: string;
  env: Env;
  /** End the Claudes running there (SIGTERM) and wait for them. */
  stop: boolean;
  /** Close despite uncommitted work or commits found nowhere else. */
  force: boolean;
  /** Delete the branch too, when it is merged. */
  deleteBranch: boolean;
  /** How long --stop waits for the Claudes to end. */
  stopWaitMs?: number;
}

export interface Closed {
  worktree: string;
  branch: string | null;
  panes: string[];
  stopped: LiveClaude[];
  branchDeleted: boolean;
  /** Set when --delete-branch could not delete it: git's reason. */
  branchKept?: string;
}

const show = (p: string) => printable(p);

function findTarget(name: string | undefined, cwd: string, root: string, worktrees: readonly Worktree[]): Worktree {
  if (name === undefined) {
    const here = worktrees.find((w) => w.path === root);
    if (here) return here;
    throw new CliError(`${show(root)} is not a worktree of this repository`, Exit.Usage);
  }
  const { byPath, byBranch, ambiguous } = lookupWorktree(name, cwd, worktrees);
  if (ambiguous) throw new CliError(ambiguous, Exit.Usage);
  const found = byPath ?? byBranch;
  if (found) return found;
  const names = worktrees.slice(1).map((w) => w.branch ?? w.path);
  throw new CliError(
    `no worktree of this repository is named "${show(name)}" (a branch or a worktree path). Worktrees: ${names.map(show).join(", ") || "(only the main one)"}`,
    Exit.Usage,
  );
}

/** Modified, staged, or untracked and not ignored: what `git worktree remove` would destroy. */
async function uncommitted(worktree: string): Promise<string[]> {
  const entries = await runGitZ(worktree, "status", "--porcelain=v1", "-z", "--untracked-files=all");
  // A rename entry is followed by its old name as a separate NUL-terminated field.
  return entries.filter((e) => /^[ MADRCU?!]{2} /.test(e)).map((e) => e.slice(3));
}

/** Commits of this worktree that no upstream, main branch or (detached) any ref holds. */
async function unsaved(worktree: string, main: Worktree): Promise<{ count: number; where: string; sample: string[] }> {
  const branch = await gitOutput(worktree, "symbolic-ref", "-q", "--short", "HEAD");
  let not: string[];
  let where: string;
  if (!branch) {
    not = ["--branches", "--remotes", "--tags"];
    where = "on no branch, tag or remote (detached HEAD)";
  } else {
    const [upstream, mainBranch, originHead] = await Promise.all([
      gitOutput(worktree, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"),
      gitOutput(main.path, "symbolic-ref", "-q", "--short", "HEAD"),
      gitOutput(worktree, "rev-parse", "-q", "--verify", "--abbrev-ref", "refs/remotes/origin/HEAD"),
    ]);
    const refs = [upstream, mainBranch !== branch ? mainBranch : undefined, originHead].filter((r): r is string => Boolean(r));
    not = refs.length ? refs : ["--remotes"];
    where = `on ${branch} are neither pushed${upstream ? ` to ${upstream}` : " (no upstream)"} nor merged into ${mainBranch ?? "the main branch"}`;
  }
  const count = Number((await gitOutput(worktree, "rev-list", "--count", "HEAD", "--not", ...not)) ?? "0");
  const sample = count ? ((await gitOutput(worktree, "log", "--format=%h %s", "-3", "HEAD", "--not", ...not))?.split("\n") ?? []) : [];
  return { count, where, sample };
}

async function stopAll(claudes: readonly LiveClaude[], waitMs: number): Promise<void> {
  for (const c of claudes) {
    try {
      process.kill(c.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + waitMs;
  while (claudes.some((c) => isRunning(c.pid)) && Date.now() < deadline) await Bun.sleep(100);
  const left = claudes.filter((c) => isRunning(c.pid));
  if (left.length) {
    throw new CliError(
      `${left.map((c) => `${c.kind} pid ${c.pid}`).join(", ")} did not end within ${waitMs / 1000} s of SIGTERM; nothing was removed. End it, then close again.`,
      Exit.TempFail,
    );
  }
}

export async function closeWorktree(o: CloseOptions): Promise<Closed> {
  const ws = await findWorkspace(o.cwd);
  if (!ws.inGit) throw new CliError("Not in a git repository: run cc-wt --close inside the repository whose worktree it should close.", Exit.Usage);
  const worktrees = (await listWorktrees(ws.root)) ?? [];
  const main = worktrees[0];
  const wt = findTarget(o.target, o.cwd, ws.root, worktrees);
  if (!main || wt.path === main.path || wt.bare) {
    throw new CliError(`${show(wt.path)} is the repository's main worktree: it is never closed. Name another worktree (a branch or a path).`, Exit.Refused);
  }

  const claudes = await claudesIn(wt.path, o.env);
  if (claudes.length && !o.stop) {
    const who = claudes.map((c) => `${c.kind} pid ${c.pid}`).join(", ");
    throw new CliError(`Claude is running in ${show(wt.path)} (${who}). Finish there first, or add --stop to end it (as SIGTERM would) and close.`, Exit.Refused);
  }

  if (!wt.prunable && !o.force) {
    const dirty = await uncommitted(wt.path);
    if (dirty.length) {
      const list = dirty.slice(0, 5).map(show).join(", ") + (dirty.length > 5 ? `, and ${dirty.length - 5} more` : "");
      throw new CliError(
        `${show(wt.path)} has uncommitted changes or untracked files: ${list}. Commit or remove them (or add --force to discard them).`,
        Exit.Refused,
      );
    }
    const commits = await unsaved(wt.path, main);
    if (commits.count) {
      throw new CliError(
        `${commits.count} commit${commits.count > 1 ? "s" : ""} ${show(commits.where)}:\n  ${commits.sample.map(show).join("\n  ")}\n` +
          `Push or merge them first, or add --force (the branch and its commits are kept either way).`,
        Exit.Refused,
      );
    }
  }

  if (claudes.length) {
    const unproven = claudes.filter((c) => !c.proven);
    if (unproven.length) {
      throw new CliError(
        `${unproven.map((c) => `${c.kind} pid ${c.pid}`).join(", ")} could not be shown to be the Claude working in ${show(wt.path)} ` +
          `(an instance that does not answer, or a record without its process's start time), so it was not signalled and nothing was removed. ` +
          `End it yourself, then close again.`,
        Exit.Refused,
      );
    }
    await stopAll(claudes, o.stopWaitMs ?? 15_000);
  }

  // git runs from the main worktree: the one being removed may be this process's own cwd.
  const remove = await runGit(main.path, "worktree", "remove", ...(o.force ? ["--force"] : []), wt.path);
  if (!remove.ok) throw new CliError(`git worktree remove failed: ${show(remove.err)}`, Exit.Unavailable);
  const panes = closeMarkedPanes(wt.path, o.env);

  const closed: Closed = { worktree: wt.path, branch: wt.branch ?? null, panes, stopped: claudes, branchDeleted: false };
  const branch = await gitOutput(main.path, "rev-parse", "--symbolic-full-name", `refs/heads/${wt.branch ?? ""}`);
  if (o.deleteBranch && wt.branch && branch) {
    // -d, never -D: git deletes a branch only when it is merged.
    const del = await runGit(main.path, "branch", "-d", "--", wt.branch);
    if (del.ok) closed.branchDeleted = true;
    else closed.branchKept = del.err;
  }
  return closed;
}
