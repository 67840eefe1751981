import { expect, test } from "bun:test";
import { blankRow, type Row } from "../../../src/control/instances.ts";
import { type Listing } from "../../../src/list/collect.ts";
import { duration, toJson, toTable } from "../../../src/list/render.ts";
import { colorsFor } from "../../../src/colors.ts";

const plain = colorsFor({ isTTY: false }, {});

const row = (over: Partial<Row>): Row => ({ ...blankRow("/src/app", "main", "/src/app"), ...over });

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const listing: Listing = {
  repo: "/src/app",
  rows: [
    row({}),
    row({
      worktree: "/src/app-x",
      branch: "x",
      status: "waiting",
      waitingFor: "permission prompt",
      since: NOW - 75_000,
      port: 41000,
      pid: 10,
      claudePid: 11,
      connected: true,
      startedAt: NOW - 3_600_000,
    }),
    row({ worktree: "/src/app-x", branch: "x", status: "busy", since: NOW - 5000, port: 41001, pid: 12, claudePid: 13, connected: false, startedAt: NOW - 9000 }),
  ],
};

test("duration reads at a glance", () => {
  expect([0, 59_999, 60_000, 3_599_000, 3_600_000, 3_660_000, 90_000_000].map(duration)).toEqual([
    "0s",
    "59s",
    "1m",
    "59m",
    "1h",
    "1h 1m",
    "1d 1h",
  ]);
});

test("--json has every documented field on every row, times as ISO 8601", () => {
  const rows = JSON.parse(toJson(listing)) as Record<string, unknown>[];
  const fields = ["worktree", "branch", "status", "waitingFor", "since", "port", "pid", "claudePid", "connected", "startedAt", "repo",
    "done", "tmuxPane", "tmuxSocket", "sessionId", "muted", "worktreeMissing"];
  for (const r of rows) expect(Object.keys(r)).toEqual(fields);
  expect(rows[0]).toMatchObject({ status: "none", port: null, since: null });
  expect(rows[1]).toMatchObject({
    status: "waiting",
    waitingFor: "permission prompt",
    since: new Date(NOW - 75_000).toISOString(),
    claudePid: 11,
    connected: true,
  });
});

test("the table is aligned, says what each worktree is doing, and flags a shared worktree", () => {
  const out = toTable(listing, NOW, plain);
  expect(out).not.toContain("\x1b[");
  const lines = out.trimEnd().split("\n");
  expect(lines[0]).toBe("repository /src/app");
  const header = lines[1]!;
  // Worktrees by their folder beside the repository; no ports or pids unless --wide.
  expect(header).toMatch(/^WORKTREE\s+BRANCH\s+STATUS\s+IN STATUS\s+IDE\s+PANE\s+RUNNING$/);
  expect(lines[2]).toMatch(/^app\s+main\s+not running\s+-/);
  expect(lines[3]).toMatch(/^app-x\s+x\s+waiting: permission prompt\s+1m\s+yes\s+-\s+1h$/);
  // Columns line up: each value starts where its header does.
  expect(lines[3]!.indexOf("1m")).toBe(header.indexOf("IN STATUS"));
  expect(lines[4]!.indexOf("busy")).toBe(header.indexOf("STATUS"));
  expect(out).toContain("note: 2 instances share /src/app-x");
  expect(lines.at(-1)).toBe("2 running, 1 waiting for you");
});

test("--wide: every column, full paths", () => {
  const lines = toTable(listing, NOW, plain, { wide: true }).trimEnd().split("\n");
  expect(lines[1]).toMatch(/^WORKTREE\s+BRANCH\s+STATUS\s+IN STATUS\s+PORT\s+PID\s+CLAUDE PID\s+IDE\s+PANE\s+SESSION\s+RUNNING$/);
  expect(lines[3]).toMatch(/^\/src\/app-x\s+x\s+waiting: permission prompt\s+1m\s+41000\s+10\s+11\s+yes\s+-\s+-\s+1h$/);
  expect(lines[3]!.indexOf("41000")).toBe(lines[1]!.indexOf("PORT"));
});

test("on an 80-column terminal (a --panes pane) no line of the table wraps; long names are cut with …", () => {
  const long: Listing = {
    repo: "/home/someone/src/a-rather-long-repository-name",
    rows: [
      row({
        repo: "/home/someone/src/a-rather-long-repository-name",
        worktree: "/home/someone/src/a-rather-long-repository-name-feature-with-a-long-branch-name",
        branch: "feature/with-a-long-branch-name-that-goes-on",
        status: "waiting",
        waitingFor: "permission prompt",
        since: NOW - 75_000,
        connected: true,
        tmuxPane: "%12",
        startedAt: NOW - 3_700_000,
      }),
    ],
  };
  // At 80 columns the status is whole; narrower, it is cut last.
  expect(toTable(long, NOW, plain, { width: 80 })).toMatch(/ waiting: permission prompt  /);
  for (const width of [80, 60]) {
    const lines = toTable(long, NOW, plain, { width }).trimEnd().split("\n").slice(1, 3);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
    expect(lines[1]).toContain("…");
    // What is kept: the end of the folder, the start of the branch and status, every short column whole.
    expect(lines[1]).toMatch(/^…[a-z-]+name\s+feature\/\w*…\s+waitin.*\s+1m\s+yes\s+%12\s+1h 1m$/);
  }
  // In a pipe (no width), nothing is cut.
  expect(toTable(long, NOW, plain)).toContain("feature/with-a-long-branch-name-that-goes-on");
});

