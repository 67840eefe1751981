import { expect, test } from "bun:test";
import { homedir } from "node:os";
import { colorsFor } from "../../../src/colors.ts";
import { blankRow, type Row } from "../../../src/control/instances.ts";
import { sortRows } from "../../../src/watch/order.ts";
import { KEYS_HELP, renderView, type View } from "../../../src/watch/render.ts";
import { fit, widthOf } from "../../../src/watch/text.ts";

const plain = colorsFor({ isTTY: false }, { NO_COLOR: "1" });
const colour = colorsFor({ isTTY: true }, { FORCE_COLOR: "1" });
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const H = homedir();
const row = (branch: string, over: Partial<Row> = {}): Row => ({ ...blankRow(`${H}/src/app-${branch}`, branch, `${H}/src/app`), ...over });

const rows = sortRows([
  row("main", { worktree: `${H}/src/app` }),
  row("feature", { status: "busy", since: NOW - 75_000, pid: 10, port: 41000 }),
  row("fix", { status: "waiting", waitingFor: "permission prompt", since: NOW - 12_000, pid: 11, port: 41001 }),
  row("docs", { status: "idle", done: true, since: NOW - 4 * 60_000, pid: 12, port: 41002, muted: true }),
]);
const view: View = { rows, selected: 0, scope: "repository ~/src/app", now: NOW };
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

test("80 columns, no colour: every column, who needs you on top, selected row marked, keys at the bottom", () => {
  const lines = renderView(view, 80, 12, plain);
  expect(lines.map((l) => l.trimEnd())).toEqual([
    "cc-wt --watch · repository ~/src/app     1 waiting · 1 done · 1 busy · 3 running",
    "  BRANCH   STATUS                      FOR     WORKTREE",
    "› fix      waiting: permission prompt  12s     ~/src/app-fix",
    "  docs     done · muted                4m      ~/src/app-docs",
    "  feature  busy                        1m      ~/src/app-feature",
    "  main     not running                 -       ~/src/app",
    "",
    "",
    "",
    "",
    "",
    KEYS_HELP,
  ]);
  for (const l of lines) expect(l).not.toContain("\x1b");
});

test("at 120, 80 and 40 columns no line is wider than the terminal; at 40 the worktree column goes", () => {
  for (const width of [120, 80, 40]) {
    const lines = renderView(view, width, 10, colour);
    expect(lines).toHaveLength(10);
    for (const l of lines) expect(widthOf(strip(l))).toBeLessThanOrEqual(width);
    expect(strip(lines[1]!).includes("WORKTREE")).toBe(width >= 80);
    expect(strip(lines[2]!)).toStartWith("› fix");
  }
  const narrow = renderView(view, 40, 10, plain);
  expect(narrow[2]).toBe("› fix      waiting: permission …  12s   ");
});

test("colour: the selected row in reverse video, statuses in --list's colours; NO_COLOR leaves no escape at all", () => {
  const lines = renderView({ ...view, selected: 2 }, 100, 10, colour);
  expect(lines[4]).toStartWith("\x1b[7m› feature");
  expect(lines[2]).toContain("\x1b[35m"); // waiting: magenta
  expect(lines[2]).not.toStartWith("\x1b[7m");
});

test("the selection stays on screen in a short terminal; a message or the n prompt sits above the keys", () => {
  const many = Array.from({ length: 30 }, (_, i) => row(`b${i}`));
  const lines = renderView({ ...view, rows: many, selected: 25, message: "Went to b25." }, 80, 8, plain);
  expect(lines).toHaveLength(8);
  expect(lines.filter((l) => l.startsWith("›"))).toEqual([expect.stringContaining("b25")]);
  expect(lines[6]!.trimEnd()).toBe("Went to b25.");
  const prompting = renderView({ ...view, prompt: "spike" }, 80, 8, plain);
  expect(prompting[6]).toContain(": spike█");
});

test("names from outside are shown, never obeyed, and cut by the columns they take (wide characters)", () => {
  const hostile = [
    row("x\x1b[2J\x1b]0;pwned\x07", { status: "waiting", waitingFor: "\x1b[31mred\u202e", since: NOW, pid: 1, port: 1 }),
    row("機能ブランチ機能ブランチ機能ブランチ機能", { status: "busy", since: NOW, pid: 2, port: 2 }),
  ];
  const lines = renderView({ ...view, rows: hostile }, 60, 8, plain);
  const text = lines.join("\n");
  expect(text).not.toContain("\x1b");
  expect(text).not.toContain("\x07");
  expect(text).not.toContain("\u202e");
  expect(text).toContain("x\\x1b[2J\\x1b]0;pwned\\x07".slice(0, 10));
  for (const l of lines) expect(widthOf(l)).toBeLessThanOrEqual(60);
  expect(lines[3]).toMatch(/^ {2}機能ブランチ機.*…/);
});

test("fit pads and cuts by display width without splitting a character", () => {
  expect(fit("abc", 5)).toBe("abc  ");
  expect(fit("abcdef", 4)).toBe("abc…");
  expect(fit("日本語", 4)).toBe("日…" + " ");
  expect(widthOf(fit("日本語", 4))).toBe(4);
  expect(fit("👍🏽ok", 3)).toBe("👍🏽…");
  expect(fit("x", 0)).toBe("");
});
