// `cc-wt --watch` with the real client in a private tmux server: three worktrees (the real Claude
// in feature-x, a stub client's cc-wt in b, nothing in the main worktree). The real Claude reaches
// a permission prompt: with no key pressed, the watch shows it waiting, on top; Enter takes the
// attached client to that Claude's pane; q ends the watch with 0 and the terminal as it was. In a
// tmux popup, Enter also ends the view.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CC_WT, startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { makeStubClaude } from "../helpers/stub-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude({ branches: ["b"] });
});
afterEach(() => run.cleanup());

interface Row {
  worktree: string;
  status: string;
  claudePid: number | null;
  tmuxPane: string | null;
}

async function list(): Promise<Row[]> {
  const p = Bun.spawn([CC_WT, "--list", "--json"], { cwd: run.worktree, env: run.env, stdout: "pipe", stderr: "ignore" });
  return JSON.parse(await new Response(p.stdout).text());
}

test(
  "the watch shows the real Claude waiting on top without a key, Enter goes to its pane, q exits 0 and gives the terminal back; in a popup Enter also ends it",
  async () => {
    const b = join(run.dir, "b");
    const repo = join(run.dir, "repo");
    const file = join(run.worktree, "hello.txt");
    const release = run.api.heldEdit(file, "hello world", "hello watch");

    // The user's window; the real Claude, the stub's cc-wt and the watch each in a window of their own.
    run.tmux.start("sh", repo);
    const user = run.tmux.pane;
    const window = (cwd: string, command: string) => run.tmux.run("new-window", "-d", "-c", cwd, "-P", "-F", "#{pane_id}", command).trim();
    const claudePane = window(run.worktree, `${CC_WT} --permission-mode default`);
    const stub = makeStubClaude(run.dir);
    window(b, `CC_WT_CLAUDE=${stub} STUB_CONNECT=1 STUB_WAIT=1 ${CC_WT}`);
    const exitFile = join(run.dir, "watch-exit");
    const watchPane = window(repo, `${CC_WT} --watch; echo $? > ${exitFile}; sleep 600`);
    // The size the issue names: an 80×24 terminal.
    run.tmux.run("resize-window", "-t", watchPane, "-x", "80", "-y", "24");
    const screen = () => run.tmux.run("capture-pane", "-p", "-t", watchPane);
    const onScreen = (pattern: RegExp, timeoutMs: number) =>
      waitFor(() => pattern.test(screen()), timeoutMs, () => `the watch never showed ${pattern}; its screen:\n${screen()}`);

    const user$ = run.tmux.attachClient();
    const looking = () => run.tmux.clientPanes();
    await waitFor(() => looking() === user, 10_000, () => `client not attached on the user's pane: ${looking()}`);

    // Three worktrees: the real Claude idle once connected, the stub's instance (it keeps no
    // session record: unknown), and the main worktree with none.
    await onScreen(/^[ ›] feature-x\s+idle\s/m, 60_000);
    await onScreen(/^[ ›] b\s+unknown\s/m, 10_000);
    await onScreen(/^[ ›] main\s+not running\s/m, 10_000);
    expect(screen()).toMatch(/^cc-wt --watch · repository \S+repo\s+2 running$/m);

    run.tmux.pane = claudePane;
    await run.tmux.waitForScreen(/❯\s*$/m);
    await run.tmux.type("please edit hello.txt");
    await onScreen(/^. feature-x\s+busy\s/m, 30_000);
    release();

    // No key pressed in the watch from here: the instance pushes the change.
    let seenAt = 0;
    await waitFor(
      () => {
        // The line under the headings: the first row.
        const first = screen().split("\n")[2] ?? "";
        seenAt = Date.now();
        return /^› feature-x\s+waiting: permission prompt\s/.test(first);
      },
      30_000,
      () => `the waiting Claude is not on top; the watch's screen:\n${screen()}\nClaude's:\n${run.tmux.screen()}`,
    );
    const row = (await list()).find((r) => r.worktree === run.worktree)!;
    const record = JSON.parse(readFileSync(join(run.env.CLAUDE_CONFIG_DIR!, "sessions", `${row.claudePid}.json`), "utf8"));
    console.log(`claude ${record.version}: waiting in its record → on the watch's screen: ${seenAt - record.statusUpdatedAt} ms (polled every 50 ms)`);
    console.log(`the watch's screen (80×24):\n${screen()}`);

    // Enter: the attached client goes to that Claude's pane.
    run.tmux.run("send-keys", "-t", watchPane, "Enter");
    await waitFor(() => looking() === claudePane, 10_000, () => `client is on ${looking()}, not ${claudePane}; the watch's screen:\n${screen()}`);
    expect(row.tmuxPane).toBe(claudePane);

    // q: exit 0, the alternate screen left, the cursor shown again.
    run.tmux.run("send-keys", "-t", watchPane, "q");
    await waitFor(() => existsSync(exitFile) && readFileSync(exitFile, "utf8").trim() !== "", 10_000, () => `the watch did not exit:\n${screen()}`);
    expect(readFileSync(exitFile, "utf8").trim()).toBe("0");
    const state = run.tmux.run("display-message", "-p", "-t", watchPane, "#{alternate_on} #{cursor_flag}").trim();
    expect(state).toBe("0 1");
    expect(screen()).not.toContain("cc-wt --watch");

    // In a tmux popup on the user's pane, Enter also closes the view (the popup goes with it).
    run.tmux.run("select-window", "-t", user);
    await waitFor(() => looking() === user, 10_000, () => `client not back on the user's pane: ${looking()}`);
    const before = user$.output().length;
    const popupExit = join(run.dir, "popup-exit");
    // display-popup returns only when the popup closes: not waited for here.
    const popup = Bun.spawn(["tmux", "-S", run.tmux.socket, "display-popup", "-E", "-w", "90%", "-h", "60%", "-d", repo, `${CC_WT} --watch; echo $? > ${popupExit}`], {
      env: run.env,
      stdout: "ignore",
      stderr: "ignore",
    });
    // The client's terminal, without its escape sequences. The view's own row, not the tmux alert
    // on the status line ("Claude in feature-x is waiting: permission prompt").
    const drawn = () => user$.output().slice(before).replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\(B/g, "");
    await waitFor(
      () => /› feature-x\s+waiting: permission prompt/.test(drawn()),
      15_000,
      () => `the popup never drew the waiting Claude; the client's terminal got:\n${drawn().slice(-3000)}`,
    );
    user$.type("\r");
    await waitFor(() => looking() === claudePane, 10_000, () => `client is on ${looking()} after Enter in the popup; it drew:\n${drawn().slice(-3000)}\nthe debug log:\n${run.debugLog().split("\n").filter((l) => l.includes("watch")).join("\n")}`);
    // The view ended by itself (with -E, tmux closes the popup when its command ends).
    await waitFor(() => existsSync(popupExit) && readFileSync(popupExit, "utf8").trim() !== "", 10_000, () => "the popup's watch did not end");
    expect(readFileSync(popupExit, "utf8").trim()).toBe("0");
    expect(await popup.exited).toBe(0);

    // Claude goes on as if nothing happened: the edit is accepted there.
    await run.acceptEdit(file, "hello watch\n");
  },
  180_000,
);
