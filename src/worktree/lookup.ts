// What a name on the command line means among a repository's worktrees. It can be read as a path
// (through links, relative to cwd) and as a branch; when the two readings name different worktrees
// the name is ambiguous, and acting on either could hit the wrong one (a repository can track a
// link named like a branch that points at a sibling worktree).
import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import type { Worktree } from "../git.ts";
import { printable } from "../text/untrusted.ts";

export interface Lookup {
  /** The worktree the name reaches as a path. */
  byPath?: Worktree;
  /** The name is an existing path, worktree or not. */
  pathExists: boolean;
  /** The worktree whose branch the name is. */
  byBranch?: Worktree;
  /** Set when the two readings disagree: the message saying how to be precise. */
  ambiguous?: string;
}

export function lookupWorktree(name: string, cwd: string, worktrees: readonly Worktree[]): Lookup {
  const asPath = resolve(cwd, name);
  const pathExists = existsSync(asPath);
  const real = pathExists ? realpathSync(asPath) : asPath;
  const byPath = worktrees.find((w) => w.path === real);
  const byBranch = worktrees.find((w) => w.branch === name);
  const ambiguous =
    byPath && byBranch && byPath !== byBranch
      ? `"${printable(name)}" names two worktrees: as a path it leads to ${printable(byPath.path)}, as a branch it is ${printable(byBranch.path)}. ` +
        `Give the full path of the one you mean.`
      : undefined;
  return { byPath, pathExists, byBranch, ambiguous };
}
