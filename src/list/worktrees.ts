// The worktrees of the repository holding cwd, read from its files as `git worktree list` gives
// them: `--list` wants them on every run, and starting git cost it about 2 ms. The layout is
// gitrepository-layout(5): the main worktree is the common git dir's parent; each linked one has
// `<common dir>/worktrees/<id>/`, where `gitdir` names the worktree's `.git` file and `HEAD` is
// its own. git lists the main worktree first and the linked ones sorted by path; a linked one
// whose `.git` file is gone is prunable unless a `locked` file keeps it. Anything out of the
// ordinary (what workspaceFromFiles leaves to git, a relative gitdir, case-insensitive paths, an
// unexpected HEAD) is left to git itself: undefined.
import { readdirSync } from "node:fs";
import { branchOf, readText, statOf, workspaceFromFiles, type Worktree } from "../git.ts";
import type { Env } from "../env.ts";

/** git trims these (isspace) off the end of a gitdir file. */
const TRAILING_SPACE = /[ \t\n\v\f\r]+$/;

/** git compares paths byte by byte (strcmp): UTF-8 order, which UTF-16 order is not. */
const byPath = (a: Worktree, b: Worktree): number => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));

/** A linked worktree from its entry under `<common dir>/worktrees/`: null when git skips the entry, undefined when git must say. */
function linked(admin: string): Worktree | null | undefined {
  const gitdir = readText(`${admin}/gitdir`)?.replace(TRAILING_SPACE, "");
  if (!gitdir) return null; // git skips an entry without a readable, non-empty gitdir
  if (!gitdir.startsWith("/")) return undefined;
  const head = readText(`${admin}/HEAD`);
  const branch = head === undefined ? undefined : branchOf(head);
  if (!branch) return undefined;
  const path = gitdir.endsWith("/.git") ? gitdir.slice(0, -5) : gitdir;
  return { path, branch, bare: false, prunable: !statOf(`${admin}/locked`) && !statOf(gitdir) };
}

/** `git worktree list` from the files, or undefined when git must be asked (see the top of this file). */
export function worktreesFromFiles(cwd: string, env: Env): Worktree[] | undefined {
  const ws = workspaceFromFiles(cwd, env);
  if (!ws?.repo) return undefined;
  const common = `${ws.repo}/.git`;
  // workspaceFromFiles has read the config already (no bare repository, no core.worktree); git
  // would sort case-insensitively under core.ignorecase.
  const config = readText(`${common}/config`);
  if (!statOf(common)?.isDirectory() || config === undefined || /^\s*ignorecase\s*=\s*true/im.test(config)) {
    return undefined;
  }
  const mainBranch = branchOf(readText(`${common}/HEAD`) ?? "");
  if (!mainBranch) return undefined;
  let ids: string[];
  try {
    ids = readdirSync(`${common}/worktrees`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
    ids = [];
  }
  const others: Worktree[] = [];
  for (const id of ids) {
    const wt = linked(`${common}/worktrees/${id}`);
    if (wt === undefined) return undefined;
    if (wt) others.push(wt);
  }
  return [{ path: ws.repo, branch: mainBranch, bare: false, prunable: false }, ...others.sort(byPath)];
}
