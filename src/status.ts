// What a running instance says about itself, and how its status is derived from Claude's own
// signals: the session record the client keeps at $CLAUDE_CONFIG_DIR/sessions/<pid>.json
// (docs/session-record.md: its fields, values and the client versions verified). Never from the screen.
import { join } from "node:path";
import type { Status } from "./control/instances.ts";
import { readOwnFile } from "./fs/owned.ts";

/** A session record is a few hundred bytes; anything this large is not one. */
const MAX_RECORD_BYTES = 256 * 1024;

/** What the launcher knows about its claude, moment by moment. */
export interface InstanceState {
  startedAt: number;
  claudePid?: number;
  /** The pid the client announced in ide_connected: the real client, even behind a wrapper script. */
  clientPid?: number;
  connectedAt?: number;
  exitedAt?: number;
}

export interface SessionRecord {
  status: string;
  /** "interactive" for a terminal session; print mode never connects to an IDE. */
  kind?: string;
  waitingFor?: string;
  statusUpdatedAt?: number;
  updatedAt?: number;
  sessionId?: string;
  /** "session:@window.%pane", written once when the client starts inside tmux. */
  tmux?: string;
  /** The directory the client works in (after `-w NAME`, the worktree it made). */
  cwd?: string;
  /** The process's start time as the kernel counts it (proc.ts startToken): with the pid, one process for good. */
  procStart?: string;
}

/** The pane id ("%3") at the end of the record's tmux field; the session name before it is free text. */
export function paneFromRecord(tmux: string | undefined): string | undefined {
  return tmux === undefined ? undefined : /\.(%\d+)$/.exec(tmux)?.[1];
}

export function readSessionRecord(configDir: string, pid: number): SessionRecord | undefined {
  try {
    // Only our own regular file, never through a link, never blocking on a FIFO, never huge.
    const text = readOwnFile(join(configDir, "sessions", `${pid}.json`), MAX_RECORD_BYTES);
    if (text === undefined) return undefined;
    const v = JSON.parse(text) as Record<string, unknown>;
    if (typeof v.status !== "string") return undefined;
    return {
      status: v.status,
      kind: typeof v.kind === "string" ? v.kind : undefined,
      waitingFor: typeof v.waitingFor === "string" ? v.waitingFor : undefined,
      statusUpdatedAt: typeof v.statusUpdatedAt === "number" ? v.statusUpdatedAt : undefined,
      updatedAt: typeof v.updatedAt === "number" ? v.updatedAt : undefined,
      sessionId: typeof v.sessionId === "string" ? v.sessionId : undefined,
      tmux: typeof v.tmux === "string" ? v.tmux : undefined,
      cwd: typeof v.cwd === "string" ? v.cwd : undefined,
      procStart: typeof v.procStart === "string" ? v.procStart : undefined,
    };
  } catch {
    return undefined;
  }
}

const CLIENT_STATUSES: ReadonlySet<string> = new Set(["busy", "waiting", "idle", "shell"]);

/** The status and since when, from the launcher's state and the client's own record if it has one. */
export function deriveStatus(
  state: InstanceState,
  record: SessionRecord | undefined,
): { status: Status; waitingFor: string | null; since: number } {
  if (state.exitedAt !== undefined) return { status: "exited", waitingFor: null, since: state.exitedAt };
  // An interactive client writes its record a moment before it connects: until it connects it is
  // still starting, as far as the IDE side is concerned. A non-interactive one never connects.
  const willConnect = record?.kind === undefined || record.kind === "interactive";
  if (state.connectedAt === undefined && willConnect) return { status: "starting", waitingFor: null, since: state.startedAt };
  if (record && CLIENT_STATUSES.has(record.status)) {
    return {
      status: record.status as Status,
      waitingFor: record.status === "waiting" ? (record.waitingFor ?? null) : null,
      since: record.statusUpdatedAt ?? record.updatedAt ?? state.connectedAt ?? state.startedAt,
    };
  }
  // The client keeps no record we understand: say so rather than guess.
  return { status: "unknown", waitingFor: null, since: state.connectedAt ?? state.startedAt };
}
