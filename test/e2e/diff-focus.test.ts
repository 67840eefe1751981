// The diff view and the keyboard, with the real client and real vim: an edit proposed while the
// user works elsewhere never takes their keyboard (a pane opened without the focus, and a
// message); looking at Claude's pane, it opens in a popup on their client. In vim the cursor
// starts on the proposed side, the keys are shown and both sides are named after the file.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
let client: Subprocess<"pipe", "ignore", "ignore"> | undefined;
beforeEach(() => {
  run = startRealClaude();
  mkdirSync(join(run.dir, "xdg", "cc-wt"), { recursive: true });
  writeFileSync(join(run.dir, "xdg", "cc-wt", "config.toml"), `[diff]\nview = "popup"\nviewer = "vim"\n`);
  run.env.XDG_CONFIG_HOME = join(run.dir, "xdg");
  delete run.env.CC_WT_DIFF_VIEW;
});
afterEach(() => {
  client?.kill();
  run.cleanup();
});

test(
  "an edit proposed while the user types elsewhere waits in a pane without the focus; looking at Claude, it opens in a popup",
  async () => {
    run.launch("--permission-mode", "default");
    await run.clientPid();
    const file = join(run.worktree, "hello.txt");
    const content = () => readFileSync(file, "utf8");
    const claudePane = run.tmux.pane;
    await run.tmux.waitForScreen(/❯\s*$/m);
    const claudeWindow = run.tmux.run("display-message", "-p", "-t", claudePane, "#{window_id}").trim();

    // The user, on a real client, works in a shell in another window.
    const userPane = run.tmux.run("new-window", "-P", "-F", "#{pane_id}", "-c", run.dir, "sh").trim();
    const clientOut = join(run.dir, "client-out");
    client = Bun.spawn(["script", "-qfc", `tmux -S ${run.tmux.socket} attach`, clientOut], { env: run.env, stdin: "pipe", stdout: "ignore", stderr: "ignore" });
    await waitFor(() => run.tmux.run("list-clients", "-F", "#{pane_id}").trim() === userPane, 10_000, () => "no client on the user's pane");
    const typeOnClient = (text: string) => {
      client!.stdin.write(text);
      client!.stdin.flush();
    };

    run.api.script(
      { tool: "Read", input: { file_path: file } },
      { tool: "Edit", input: { file_path: file, old_string: "hello world", new_string: "hello cc-wt" } },
      { text: "First done." },
    );
    await run.tmux.type("first edit");
    const panesIn = (w: string) => run.tmux.run("list-panes", "-t", w, "-F", "#{pane_id}").trim().split("\n");
    await waitFor(() => panesIn(claudeWindow).length === 2, 30_000, () => `no view opened; screen:\n${run.tmux.screen()}`);
    const viewPane = panesIn(claudeWindow).find((p) => p !== claudePane)!;
    // The user was told where, and their keyboard is still theirs: what they type runs in their shell.
    await waitFor(() => readFileSync(clientOut, "utf8").includes(`cc-wt: Claude's edit to hello.txt waits in pane ${viewPane}`), 10_000, () => "the user was not told");
    expect(run.tmux.run("list-clients", "-F", "#{pane_id}").trim()).toBe(userPane);
    typeOnClient(`echo typed > ${join(run.dir, "typed")}\r`);
    await waitFor(() => existsSync(join(run.dir, "typed")), 10_000, () => run.tmux.run("capture-pane", "-p", "-t", viewPane));

    // In vim: both sides named after the file, the keys shown, the cursor on the proposed side.
    const view = () => run.tmux.run("capture-pane", "-p", "-t", viewPane);
    await waitFor(() => /:wqa accept {2}:cq reject/.test(view()) && /hello\.txt \(current\)/.test(view()), 10_000, view);
    expect(view()).not.toContain("cc-wt-diff-");
    run.tmux.run("send-keys", "-t", viewPane, "c", "c", "hello from vim", "Escape");
    run.tmux.run("send-keys", "-t", viewPane, ":wqa", "Enter");
    await waitFor(() => content() === "hello from vim\n", 20_000, () => `file: ${content()}\n${run.tmux.screen()}`);
    await run.tmux.waitForScreen(/First done\./);

    // Now the user looks at Claude's pane: the next view is a popup on their client.
    run.tmux.run("select-window", "-t", claudeWindow);
    run.tmux.run("select-pane", "-t", claudePane);
    await waitFor(() => run.tmux.run("list-clients", "-F", "#{pane_id}").trim() === claudePane, 10_000);
    run.api.script(
      { tool: "Edit", input: { file_path: file, old_string: "hello from vim", new_string: "hello popup" } },
      { text: "Second done." },
    );
    const drawnBefore = readFileSync(clientOut, "utf8").length;
    await run.tmux.type("second edit");
    const drawn = () => readFileSync(clientOut, "utf8").slice(drawnBefore);
    // A popup titled with the tab, showing vim and its keys.
    await waitFor(() => drawn().includes(":wqa accept") && drawn().includes("[Claude Code] hello.txt"), 30_000, () => `no popup drawn:\n${JSON.stringify(drawn().slice(-3000))}\n${run.tmux.screen()}`);
    expect(panesIn(claudeWindow)).toEqual([claudePane]);
    typeOnClient(":wqa\r");
    await waitFor(() => content() === "hello popup\n", 20_000, () => `file: ${content()}\n${run.tmux.screen()}`);
    await run.tmux.waitForScreen(/Second done\./);
  },
  180_000,
);
