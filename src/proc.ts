import { readFileSync } from "node:fs";

/** The parent of pid, from /proc (Linux); undefined once the process is gone. */
export function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is parenthesised and may contain spaces: fields resume after the last ")".
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** Signal 0 asks the kernel without sending anything; EPERM still means the process exists. */
export function isAlive(pid: number): boolean {
  // 0 and negative pids name process groups to kill(2): never a process of ours.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

/**
 * Whether pid is a process that still runs. An exited child nobody has reaped yet (a zombie, as
 * under a container's init that reaps slowly) still answers signal 0 but will never do anything
 * again; /proc tells them apart where there is one (Linux).
 */
export function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true; // no /proc: signal 0 is all there is to go by
  }
}

/** Whether pid is ancestor itself or one of its descendants (a wrapper script's claude is). */
export function descendsFrom(pid: number, ancestor: number): boolean {
  for (let p: number | undefined = pid, hops = 0; p && p > 1 && hops < 64; p = parentPid(p), hops++) {
    if (p === ancestor) return true;
  }
  return false;
}

/**
 * The start time of pid as the kernel counts it (field 22 of /proc/<pid>/stat): with the pid, it
 * names one process for good, where a pid alone is reused. Claude records its own as `procStart`
 * (docs/worktrees.md). Undefined without /proc or once the process is gone.
 */
export function startToken(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}
