// The client side of the control channel: the live instances (from their lock files, each asked
// for its report with a signed request, client.ts) and the shape of that report, checked as it
// comes off the wire. --list, --watch, --jump, --status-line, --close and the routing of
// --mention/--select all find instances here.
import { liveCcWtLocks, type FoundLock } from "../lockfile.ts";
import { ideLockDir } from "../paths.ts";
import { isPaneId } from "../tmux.ts";
import type { Env } from "../env.ts";
import { callInstance, InstanceError } from "./client.ts";
import { branchFromIdeName } from "./ideName.ts";
import { STATUS_PATH } from "./routes.ts";

/** "shell" is Claude's own word for idle with a background task (a dev server, a watcher) running. */
export const STATUSES = ["starting", "busy", "waiting", "idle", "shell", "exited", "unknown"] as const;
export type Status = (typeof STATUSES)[number];

/** An instance's report, as it travels from the instance to `cc-wt --list` (times in epoch ms). */
export interface InstanceInfo {
  pid: number;
  port: number;
  workspace: string;
  branch: string | null;
  repo: string | null;
  claudePid: number | null;
  connected: boolean;
  /** When the client first connected; routing prefers the most recently connected instance. */
  connectedAt: number | null;
  startedAt: number;
  status: Status;
  waitingFor: string | null;
  since: number;
  /** A turn ended (busy → idle or shell) and the user has not looked at that pane since. */
  done: boolean;
  /** The tmux pane Claude runs in (e.g. "%3"), and the tmux server's socket; null outside tmux. */
  tmuxPane: string | null;
  tmuxSocket: string | null;
  /** Claude's session id (what `claude --resume` takes), from its record. */
  sessionId: string | null;
  /** Alerts for this worktree are silenced (`cc-wt --mute`). */
  muted: boolean;
}

/** How long a busy instance may take to answer before it is listed as unknown. */
const STATUS_TIMEOUT_MS = 500;

/** One row of the listing: an instance, or a worktree where none runs (status "none"). */
export interface Row {
  worktree: string;
  branch: string | null;
  /** "unreachable": something answers on the lock's port but cannot prove it is that instance. */
  status: InstanceInfo["status"] | "none" | "unreachable";
  waitingFor: string | null;
  since: number | null;
  port: number | null;
  pid: number | null;
  claudePid: number | null;
  connected: boolean | null;
  startedAt: number | null;
  repo: string | null;
  /** The worktree's folder no longer exists (removed under a running instance, or a stale git entry). */
  missing: boolean;
  /** A finished turn the user has not looked at yet. */
  done: boolean | null;
  tmuxPane: string | null;
  tmuxSocket: string | null;
  sessionId: string | null;
  muted: boolean | null;
}

function isInstanceInfo(v: unknown): v is InstanceInfo {
  if (typeof v !== "object" || v === null) return false;
  const i = v as Record<string, unknown>;
  return (
    Number.isSafeInteger(i.pid) &&
    typeof i.workspace === "string" &&
    typeof i.connected === "boolean" &&
    typeof i.startedAt === "number" &&
    typeof i.since === "number" &&
    (STATUSES as readonly unknown[]).includes(i.status)
  );
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The alert fields, checked one by one: an instance from before they existed reports none of them. */
function alertFields(i: Record<string, unknown>): Pick<Row, "done" | "tmuxPane" | "tmuxSocket" | "sessionId" | "muted"> {
  return {
    done: i.done === true,
    tmuxPane: isPaneId(i.tmuxPane) ? i.tmuxPane : null,
    tmuxSocket: typeof i.tmuxSocket === "string" && i.tmuxSocket.startsWith("/") ? i.tmuxSocket : null,
    sessionId: str(i.sessionId),
    muted: i.muted === true,
  };
}

/** A row with nothing known but where it is: a worktree with no instance. */
export const blankRow = (worktree: string, branch: string | null, repo: string | null): Row => ({
  worktree,
  branch,
  status: "none",
  waitingFor: null,
  since: null,
  port: null,
  pid: null,
  claudePid: null,
  connected: null,
  startedAt: null,
  repo,
  missing: false,
  done: null,
  tmuxPane: null,
  tmuxSocket: null,
  sessionId: null,
  muted: null,
});

/** A live instance: what it reported (or what its lock says), and the lock that lets us reach it. */
export interface Instance {
  row: Row;
  connectedAt: number | null;
  lock: FoundLock;
}

/** An instance's report (a --list answer, a --watch status event), checked; undefined when it is not one. */
export function instanceOf(info: unknown, found: FoundLock): Instance | undefined {
  if (!isInstanceInfo(info)) return undefined;
  const i = info as InstanceInfo;
  const row: Row = {
    worktree: i.workspace,
    branch: str(i.branch),
    status: i.status,
    waitingFor: str(i.waitingFor),
    since: i.since,
    port: i.port,
    pid: i.pid,
    claudePid: i.claudePid,
    connected: i.connected,
    startedAt: i.startedAt,
    repo: str(i.repo),
    missing: false,
    ...alertFields(info as unknown as Record<string, unknown>),
  };
  return { row, connectedAt: i.connectedAt ?? null, lock: found };
}

/**
 * An instance known only from its lock: alive by pid but not answering (unknown), or something on
 * its port that could not prove it is that instance (unreachable), as the error says.
 */
export function silentInstance(found: FoundLock, error?: unknown): Instance {
  const { port, lock } = found;
  const status = error instanceof InstanceError && error.kind === "unproven" ? "unreachable" : "unknown";
  const row = blankRow(lock.workspaceFolders[0] ?? "?", branchFromIdeName(lock.ideName), null);
  return { row: { ...row, status, port, pid: lock.pid }, connectedAt: null, lock: found };
}

/** Asks one instance for its status; one that cannot answer or prove itself is listed from its lock. */
async function askInstance(found: FoundLock, timeoutMs: number): Promise<Instance> {
  try {
    const res = await callInstance(found, { method: "GET", target: STATUS_PATH, timeoutMs });
    const instance = instanceOf(res.ok ? await res.json() : undefined, found);
    if (instance) return instance;
  } catch (e) {
    return silentInstance(found, e);
  }
  return silentInstance(found);
}

/** timeoutMs: how long one instance may take to answer (the status line, run every second, waits less). */
export const liveInstances = (env: Env, timeoutMs = STATUS_TIMEOUT_MS): Promise<Instance[]> =>
  Promise.all(liveLocks(env).map((l) => askInstance(l, timeoutMs)));

/** The locks of the live cc-wt instances, for a caller that needs to know only where they run (no request is made). */
export const liveLocks = (env: Env): FoundLock[] => liveCcWtLocks(ideLockDir(env));

