// Gathers what `cc-wt --list` shows: the live cc-wt instances (from their lock files, each asked
// for its own status with its own token) and, by default, the worktrees of this repository.
import { existsSync } from "node:fs";
import { isPaneId } from "../alerts/focus.ts";
import { listWorktrees, type Worktree } from "../git.ts";
import { callInstance, InstanceError } from "../ide/client.ts";
import { liveCcWtLocks, type FoundLock } from "../lockfile.ts";
import { ideLockDir } from "../paths.ts";
import { STATUS_PATH, STATUSES, type InstanceInfo } from "../status.ts";

type Env = Record<string, string | undefined>;

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

/** The branch an instance announced in its lock's ideName, "cc-wt (branch)". */
const branchFromIdeName = (ideName: string): string | null => /^cc-wt \((.*)\)$/.exec(ideName)?.[1] ?? null;

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
  Promise.all(liveCcWtLocks(ideLockDir(env)).map((l) => askInstance(l, timeoutMs)));

export interface Listing {
  /** The repository listed by default, or undefined for every instance on the machine. */
  repo?: string;
  rows: Row[];
}

const markMissing = (rows: Row[]): Row[] => rows.map((r) => ({ ...r, missing: !existsSync(r.worktree) }));

const byStart = (a: Row, b: Row) => (a.startedAt ?? 0) - (b.startedAt ?? 0);

/**
 * Default scope: every worktree of the repository holding cwd, each with its instances or a
 * "none" row, plus this repository's instances in folders that are no longer worktrees.
 * Outside a repository, or with all: every live instance, ordered by repository.
 */
export async function collect(cwd: string, env: Env, all: boolean): Promise<Listing> {
  const [live, worktrees] = await Promise.all([liveInstances(env), all ? undefined : listWorktrees(cwd)]);
  return arrange(live.map((i) => i.row), worktrees);
}

/** The listing's rows from the instances and, unless every instance is wanted, the repository's worktrees. */
export function arrange(instances: Row[], worktrees: readonly Worktree[] | undefined): Listing {
  if (!worktrees) {
    const key = (r: Row) => `${r.repo ?? "\uffff"}\0${r.worktree}`;
    return { rows: markMissing([...instances].sort((a, b) => key(a).localeCompare(key(b)) || byStart(a, b))) };
  }
  const repo = worktrees[0]?.path;
  const rows: Row[] = [];
  const shown = new Set<Row>();
  for (const wt of worktrees.filter((w) => !w.bare)) {
    const here = instances.filter((i) => i.worktree === wt.path).sort(byStart);
    here.forEach((i) => shown.add(i));
    rows.push(...(here.length ? here : [blankRow(wt.path, wt.branch ?? null, repo ?? null)]));
  }
  rows.push(...instances.filter((i) => !shown.has(i) && i.repo === repo).sort(byStart));
  return { repo, rows: markMissing(rows) };
}
