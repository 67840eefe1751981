// Which Claudes run in a worktree, known for certain: cc-wt instances from their lock files, each
// proven by answering with its token, and any other Claude of this user from the session record the
// client keeps per process ($CLAUDE_CONFIG_DIR/sessions/<pid>.json, with its `cwd` and `procStart`;
// docs/worktrees.md). A pid alone is never enough to signal a process: pids are reused.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { liveInstances } from "../control/instances.ts";
import { claudeConfigDir, isInside } from "../paths.ts";
import { descendsFrom, isRunning, startToken } from "../proc.ts";
import { readSessionRecord } from "../status.ts";
import type { Env } from "../env.ts";

export interface LiveClaude {
  /** The process to end to stop it: the cc-wt instance, or the claude itself. */
  pid: number;
  kind: "cc-wt" | "claude";
  /** It is that Claude for certain (the instance proved it holds its token; the process started when the record says), so it may be signalled. */
  proven: boolean;
}

/** Live claude processes whose session record says they work inside worktree. */
function claudeSessionsIn(worktree: string, env: Env): LiveClaude[] {
  const configDir = claudeConfigDir(env);
  let names: string[];
  try {
    names = readdirSync(join(configDir, "sessions"));
  } catch {
    return [];
  }
  const found: LiveClaude[] = [];
  for (const name of names) {
    const m = /^(\d+)\.json$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    const record = readSessionRecord(configDir, pid);
    if (record?.cwd === undefined || !isInside(worktree, record.cwd) || !isRunning(pid)) continue;
    const now = startToken(pid);
    // A record whose process started at another time is stale: its pid now belongs to another process.
    if (record.procStart !== undefined && now !== undefined && record.procStart !== now) continue;
    found.push({ pid, kind: "claude", proven: record.procStart !== undefined && record.procStart === now });
  }
  return found;
}

/** Every Claude running in worktree; a claude under a cc-wt of the list is counted once, as that cc-wt. */
export async function claudesIn(worktree: string, env: Env): Promise<LiveClaude[]> {
  const instances = (await liveInstances(env))
    .map(({ row, lock }) => {
      const proven = row.status !== "unknown" && row.status !== "unreachable";
      // A proven instance says where it works now (it may have followed claude -w); otherwise its lock.
      const folders = proven ? [row.worktree] : lock.lock.workspaceFolders;
      return { pid: lock.lock.pid, kind: "cc-wt" as const, proven, here: folders.includes(worktree) };
    })
    .filter((i) => i.here)
    .map(({ here: _, ...claude }) => claude);
  const bare = claudeSessionsIn(worktree, env).filter((c) => !instances.some((inst) => descendsFrom(c.pid, inst.pid)));
  return [...instances, ...bare];
}
