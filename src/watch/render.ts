// The live view's screen, as lines: a title with the counts, one row per Claude (or empty
// worktree) in the order of who needs the user, a line for messages or the `n` prompt, and the
// keys. Pure: the same view, size and colours always give the same lines (test/unit/watch/).
import { basename } from "node:path";
import type { Colors } from "../colors.ts";
import type { Row } from "../control/instances.ts";
import { unreadDone, waitsForUser } from "../alerts/transitions.ts";
import { duration, shortPath, statusColour, statusText } from "../list/render.ts";
import { printable } from "../text/untrusted.ts";
import { fit, widthOf } from "./text.ts";

export interface View {
  /** Already in the view's order (order.ts). */
  rows: readonly Row[];
  selected: number;
  /** What is watched: "repository ~/src/app", or every repository. */
  scope: string;
  /** The outcome of the last key's action (a jump that could not be done, a mute). */
  message?: string;
  /** The branch being typed after `n`, while the prompt is open. */
  prompt?: string;
  now: number;
}

export const KEYS_HELP = "↑↓/jk move  ⏎ go to pane  n new Claude  m mute  q quit";
export const PROMPT_LABEL = "New Claude in branch or worktree (⏎ start, Esc cancel): ";

const GAP = "  ";
const FOR_WIDTH = 6;

/** Columns for this width: the worktree path only where there is room for it. */
function columns(rows: readonly Row[], width: number) {
  const widest = (cells: string[], min: number, max: number) => Math.max(min, Math.min(max, Math.max(0, ...cells.map(widthOf))));
  const name = widest(rows.map(nameOf), 6, Math.max(6, Math.floor(width * 0.3)));
  const fixed = 2 + name + GAP.length + GAP.length + FOR_WIDTH;
  const statusWanted = widest(rows.map(statusOf), 8, 40);
  const rest = width - fixed - statusWanted - GAP.length;
  return rest >= 12 ? { name, status: statusWanted, path: rest } : { name, status: Math.max(1, width - fixed), path: 0 };
}

const nameOf = (r: Row): string => printable(r.branch ?? basename(r.worktree));
const statusOf = (r: Row): string => printable(statusText(r));
const pathOf = (r: Row): string => printable(r.missing ? `${shortPath(r.worktree)} (folder gone)` : shortPath(r.worktree));

function counts(rows: readonly Row[]): string {
  const n = (f: (r: Row) => boolean) => rows.filter(f).length;
  const parts = [
    [n(waitsForUser), "waiting"],
    [n(unreadDone), "done"],
    [n((r) => r.status === "busy"), "busy"],
    [n((r) => r.status !== "none"), "running"],
  ] as const;
  return parts.filter(([k]) => k > 0).map(([k, w]) => `${k} ${w}`).join(" · ");
}

/** Exactly `height` lines of at most `width` columns each (plus colour codes). */
export function renderView(v: View, width: number, height: number, pc: Colors): string[] {
  const col = columns(v.rows, width);
  const colour = statusColour(pc);
  const title = fit(`cc-wt --watch · ${printable(v.scope)}`, Math.max(0, width - widthOf(counts(v.rows)) - 1));
  const head = pc.bold(`${title} ${counts(v.rows)}`.trimEnd());
  const headings = pc.dim(
    [fit("", 2) + fit("BRANCH", col.name), fit("STATUS", col.status), fit("FOR", FOR_WIDTH), ...(col.path ? [fit("WORKTREE", col.path)] : [])].join(GAP).trimEnd(),
  );
  const rowLine = (r: Row, selected: boolean) => {
    const status = fit(statusOf(r), col.status);
    const cells = [
      fit(selected ? "›" : "", 2) + fit(nameOf(r), col.name),
      unreadDone(r) ? pc.bold(pc.green(status)) : colour[r.status](status),
      fit(r.since === null ? "-" : duration(v.now - r.since), FOR_WIDTH),
      ...(col.path ? [fit(pathOf(r), col.path)] : []),
    ];
    const line = cells.join(GAP);
    return selected ? pc.inverse(line) : line;
  };

  const bottom = [
    v.prompt !== undefined ? fit(PROMPT_LABEL + printable(v.prompt) + "█", width) : v.message ? pc.yellow(fit(printable(v.message), width)) : "",
    pc.dim(fit(KEYS_HELP, width)),
  ];
  const top = height >= 6 ? [head, headings] : [];
  const room = Math.max(0, height - top.length - bottom.length);
  // Scrolled so that the selected row is always on screen.
  const first = Math.min(Math.max(0, v.selected - room + 1), Math.max(0, v.rows.length - room));
  const body = v.rows.length === 0 ? [fit("No Claude here yet: press n to start one.", width)] : v.rows.slice(first, first + room).map((r, i) => rowLine(r, first + i === v.selected));
  const lines = [...top, ...body.slice(0, room)];
  while (lines.length < height - bottom.length) lines.push("");
  return [...lines, ...bottom].slice(0, height);
}
