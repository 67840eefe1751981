import { homedir } from "node:os";
import { colorsFor, type Colors } from "../colors.ts";
import { USER_DIALOG } from "../alerts/transitions.ts";
import { jsonText, printable } from "../text/untrusted.ts";
import type { Listing, Row } from "./collect.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The documented --json shape: every field present on every row, null when not known. Times are ISO 8601. */
export function toJson(listing: Listing): string {
  const rows = listing.rows.map((r) => ({
    worktree: r.worktree,
    branch: r.branch,
    status: r.status,
    waitingFor: r.waitingFor,
    since: iso(r.since),
    port: r.port,
    pid: r.pid,
    claudePid: r.claudePid,
    connected: r.connected,
    startedAt: iso(r.startedAt),
    repo: r.repo,
    done: r.done,
    tmuxPane: r.tmuxPane,
    tmuxSocket: r.tmuxSocket,
    sessionId: r.sessionId,
    muted: r.muted,
    worktreeMissing: r.missing,
  }));
  return `${jsonText(rows)}\n`;
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const home = homedir();
export const shortPath = (p: string): string => (p === home || p.startsWith(`${home}/`) ? `~${p.slice(home.length)}` : p);

/** Paths, branches and statuses come from git, lock files and other instances: shown, never obeyed. */
const shown = (p: string): string => printable(shortPath(p));

export const statusColour = (pc: Colors): Record<Row["status"], (s: string) => string> => ({
  busy: pc.yellow,
  waiting: (s) => pc.bold(pc.magenta(s)),
  idle: pc.green,
  shell: pc.green,
  starting: pc.cyan,
  exited: pc.dim,
  unknown: pc.gray,
  none: pc.dim,
});

const COLUMNS = ["WORKTREE", "BRANCH", "STATUS", "FOR", "PORT", "PID", "CLAUDE", "IDE", "PANE", "SESSION", "UP"] as const;

/** The STATUS cell: Claude's status in words, "done" while a finished turn is unread, and whether alerts are muted. */
export function statusText(r: Row): string {
  const base =
    r.status === "none"
      ? "not running"
      : r.status === "waiting" && r.waitingFor
        ? `waiting: ${r.waitingFor}`
        : r.status === "shell"
          ? `${r.done ? "done" : "idle"} · background task`
          : r.done && r.status === "idle"
            ? "done"
            : r.status;
  return r.muted ? `${base} · muted` : base;
}

/** Waiting for the user for Claude's own reasons (a dialog the user opened is not counted). */
export const waitsForUser = (r: Row): boolean => r.status === "waiting" && r.waitingFor !== USER_DIALOG;

/** A turn ended and nobody has looked since. */
export const unreadDone = (r: Row): boolean => r.done === true && (r.status === "idle" || r.status === "shell");

function cells(r: Row, now: number): string[] {
  const dash = "-";
  return [
    r.missing ? `${shortPath(r.worktree)} (folder gone)` : shortPath(r.worktree),
    r.branch ?? dash,
    statusText(r),
    r.since === null ? dash : duration(now - r.since),
    r.port === null ? dash : String(r.port),
    r.pid === null ? dash : String(r.pid),
    r.claudePid === null ? dash : String(r.claudePid),
    r.connected === null ? dash : r.connected ? "yes" : "no",
    r.tmuxPane ?? dash,
    r.sessionId ? r.sessionId.slice(0, 8) : dash,
    r.startedAt === null ? dash : duration(now - r.startedAt),
  ];
}

/** The aligned table, coloured only when stdout is a terminal (see colorsFor). */
export function toTable(listing: Listing, now = Date.now(), pc: Colors = colorsFor(process.stdout)): string {
  const colour = statusColour(pc);
  if (listing.rows.length === 0) return "No cc-wt instance is running.\n";
  const body = listing.rows.map((r) => cells(r, now).map(printable));
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...body.map((row) => row[i]!.length)));
  const line = (row: readonly string[], paint: (col: number, s: string) => string) =>
    row.map((c, i) => paint(i, i === row.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();

  const out: string[] = [];
  if (listing.repo) out.push(pc.dim(`repository ${shown(listing.repo)}`));
  out.push(line(COLUMNS, (_i, s) => pc.bold(s)));
  let group: string | null | undefined;
  listing.rows.forEach((r, k) => {
    // --all: a heading each time the repository changes.
    if (!listing.repo && r.repo !== group) {
      group = r.repo;
      out.push(pc.dim(group ? `repository ${shown(group)}` : "outside any repository"));
    }
    out.push(line(body[k]!, (i, s) => (i === 2 ? (unreadDone(r) ? pc.bold(pc.green(s)) : colour[r.status](s)) : s)));
  });

  const running = listing.rows.filter((r) => r.status !== "none");
  const counts = new Map<string, number>();
  for (const r of running) counts.set(r.worktree, (counts.get(r.worktree) ?? 0) + 1);
  for (const [wt, n] of counts) if (n > 1) out.push(pc.yellow(`note: ${n} instances share ${shown(wt)}`));
  const waiting = running.filter(waitsForUser).length;
  const done = running.filter(unreadDone).length;
  out.push(pc.dim(`${running.length} running${waiting ? `, ${waiting} waiting for you` : ""}${done ? `, ${done} done` : ""}`));
  return `${out.join("\n")}\n`;
}
