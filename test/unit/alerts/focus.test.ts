// The focus rule against a real tmux server: looking means being the active pane of the current
// window of an attached client; any other pane, or no client at all, is not looked at.
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isLookedAt, tmuxSocketOf, watchedPanes } from "../../../src/alerts/focus.ts";
import { clearMark, MARK_OPTION, tmuxAlert } from "../../../src/alerts/sinks.ts";
import { waitFor } from "../../helpers/wait.ts";

const dir = mkdtempSync(join(tmpdir(), "cc-wt-focus-"));
const socket = join(dir, "tmux.sock");
const env = { PATH: process.env.PATH, HOME: dir, TERM: "xterm-256color" };
const tmux = (...args: string[]) => {
  const p = Bun.spawnSync(["tmux", "-S", socket, ...args], { env, stdout: "pipe", stderr: "pipe" });
  if (!p.success) throw new Error(p.stderr.toString());
  return p.stdout.toString().trim();
};
let client: ReturnType<typeof Bun.spawn> | undefined;
afterAll(() => {
  client?.kill();
  Bun.spawnSync(["tmux", "-S", socket, "kill-server"], { env });
  rmSync(dir, { recursive: true, force: true });
});

test("the active pane of an attached client's current window is looked at; no other pane is", async () => {
  const first = tmux("new-session", "-d", "-s", "s", "-x", "80", "-y", "20", "-P", "-F", "#{pane_id}");
  const beside = tmux("split-window", "-d", "-t", first, "-P", "-F", "#{pane_id}");
  const otherWindow = tmux("new-window", "-d", "-t", "s", "-P", "-F", "#{pane_id}");
  // No client attached: nobody looks at anything, even the active pane.
  expect(isLookedAt(await watchedPanes(env, socket), first)).toBe(false);

  client = Bun.spawn(["script", "-qfc", `tmux -S ${socket} attach -t s`, "/dev/null"], { env, stdin: "pipe", stdout: "ignore", stderr: "ignore" });
  await waitFor(() => tmux("list-clients").length > 0, 5000, () => "no client attached");
  let watched = await watchedPanes(env, socket);
  expect([first, beside, otherWindow].map((p) => isLookedAt(watched, p))).toEqual([true, false, false]);

  tmux("select-window", "-t", otherWindow);
  watched = await watchedPanes(env, socket);
  expect([first, beside, otherWindow].map((p) => isLookedAt(watched, p))).toEqual([false, false, true]);
  expect(isLookedAt(watched, null)).toBe(false);
});

test("the server is the socket path at the start of $TMUX", () => {
  expect(tmuxSocketOf({ TMUX: "/tmp/tmux-0/default,1234,0" })).toBe("/tmp/tmux-0/default");
  expect(tmuxSocketOf({})).toBeNull();
});

test("the tmux alert: a hostile branch is shown, never run; the window is marked, the bell rung, the mark cleared", async () => {
  const pane = tmux("new-window", "-d", "-t", "s", "-P", "-F", "#{pane_id}");
  const planted = join(dir, "planted");
  let rang = 0;
  const instanceEnv = { ...env, TMUX: `${socket},0,0` }; // as inside a pane of that server
  await tmuxAlert(
    instanceEnv,
    { kind: "waiting", worktree: "/w", branch: `x#(touch ${planted})`, waitingFor: "#{pane_pid}", tmuxPane: pane, pid: 1 },
    () => rang++,
  );
  const shown = tmux("show-messages");
  expect(shown).toContain(`cc-wt: Claude in x#(touch ${planted}) is waiting: #{pane_pid}`);
  expect(existsSync(planted)).toBe(false);
  expect(tmux("show-options", "-w", "-v", "-t", pane, MARK_OPTION)).toBe("waiting");
  expect(rang).toBe(1);
  await clearMark(instanceEnv, pane);
  expect(tmux("show-options", "-w", "-q", "-v", "-t", pane, MARK_OPTION)).toBe("");
});
