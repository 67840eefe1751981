// What --jump, --status-line and --mute decide, from rows as --list collects them.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chooseRow } from "../../../src/alerts/jump.ts";
import { isMuted, setMuted } from "../../../src/alerts/mute.ts";
import { statusLine } from "../../../src/alerts/statusLine.ts";
import { nextToVisit } from "../../../src/alerts/target.ts";
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
