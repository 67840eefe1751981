// Which Claudes run in a worktree, known for certain: cc-wt instances from their lock files, and
// any other Claude of this user from the session record the client keeps per process
// ($CLAUDE_CONFIG_DIR/sessions/<pid>.json, with its `cwd`; docs/worktrees.md).
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { isAlive, liveCcWtLocks } from "../lockfile.ts";
import { claudeConfigDir, ideLockDir } from "../paths.ts";
import { descendsFrom } from "../proc.ts";

type Env = Record<string, string | undefined>;

export interface LiveClaude {
  /** The process to end to stop it: the cc-wt instance, or the claude itself. */
  pid: number;
  kind: "cc-wt" | "claude";
}

const inside = (dir: string, path: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Live claude processes whose session record says they work inside worktree. */
function claudeSessionsIn(worktree: string, env: Env): number[] {
  const dir = join(claudeConfigDir(env), "sessions");
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const m = /^(\d+)\.json$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    try {
      const st = lstatSync(join(dir, name));
      if (!st.isFile() || st.uid !== process.getuid!()) continue;
      const cwd = (JSON.parse(readFileSync(join(dir, name), "utf8")) as { cwd?: unknown }).cwd;
      if (typeof cwd === "string" && inside(worktree, cwd) && isAlive(pid)) pids.push(pid);
    } catch {
      // a record being rewritten, or not JSON: not evidence of anything
    }
  }
  return pids;
}

/** Every Claude running in worktree; a claude under a cc-wt of the list is counted once, as that cc-wt. */
export function claudesIn(worktree: string, env: Env): LiveClaude[] {
  const instances = liveCcWtLocks(ideLockDir(env))
    .filter(({ lock }) => lock.workspaceFolders.includes(worktree))
    .map(({ lock }) => lock.pid);
  const bare = claudeSessionsIn(worktree, env).filter((pid) => !instances.some((inst) => descendsFrom(pid, inst)));
  return [...instances.map((pid) => ({ pid, kind: "cc-wt" as const })), ...bare.map((pid) => ({ pid, kind: "claude" as const }))];
}
