// Claude's own `-w/--worktree NAME` makes the client create a worktree and move into it
// (`<main worktree>/.claude/worktrees/NAME`; docs/protocol.md, "Claude's own worktrees") before
// it connects. The instance then follows it: whatever git worktree the client works in is the
// instance's workspace, so --list, /ide, mentions and getWorkspaceFolders all name that one.
import { readlinkSync } from "node:fs";
import type { Log } from "../debuglog.ts";
import { findWorkspace, type Workspace } from "../git.ts";
import { readSessionRecord } from "../status.ts";

export interface Follow {
  /** The instance's workspace, changed in place when it moves (everything that reports it reads it). */
  workspace: Workspace;
  /** Where cc-wt itself was started: a client still there has not moved. */
  launchedIn: string;
  configDir: string;
  /** Makes the move known: the lock rewritten, the server's tools, the alerts. */
  moved(ws: Workspace): void;
  log: Log;
}

/** Where a process works: the kernel's answer, else the client's own session record. */
export function cwdOf(pid: number, configDir: string): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return readSessionRecord(configDir, pid)?.cwd;
  }
}

/**
 * Checks where the client (pid) works and moves the instance there when that is another git
 * worktree. Calls for the same pid share one check, and a check never throws.
 */
export function follower(f: Follow): (pid: number | undefined) => Promise<void> {
  const checked = new Map<number, Promise<void>>();
  async function check(pid: number): Promise<void> {
    const cwd = cwdOf(pid, f.configDir);
    if (!cwd || cwd === f.launchedIn || cwd === f.workspace.root) return;
    const ws = await findWorkspace(cwd);
    if (!ws.inGit || ws.root === f.workspace.root) return;
    f.log(`claude (pid ${pid}) works in ${ws.root}, not ${f.workspace.root}: following it there`);
    Object.assign(f.workspace, ws);
    f.moved(f.workspace);
  }
  return (pid) => {
    if (pid === undefined) return Promise.resolve();
    if (!checked.has(pid)) checked.set(pid, check(pid).catch((e) => f.log(`following claude's worktree failed: ${(e as Error).message}`)));
    return checked.get(pid)!;
  };
}
