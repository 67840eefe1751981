// `cc-wt --status-line`: counts for tmux's status-right, e.g. "⏳2 ✔1 ●3" (waiting / done / busy).
// Only numbers and cc-wt's own styles go into the format: no name from outside reaches tmux.
import type { Row } from "../control/instances.ts";
import { unreadDone, waitsForUser } from "./transitions.ts";

const PARTS: [symbol: string, style: string, count: (r: Row) => boolean][] = [
  ["⏳", "fg=magenta,bold", waitsForUser],
  ["✔", "fg=green,bold", unreadDone],
  ["●", "fg=yellow", (r) => r.status === "busy"],
];

export function statusLine(rows: readonly Row[], colour: boolean): string {
  return PARTS.map(([symbol, style, counts]) => {
    const n = rows.filter(counts).length;
    if (n === 0) return "";
    return colour ? `#[${style}]${symbol}${n}#[default]` : `${symbol}${n}`;
  })
    .filter(Boolean)
    .join(" ");
}
