import { expect, test } from "bun:test";
import { blankRow, type Row } from "../../../src/control/instances.ts";
import { rowKey, sortRows } from "../../../src/watch/order.ts";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
let pid = 100;
const row = (branch: string, over: Partial<Row> = {}): Row => ({
  ...blankRow(`/src/${branch}`, branch, "/src/app"),
  ...(over.status && over.status !== "none" ? { pid: pid++, port: 40000 + pid } : {}),
  ...over,
});

test("who needs the user comes first: waiting (longest first), unread done (oldest first), busy, idle, starting, unknown or unreachable, not running", () => {
  const rows = [
    row("none1"),
    row("idle1", { status: "idle", since: NOW - 1000 }),
    row("starting", { status: "starting", since: NOW - 10 }),
    row("wait-new", { status: "waiting", waitingFor: "permission prompt", since: NOW - 5_000 }),
    row("busy", { status: "busy", since: NOW - 100 }),
    row("done-new", { status: "idle", done: true, since: NOW - 1_000 }),
    row("unknown", { status: "unknown", since: NOW }),
    row("unreachable", { status: "unreachable", since: null }),
    row("wait-old", { status: "waiting", waitingFor: "input needed", since: NOW - 60_000 }),
    row("done-old", { status: "shell", done: true, since: NOW - 90_000 }),
    row("dialog", { status: "waiting", waitingFor: "dialog open", since: NOW - 999_000 }),
    row("shell", { status: "shell", since: NOW - 3 }),
  ];
  expect(sortRows(rows).map((r) => r.branch)).toEqual([
    "wait-old",
    "wait-new",
    "done-old",
    "done-new",
    "busy",
    // idle, a dialog the user opened themselves and idle with a background task keep the listing's order
    "idle1",
    "dialog",
    "shell",
    "starting",
    "unknown",
    "unreachable",
    "none1",
  ]);
  // A copy: the listing itself is left in its order.
  expect(rows[0]!.branch).toBe("none1");
});

test("a row is known by its instance, or by its worktree when nothing runs there", () => {
  expect(rowKey(row("x"))).toBe("wt:/src/x");
  expect(rowKey(row("y", { status: "busy", pid: 42 }))).toBe("pid:42");
});
