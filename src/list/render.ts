import type { Colors } from "../colors.ts";
import { unreadDone, waitsForUser } from "../alerts/transitions.ts";
import { jsonText, printable } from "../text/untrusted.ts";
import type { Listing } from "./collect.ts";
import type { Row } from "../control/instances.ts";

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

// HOME as the shell has it (what ~ means to the reader), rather than node:os, which --list would
// load for this alone; without HOME, paths are shown whole.
const home = process.env.HOME?.replace(/\/+$/, "");
export const shortPath = (p: string): string => (home && (p === home || p.startsWith(`${home}/`)) ? `~${p.slice(home.length)}` : p);

/** The folder holding a path (as node:path's dirname for the absolute paths shown here). */
const parentOf = (p: string): string => {
  const trimmed = p.replace(/\/+$/, "");
  return trimmed.slice(0, trimmed.lastIndexOf("/")) || "/";
};

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
  unreachable: (s) => pc.bold(pc.red(s)),
  none: pc.dim,
});

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

export interface TableOptions {
  /** The terminal's width: the table is fitted into it (on a pipe, nothing is cut). */
  width?: number;
  /** Every column (ports and pids, the session) and full worktree paths. */
  wide?: boolean;
}

/** Claude has not connected after this long: something keeps it from the IDE server. */
export const SLOW_START_MS = 60_000;

interface Column {
  head: string;
  cell(r: Row, now: number, wide: boolean): string;
  /** Shown only with --wide. */
  wideOnly?: boolean;
  /** May be cut to fit the terminal: "start" keeps the end of the text (a path's last folders). */
  cut?: "start" | "end";
}

const dash = "-";
const orDash = (v: number | null): string => (v === null ? dash : String(v));

/** The worktree's folder relative to its repository's parent folder (app, app-feature…), else the path. */
function worktreeName(r: Row, wide: boolean): string {
  const parent = r.repo ? `${parentOf(r.repo)}/` : undefined;
  const name = !wide && parent && r.worktree.startsWith(parent) ? r.worktree.slice(parent.length) : shortPath(r.worktree);
  return r.missing ? `${name} (folder gone)` : name;
}

const COLUMNS: Column[] = [
  { head: "WORKTREE", cell: (r, _n, wide) => worktreeName(r, wide), cut: "start" },
  { head: "BRANCH", cell: (r) => r.branch ?? dash, cut: "end" },
  { head: "STATUS", cell: (r) => statusText(r), cut: "end" },
  { head: "IN STATUS", cell: (r, now) => (r.since === null ? dash : duration(now - r.since)) },
  { head: "PORT", cell: (r) => orDash(r.port), wideOnly: true },
  { head: "PID", cell: (r) => orDash(r.pid), wideOnly: true },
  { head: "CLAUDE PID", cell: (r) => orDash(r.claudePid), wideOnly: true },
  { head: "IDE", cell: (r) => (r.connected === null ? dash : r.connected ? "yes" : "no") },
  { head: "PANE", cell: (r) => r.tmuxPane ?? dash },
  { head: "SESSION", cell: (r) => (r.sessionId ? r.sessionId.slice(0, 8) : dash), wideOnly: true },
  { head: "RUNNING", cell: (r, now) => (r.startedAt === null ? dash : duration(now - r.startedAt)) },
];

const GAP = 2;

/**
 * Narrows the cuttable columns until the row fits in width: the worktree and branch first (the
 * widest of them, down to 10 characters), then the status, which says what Claude needs.
 */
function fit(cols: readonly Column[], widths: number[], width: number): void {
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  const stages: [string[], number][] = [
    [["WORKTREE", "BRANCH"], 9],
    [["STATUS"], "STATUS".length],
  ];
  for (const [heads, floor] of stages) {
    const candidates = cols.flatMap((c, i) => (heads.includes(c.head) ? [i] : []));
    while (total() > width) {
      const i = candidates.reduce((best, k) => (widths[k]! > floor && (best < 0 || widths[k]! > widths[best]!) ? k : best), -1);
      if (i < 0) break;
      widths[i]!--;
    }
  }
}

const cutTo = (s: string, w: number, how: Column["cut"]): string =>
  s.length <= w ? s : how === "start" ? `…${s.slice(s.length - w + 1)}` : `${s.slice(0, w - 1)}…`;

/** The aligned table, coloured only when stdout is a terminal (see colorsFor). */
export function toTable(listing: Listing, now: number, pc: Colors, opts: TableOptions = {}): string {
  const colour = statusColour(pc);
  if (listing.rows.length === 0) return "No cc-wt instance is running.\n";
  const wide = opts.wide === true;
  const cols = COLUMNS.filter((c) => wide || !c.wideOnly);
  const statusCol = cols.findIndex((c) => c.head === "STATUS");
  const body = listing.rows.map((r) => cols.map((c) => printable(c.cell(r, now, wide))));
  const widths = cols.map((c, i) => Math.max(c.head.length, ...body.map((row) => row[i]!.length)));
  if (opts.width) fit(cols, widths, opts.width);
  const line = (row: readonly string[], paint: (col: number, s: string) => string) =>
    row
      .map((c, i) => {
        const text = cutTo(c, widths[i]!, cols[i]!.cut);
        return paint(i, i === row.length - 1 ? text : text.padEnd(widths[i]!));
      })
      .join(" ".repeat(GAP))
      .trimEnd();

  const out: string[] = [];
  if (listing.repo) out.push(pc.dim(`repository ${shown(listing.repo)}`));
  out.push(line(cols.map((c) => c.head), (_i, s) => pc.bold(s)));
  let group: string | null | undefined;
  listing.rows.forEach((r, k) => {
    // --all: a heading each time the repository changes.
    if (!listing.repo && r.repo !== group) {
      group = r.repo;
      out.push(pc.dim(group ? `repository ${shown(group)}` : "outside any repository"));
    }
    out.push(line(body[k]!, (i, s) => (i === statusCol ? (unreadDone(r) ? pc.bold(pc.green(s)) : colour[r.status](s)) : s)));
  });

  for (const r of listing.rows) {
    if (r.status === "starting" && r.since !== null && now - r.since >= SLOW_START_MS) {
      out.push(
        pc.yellow(
          `note: ${shown(r.worktree)}: Claude has not connected in ${duration(now - r.since)}: ` +
            "is it stopped at a prompt (trust, login)? Look at its pane; CC_WT_DEBUG=1 logs why.",
        ),
      );
    }
  }
  const running = listing.rows.filter((r) => r.status !== "none");
  const counts = new Map<string, number>();
  for (const r of running) counts.set(r.worktree, (counts.get(r.worktree) ?? 0) + 1);
  for (const [wt, n] of counts) if (n > 1) out.push(pc.yellow(`note: ${n} instances share ${shown(wt)}`));
  const waiting = running.filter(waitsForUser).length;
  const done = running.filter(unreadDone).length;
  out.push(pc.dim(`${running.length} running${waiting ? `, ${waiting} waiting for you` : ""}${done ? `, ${done} done` : ""}`));
  return `${out.join("\n")}\n`;
}
