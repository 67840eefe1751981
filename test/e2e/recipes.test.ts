// The editor recipes in the README, taken from the README itself and run against the real
// client: if a recipe there stops working, this fails.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CC_WT, startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

const README = readFileSync(resolve(import.meta.dir, "../../README.md"), "utf8");

function recipe(name: string): string {
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (!m) throw new Error(`README has no recipe "${name}"`);
  return m[1]!;
}

let run: RealClaude;
beforeEach(async () => {
  run = startRealClaude();
  writeFileSync(join(run.worktree, "six.txt"), "line one\nline two\nline three\nline four\nline five\nline six\n");
  // The recipes call plain `cc-wt`, as a user who installed it would have it on PATH.
  mkdirSync(join(run.dir, "bin"));
  symlinkSync(CC_WT, join(run.dir, "bin", "cc-wt"));
  run.env.PATH = `${join(run.dir, "bin")}:${run.env.PATH}`;
  run.launch();
  await run.clientPid();
  await run.tmux.waitForScreen(/❯\s*$/m);
});
afterEach(() => run.cleanup());

const claudeScreen = () => run.tmux.screen();
const untilClaudeShows = (pattern: RegExp) =>
  waitFor(() => pattern.test(claudeScreen()), 15_000, () => `claude's screen never showed ${pattern}:\n${claudeScreen()}`);

test(
  "the Vim recipe mentions the selected lines and shares a selection",
  async () => {
    const vimrc = join(run.dir, "vimrc");
    writeFileSync(vimrc, `set nocompatible\nlet mapleader = " "\n${recipe("vim")}`);
    run.tmux.run("new-window", "-d", "-c", run.worktree, "-e", `PATH=${run.env.PATH}`, `vim -u ${vimrc} -i NONE six.txt`);
    await waitFor(() => run.tmux.run("capture-pane", "-p", "-t", ":1").includes("line six"), 10_000);

    const vim = (...keys: string[]) => run.tmux.run("send-keys", "-t", ":1", ...keys);
    vim("3G", "V", "j", " ", "c", "m");
    await untilClaudeShows(/@six\.txt#L3-4/);

    vim("Escape", "2G", "l", "v", "j", "l", " ", "c", "s");
    await untilClaudeShows(/2 lines selected/);
  },
  60_000,
);

test(
  "the tmux copy-mode recipe mentions the path:lines selected in any pane",
  async () => {
    const conf = join(run.dir, "recipe.tmux");
    writeFileSync(conf, recipe("tmux"));
    run.tmux.run("source-file", conf);
    run.tmux.run("new-window", "-d", "-c", run.worktree, "-e", `PATH=${run.env.PATH}`, "printf 'error at six.txt:2-3\\n'; sleep 600");
    await waitFor(() => run.tmux.run("capture-pane", "-p", "-t", ":1").includes("six.txt:2-3"), 10_000);

    run.tmux.run("copy-mode", "-t", ":1");
    run.tmux.run("send-keys", "-t", ":1", "-X", "search-backward", "six.txt");
    run.tmux.run("send-keys", "-t", ":1", "-X", "begin-selection");
    // Emacs copy mode (the default) selects up to, not including, the cursor: 11 characters.
    run.tmux.run("send-keys", "-t", ":1", "-X", "-N", "11", "cursor-right");
    run.tmux.run("send-keys", "-t", ":1", "M-m");
    await untilClaudeShows(/@six\.txt#L2-3/);
  },
  60_000,
);

// Kakoune and Emacs are run here when installed (`apt-get install kakoune emacs-nox`); the
// default test machine has only vim, so they are skipped there rather than installed by make.
test.skipIf(!Bun.which("emacs"))(
  "the Emacs recipe mentions the lines of the region",
  async () => {
    const el = join(run.dir, "recipe.el");
    writeFileSync(el, recipe("emacs"));
    const emacs = Bun.spawnSync(
      [
        "emacs", "--batch", "-Q", "-l", el,
        "--eval",
        '(progn (find-file "six.txt") (transient-mark-mode 1) (goto-char (point-min)) (forward-line 1) (push-mark (point) t t) (forward-line 2) (cc-wt-mention))',
      ],
      { cwd: run.worktree, env: run.env, stderr: "pipe" },
    );
    expect(emacs.exitCode).toBe(0);
    await untilClaudeShows(/@six\.txt#L2-3/);
  },
  60_000,
);

test.skipIf(!Bun.which("kak"))(
  "the Kakoune recipe mentions the selected lines",
  async () => {
    const kak = join(run.dir, "recipe.kak");
    writeFileSync(kak, recipe("kakoune"));
    run.tmux.run("new-window", "-d", "-c", run.worktree, "-e", `PATH=${run.env.PATH}`, `kak -n -e 'source ${kak}' six.txt`);
    await waitFor(() => run.tmux.run("capture-pane", "-p", "-t", ":1").includes("line six"), 10_000);
    // Lines 4 and 5 selected, then the command itself: the user-mode key differs across versions.
    run.tmux.run("send-keys", "-t", ":1", "4", "g", "x", "J");
    run.tmux.run("send-keys", "-t", ":1", ":claude-mention", "Enter");
    await untilClaudeShows(/@six\.txt#L4-5/);
  },
  60_000,
);
