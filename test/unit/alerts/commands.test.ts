// What --jump, --status-line and --mute decide, from rows as --list collects them.
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chooseRow } from "../../../src/alerts/jump.ts";
import { isMuted, setMuted } from "../../../src/alerts/mute.ts";
import { statusLine } from "../../../src/alerts/statusLine.ts";
import { nextToVisit, pickWorktree } from "../../../src/alerts/target.ts";
import type { CliError } from "../../../src/errors.ts";
import { blankRow, type Row } from "../../../src/control/instances.ts";

let n = 0;
const row = (over: Partial<Row>): Row => ({
  ...blankRow(`/src/app-${++n}`, `b${n}`, "/src/app"),
  status: "idle",
  pid: 100 + n,
  claudePid: 200 + n,
  since: 1000,
  startedAt: 0,
  done: false,
  ...over,
});

test("--jump with no target: the longest wait first, then the oldest unread turn; a user's own dialog is not a wait", () => {
  const doneOld = row({ done: true, since: 10 });
  const doneNew = row({ status: "shell", done: true, since: 20 });
  const waitNew = row({ status: "waiting", waitingFor: "permission prompt", since: 500 });
  const waitOld = row({ status: "waiting", waitingFor: "input needed", since: 300 });
  const dialog = row({ status: "waiting", waitingFor: "dialog open", since: 1 });
  expect(nextToVisit([doneNew, doneOld, waitNew, waitOld, dialog])).toBe(waitOld);
  expect(nextToVisit([doneNew, doneOld, dialog, row({ status: "busy" })])).toBe(doneOld);
  expect(nextToVisit([dialog, row({})])).toBeUndefined();
  expect(chooseRow([dialog], undefined, "/")).toBe("No Claude is waiting for you.");
});

test("--jump TARGET: a branch, a worktree path or a pid (cc-wt's or claude's); the one in tmux first", () => {
  const a = row({ branch: "feature-a", worktree: "/src/a" });
  const inTmux = row({ branch: "feature-a", worktree: "/src/a", tmuxPane: "%4" });
  const b = row({ branch: "b", worktree: "/src/b", pid: 7, claudePid: 8 });
  const rows = [a, inTmux, b];
  expect(chooseRow(rows, "feature-a", "/")).toBe(inTmux);
  expect(chooseRow(rows, "/src/b", "/")).toBe(b);
  expect(chooseRow(rows, "../b", "/src/a")).toBe(b);
  expect(chooseRow(rows, "7", "/")).toBe(b);
  expect(chooseRow(rows, "8", "/")).toBe(b);
  expect(chooseRow(rows, "nope\x1b[2J", "/")).toMatch(/^No running Claude matches "nope\\x1b\[2J"\. Running:\n  feature-a \(\/src\/a\), pid/);
});

test("--status-line: counts only, waiting / done / busy, tmux styles unless plain", () => {
  const rows = [
    row({ status: "waiting", waitingFor: "permission prompt", branch: "#(rm -rf ~)" }),
    row({ status: "waiting", waitingFor: "sandbox request" }),
    row({ status: "waiting", waitingFor: "dialog open" }),
    row({ done: true }),
    row({ status: "busy" }),
    row({ status: "busy" }),
    row({ status: "busy" }),
    row({}),
  ];
  expect(statusLine(rows, false)).toBe("⏳2 ✔1 ●3");
  expect(statusLine(rows, true)).toBe("#[fg=magenta,bold]⏳2#[default] #[fg=green,bold]✔1#[default] #[fg=yellow]●3#[default]");
  expect(statusLine([row({ status: "busy" })], false)).toBe("●1");
  expect(statusLine([], true)).toBe("");
});

const dir = mkdtempSync(join(tmpdir(), "cc-wt-mute-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("mute survives in the state directory per worktree; a planted symlink is neither believed nor written through", () => {
  const env = { XDG_STATE_HOME: dir };
  expect(isMuted(env, "/src/a")).toBe(false);
  setMuted(env, "/src/a", true);
  expect(isMuted(env, "/src/a")).toBe(true);
  expect(isMuted(env, "/src/b")).toBe(false);
  setMuted(env, "/src/a", false);
  expect(isMuted(env, "/src/a")).toBe(false);

  // The attacker's link where /src/a's mute file goes, pointing at a file of the user's.
  setMuted(env, "/src/a", true);
  const muteDir = join(dir, "cc-wt", "muted");
  const [name] = readdirSync(muteDir);
  setMuted(env, "/src/a", false);
  const victim = join(dir, "victim");
  writeFileSync(victim, "precious\n");
  symlinkSync(victim, join(muteDir, name!));
  expect(isMuted(env, "/src/a")).toBe(false);
  setMuted(env, "/src/a", true);
  expect(readFileSync(victim, "utf8")).toBe("precious\n");
  expect(isMuted(env, "/src/a")).toBe(true);
});

test("--mute TARGET: a running Claude's worktree first, then the repository's; a name that reaches two worktrees is refused", () => {
  const root = mkdtempSync(join(tmpdir(), "cc-wt-mute-target-"));
  try {
    const [main, fix, other] = ["main", "fix", "other"].map((d) => join(root, d));
    for (const d of [main!, fix!, other!]) mkdirSync(d);
    // The repository tracks a link named like the branch "fix", pointing at the sibling worktree "other".
    symlinkSync(other!, join(main!, "fix"));
    const worktrees = [
      { path: main!, branch: "main", bare: false, prunable: false },
      { path: fix!, branch: "fix", bare: false, prunable: false },
      { path: other!, branch: "other", bare: false, prunable: false },
    ];
    const runningFix = row({ branch: "fix", worktree: fix! });
    const runningOther = row({ branch: "other", worktree: other!, tmuxPane: "%3" });
    // Two instances of one worktree are one worktree.
    expect(pickWorktree("fix", root, [runningFix, row({ branch: "fix", worktree: fix! })], worktrees)).toBe(fix!);
    expect(pickWorktree("%3", root, [runningFix, runningOther], worktrees)).toBe(other!);
    expect(pickWorktree(String(runningOther.pid), root, [runningFix, runningOther], worktrees)).toBe(other!);
    // Not running: the repository's worktrees, by branch or path.
    expect(pickWorktree("other", root, [], worktrees)).toBe(other!);
    expect(pickWorktree("./fix", root, [], worktrees)).toBe(fix!);
    expect(pickWorktree("nope", root, [], worktrees)).toBeUndefined();
    // From main, "fix" is a path to other and the branch of fix: neither is muted.
    expect(() => pickWorktree("fix", main!, [runningFix, runningOther], worktrees)).toThrow(/names 2 running Claudes' worktrees/);
    expect(() => pickWorktree("fix", main!, [], worktrees)).toThrow(/names two worktrees/);
    try {
      pickWorktree("fix", main!, [], worktrees);
    } catch (e) {
      expect((e as CliError).exit).toBe(64);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
