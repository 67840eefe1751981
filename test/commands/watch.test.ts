// `cc-wt --watch` (the compiled binary) in a private tmux server, with stand-in clients: instances
// that stop and start and worktrees that appear are shown without a key; m mutes, n starts a
// Claude through --panes; Esc, Ctrl-C and SIGTERM give the terminal back; no terminal is a usage error.
import { expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMuted } from "../../src/alerts/mute.ts";
import { CC_WT, sandboxPerTest, type Sandbox } from "../helpers/sandbox.ts";
import { Tmux } from "../helpers/tmux.ts";
import { waitFor } from "../helpers/wait.ts";

const sandbox = sandboxPerTest();

/** A test's body with the sandbox and a private tmux server in it, killed however the body ends. */
async function inTmux(body: (sb: Sandbox, tmux: Tmux) => Promise<void>): Promise<void> {
  const sb = sandbox();
  const tmux = new Tmux(sb.dir, { ...sb.env, TERM: "xterm-256color", LANG: "C.UTF-8" });
  try {
    await body(sb, tmux);
  } finally {
    tmux.kill();
  }
}

/** The watch in a window of its own (80×24), its exit status written to a file when it ends. */
function watchIn(tmux: Tmux, cwd: string, name: string, flags = "") {
  const exitFile = join(cwd, "..", `exit-${name}`);
  const command = `${CC_WT} --watch ${flags}; echo $? > ${exitFile}; sleep 600`;
  const pane = tmux.pane
    ? tmux.run("new-window", "-d", "-c", cwd, "-P", "-F", "#{pane_id}", command).trim()
    : (tmux.start(command, cwd), tmux.pane);
  tmux.run("resize-window", "-t", pane, "-x", "80", "-y", "24");
  const screen = () => tmux.run("capture-pane", "-p", "-t", pane);
  return {
    pane,
    screen,
    shows: (pattern: RegExp, timeoutMs = 10_000) =>
      waitFor(() => pattern.test(screen()), timeoutMs, () => `the watch never showed ${pattern}; its screen:\n${screen()}`),
    async exitStatus(): Promise<string> {
      await waitFor(() => existsSync(exitFile) && readFileSync(exitFile, "utf8").trim() !== "", 10_000, () => `the watch did not exit:\n${screen()}`);
      return readFileSync(exitFile, "utf8").trim();
    },
    restored: () => tmux.run("display-message", "-p", "-t", pane, "#{alternate_on} #{cursor_flag}").trim() === "0 1",
  };
}

test("instances that stop and start, and a new worktree, appear without a key; m mutes and unmutes; n starts a Claude through --panes", () =>
  inTmux(async (sb, tmux) => {
    const wt = sb.addWorktree("feature");
    const first = sb.start([], { cwd: wt, stub: { connect: true, wait: true } });
    await first.lock();
    const w = watchIn(tmux, sb.repo, "a");
    await w.shows(/^› feature\s+unknown\s/m);
    await w.shows(/^ {2}main\s+not running\s/m);

    first.kill("SIGTERM");
    await first.finished();
    await w.shows(/^ {2}feature\s+not running\s/m);
    const second = sb.start([], { cwd: sb.repo, stub: { connect: true, wait: true } });
    await second.lock();
    await w.shows(/^› main\s+unknown\s/m);

    // j: to feature (below main, which runs); m mutes it, m again unmutes it.
    tmux.run("send-keys", "-t", w.pane, "j", "m");
    await w.shows(/^› feature\s+not running · muted\s/m);
    expect(isMuted(sb.env, wt)).toBe(true);
    tmux.run("send-keys", "-t", w.pane, "m");
    await w.shows(/^› feature\s+not running\s+-\s/m);
    expect(isMuted(sb.env, wt)).toBe(false);

    // A worktree added elsewhere shows up (git's list is re-read every few seconds).
    sb.addWorktree("late");
    await w.shows(/^ {2}late\s+not running\s/m);

    // n, a branch, Enter: the branch and its worktree are made and a cc-wt opened for it, as --panes --new does.
    tmux.run("send-keys", "-t", w.pane, "n");
    await w.shows(/New Claude in branch or worktree .*: █/);
    tmux.run("send-keys", "-t", w.pane, "-l", "spike");
    tmux.run("send-keys", "-t", w.pane, "Enter");
    await w.shows(/opened in pane %\d+/);
    await w.shows(/^ {2}spike\s+/m);
    expect(sb.git("branch", "--list", "spike")).toContain("spike");

    tmux.run("send-keys", "-t", w.pane, "q");
    expect(await w.exitStatus()).toBe("0");
    expect(w.restored()).toBe(true);
  }), 60_000);

test("Esc and Ctrl-C quit with 0, SIGTERM with 143, each with the terminal as it was", () =>
  inTmux(async (sb, tmux) => {
    const byEsc = watchIn(tmux, sb.repo, "esc");
    const byCtrlC = watchIn(tmux, sb.repo, "ctrl-c");
    const byTerm = watchIn(tmux, sb.repo, "term");
    for (const w of [byEsc, byCtrlC, byTerm]) await w.shows(/^› main\s+not running/m);
    tmux.run("send-keys", "-t", byEsc.pane, "Escape");
    tmux.run("send-keys", "-t", byCtrlC.pane, "C-c");
    const shell = tmux.run("display-message", "-p", "-t", byTerm.pane, "#{pane_pid}").trim();
    const watchPid = Bun.spawnSync(["pgrep", "-P", shell]).stdout.toString().trim().split("\n")[0]!;
    process.kill(Number(watchPid), "SIGTERM");
    expect([await byEsc.exitStatus(), await byCtrlC.exitStatus(), await byTerm.exitStatus()]).toEqual(["0", "0", "143"]);
    for (const w of [byEsc, byCtrlC, byTerm]) {
      expect(w.restored()).toBe(true);
      expect(w.screen()).not.toContain("cc-wt --watch");
    }
  }), 30_000);

test("by default this repository's worktrees; --all: every instance on the machine, whatever its repository", () =>
  inTmux(async (sb, tmux) => {
    const other = join(sb.dir, "other");
    mkdirSync(other);
    Bun.spawnSync(["git", "init", "-q", "-b", "elsewhere"], { cwd: other });
    Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "i"], { cwd: other });
    await sb.start([], { cwd: other, stub: { connect: true, wait: true } }).lock();
    await sb.start([], { cwd: sb.repo, stub: { connect: true, wait: true } }).lock();
    const mine = watchIn(tmux, sb.repo, "mine");
    const all = watchIn(tmux, sb.repo, "all", "--all");
    await mine.shows(/^› main\s+unknown\s/m);
    await all.shows(/^cc-wt --watch · every repository\s+2 running$/m);
    await all.shows(/^[ ›] elsewhere\s+unknown\s/m);
    await all.shows(/^[ ›] main\s+unknown\s/m);
    expect(mine.screen()).not.toContain("elsewhere");
  }), 30_000);

test("without a terminal it says what to use instead and exits 64", async () => {
  const r = await sandbox().run(["--watch"]);
  expect(r.status).toBe(64);
  expect(r.stderr).toContain("cc-wt --watch needs a terminal");
  expect(r.stderr).toContain("--list --json");
});
