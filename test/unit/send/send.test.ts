import { expect, test } from "bun:test";
import type { Instance, Row } from "../../../src/control/instances.ts";
import { parseMention, parseSpan } from "../../../src/send/ranges.ts";
import { chooseInstance } from "../../../src/control/route.ts";
import { selectionOf } from "../../../src/send/send.ts";
import { CliError } from "../../../src/errors.ts";

test("mentions: a path, a line, a range; a path may hold colons of its own", () => {
  expect(parseMention("src/a.ts")).toEqual({ path: "src/a.ts" });
  expect(parseMention("src/a.ts:7")).toEqual({ path: "src/a.ts", start: 7, end: 7 });
  expect(parseMention("src/a.ts:3-5")).toEqual({ path: "src/a.ts", start: 3, end: 5 });
  expect(parseMention("c:/odd:name.ts:3-5")).toEqual({ path: "c:/odd:name.ts", start: 3, end: 5 });
  expect(parseMention("notes:draft")).toEqual({ path: "notes:draft" });
  expect(() => parseMention("a.ts:5-3")).toThrow(CliError);
  expect(() => parseMention("a.ts:0")).toThrow(/from 1 up/);
});

test("selections: lines with optional columns at either end", () => {
  expect(parseSpan("a.ts")).toEqual({ path: "a.ts" });
  expect(parseSpan("a.ts:4")).toEqual({ path: "a.ts", start: { line: 4, col: undefined }, end: { line: 4 } });
  expect(parseSpan("a.ts:2:3-4:5")).toEqual({ path: "a.ts", start: { line: 2, col: 3 }, end: { line: 4, col: 5 } });
  expect(parseSpan("a.ts:2-4")).toEqual({ path: "a.ts", start: { line: 2, col: undefined }, end: { line: 4, col: undefined } });
  expect(() => parseSpan("a.ts:4-2")).toThrow(/ends before it starts/);
  expect(() => parseSpan("a.ts:2:5-2:3")).toThrow(/ends before it starts/);
});

const file = "alpha\nbravo\ncharlie\ndelta\n";

test("the selected text and the 0-based, end-exclusive range the client expects", () => {
  expect(selectionOf(parseSpan("f:2:2-3:4"), file, undefined)).toEqual({
    start: { line: 1, character: 1 },
    end: { line: 2, character: 4 },
    isEmpty: false,
    text: "ravo\nchar",
  });
  // No columns: whole lines, the end at the end of the last line.
  expect(selectionOf(parseSpan("f:2-3"), file, undefined)).toMatchObject({ end: { line: 2, character: 7 }, text: "bravo\ncharlie" });
  // No range: the file is active, nothing is selected.
  expect(selectionOf(parseSpan("f"), file, undefined)).toEqual({
    start: { line: 0, character: 0 },
    end: { line: 0, character: 0 },
    isEmpty: true,
    text: "",
  });
  // --stdin: the text is the editor's (an unsaved buffer), the range is the command line's.
  expect(selectionOf(parseSpan("f:1-2"), undefined, "unsaved\nlines")).toMatchObject({ text: "unsaved\nlines", end: { line: 1, character: 5 } });
});

const instance = (worktree: string, port: number, connectedAt: number | null): Instance => ({
  row: { worktree, port, pid: port + 1, startedAt: 0 } as Row,
  connectedAt,
  lock: { path: "", port, lock: { pid: port + 1, workspaceFolders: [worktree], ideName: "cc-wt", transport: "ws", authToken: "t", runningInWindows: false } },
});

test("routing: the deepest worktree holding the file, then the most recently connected", () => {
  const all = [instance("/src/app", 1, 10), instance("/src/app/nested", 2, 5), instance("/src/app/nested", 3, 20), instance("/src/app2", 4, 99)];
  expect(chooseInstance("/src/app/nested/x.ts", all, {}).row.port).toBe(3);
  expect(chooseInstance("/src/app/x.ts", all, {}).row.port).toBe(1);
  // A sibling whose name merely starts the same is not a parent.
  expect(chooseInstance("/src/app2/x.ts", all, {}).row.port).toBe(4);
  expect(chooseInstance("/src/app/nested/x.ts", all, { port: 2 }).row.port).toBe(2);
  expect(chooseInstance("/anywhere", all, { pid: 5 }).row.port).toBe(4);
});

test("routing failures name what is running", () => {
  const all = [instance("/src/app", 1, 10)];
  expect(() => chooseInstance("/etc/x", all, {})).toThrow(CliError);
  expect(() => chooseInstance("/etc/x", all, {})).toThrow(/\/src\/app \(port 1, pid 2\)/);
  expect(() => chooseInstance("/src/app/x", all, { port: 9 })).toThrow(/No cc-wt runs with port 9/);
  expect(() => chooseInstance("/x", [], {})).toThrow(/none is running/);
});