test("a Claude that has not connected for a long time is shown with a hint", () => {
  const slow: Listing = { repo: "/src/app", rows: [row({ status: "starting", since: NOW - 5 * 60_000, startedAt: NOW - 5 * 60_000, pid: 7 })] };
  expect(toTable(slow, NOW, plain)).toContain("note: /src/app: Claude has not connected in 5m: is it stopped at a prompt (trust, login)?");
  const fresh: Listing = { repo: "/src/app", rows: [row({ status: "starting", since: NOW - 3000, startedAt: NOW - 3000, pid: 7 })] };
  expect(toTable(fresh, NOW, plain)).not.toContain("has not connected");
});

test("--all groups by repository, and an empty machine says so", () => {
  const all: Listing = { rows: [row({ status: "idle", repo: "/a" }), row({ status: "idle", repo: null, worktree: "/tmp/x" })] };
  const out = toTable(all, NOW, plain);
  expect(out).toContain("repository /a\n");
  expect(out).toContain("outside any repository\n");
  expect(toTable({ rows: [] }, NOW, plain)).toBe("No cc-wt instance is running.\n");
});

test("colour only on a terminal: never in a pipe (even in CI), never with NO_COLOR, always with FORCE_COLOR", () => {
  const coloured = (stream: { isTTY?: boolean }, env: Record<string, string>) =>
    toTable(listing, NOW, colorsFor(stream, env)).includes("\x1b[");
  expect(coloured({ isTTY: true }, {})).toBe(true);
  expect(coloured({ isTTY: false }, { CI: "true" })).toBe(false);
  expect(coloured({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
  expect(coloured({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  expect(coloured({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
  // The waiting row stands out in its own colour.
  expect(toTable(listing, NOW, colorsFor({ isTTY: true }, {}))).toContain("\x1b[1m\x1b[35mwaiting: permission prompt");
});

test("shell is idle with a background task; a finished turn is done until looked at; a user's own dialog is not waiting", () => {
  const rows: Listing = {
    repo: "/src/app",
    rows: [
      row({ status: "shell", pid: 1, since: NOW, startedAt: NOW }),
      row({ status: "shell", done: true, pid: 2, since: NOW, startedAt: NOW, tmuxPane: "%3", sessionId: "1f0e2d3c-aaaa-bbbb-cccc-000000000000" }),
      row({ status: "idle", done: true, pid: 3, since: NOW, startedAt: NOW }),
      row({ status: "waiting", waitingFor: "dialog open", pid: 4, since: NOW, startedAt: NOW }),
      row({ status: "waiting", waitingFor: "sandbox request", muted: true, pid: 5, since: NOW, startedAt: NOW }),
    ],
  };
  const lines = toTable(rows, NOW, plain, { wide: true }).trimEnd().split("\n");
  expect(lines[2]).toMatch(/\sidle · background task\s/);
  expect(lines[3]).toMatch(/\sdone · background task\s.*\s%3\s+1f0e2d3c\s/);
  expect(lines[4]).toMatch(/\sdone\s/);
  expect(lines[5]).toMatch(/\swaiting: dialog open\s/);
  expect(lines[6]).toMatch(/\swaiting: sandbox request · muted\s/);
  expect(lines.at(-1)).toBe("5 running, 1 waiting for you, 2 done");
});

test("names and statuses from outside never reach the terminal as control characters, in the table or in --json", () => {
  const evil: Listing = {
    repo: "/src/app\x1b[2J",
    rows: [
      row({
        worktree: "/src/a\x1b]52;c;cHduZWQ=\x07b",
        branch: "x\x9b31m\u202e",
        status: "waiting",
        waitingFor: "permission\x1b]0;owned\x07 prompt\r\x7f",
        pid: 1,
      }),
    ],
  };
  const table = toTable(evil, NOW, plain);
  expect(table).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  expect(table).toContain("\na\\x1b]52;c;cHduZWQ=\\x07b");
  expect(toTable(evil, NOW, plain, { wide: true })).toContain("/src/a\\x1b]52;c;cHduZWQ=\\x07b");
  expect(table).toContain("x\\x9b31m\\u{202e}");
  expect(table).toContain("waiting: permission\\x1b]0;owned\\x07 prompt\\r\\x7f");
  expect(table).toContain("repository /src/app\\x1b[2J");
  const json = toJson(evil);
  expect(json).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  // Escaped as JSON escapes: a script reading it gets the names back exactly.
  const [back] = JSON.parse(json) as Record<string, unknown>[];
  expect(back).toMatchObject({ worktree: evil.rows[0]!.worktree, branch: evil.rows[0]!.branch, waitingFor: evil.rows[0]!.waitingFor });
  expect(json).toContain("x\\u009b31m\\u202e");
});
