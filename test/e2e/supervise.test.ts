// The supervision loop with the real client in a private tmux server: two Claudes in two windows,
// the user in a third. One reaches a permission prompt: the user's [notify] command hears it, the
// status line counts it, the window is marked, `cc-wt --jump` takes the user there; answered, the
// turn ends and "done" follows. The idle Claude raises nothing.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listSchema, violations } from "../helpers/json-schema.ts";
import { CC_WT, startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude({ branches: ["a", "b"] });
});
afterEach(() => run.cleanup());

interface Row {
  worktree: string;
  status: string;
  waitingFor: string | null;
  done: boolean | null;
  tmuxPane: string | null;
  sessionId: string | null;
  claudePid: number | null;
  connected: boolean | null;
}

async function cc(...args: string[]): Promise<{ out: string; code: number }> {
  const p = Bun.spawn([CC_WT, ...args], { cwd: run.worktree, env: run.env, stdout: "pipe", stderr: "pipe" });
  const [out, code] = await Promise.all([new Response(p.stdout).text(), p.exited]);
  return { out, code };
}
async function list(): Promise<Row[]> {
  const rows = JSON.parse((await cc("--list", "--json")).out);
  expect(violations(listSchema(), rows)).toEqual([]);
  return rows;
}

test(
  "a permission prompt reaches the user's command, the status line and --jump; the end of the turn is done; the idle Claude says nothing",
  async () => {
    const [a, b] = [join(run.dir, "a"), join(run.dir, "b")];
    const events = join(run.dir, "events.jsonl");
    // The user's own configuration (HOME is the test's): a command that records each event and when it ran.
    mkdirSync(join(run.dir, ".config", "cc-wt"), { recursive: true });
    const recorder = `require("fs").appendFileSync(${JSON.stringify(events)}, JSON.stringify({ at: Date.now(), ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("CC_WT_"))) }) + "\\n")`;
    writeFileSync(
      join(run.dir, ".config", "cc-wt", "config.toml"),
      `[notify]\ncommand = [${JSON.stringify(process.execPath)}, "-e", ${JSON.stringify(recorder)}]\ndesktop = "off"\n`,
    );
    const seen = (): Record<string, string>[] =>
      existsSync(events) ? readFileSync(events, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];

    const file = join(a, "hello.txt");
    const release = run.api.heldEdit(file, "hello world", "hello a");

    // The user's window (a shell), then one window per Claude, opened without taking the focus.
    run.tmux.start("sh", run.worktree);
    const user = run.tmux.pane;
    const open = (wt: string) =>
      run.tmux.run("new-window", "-d", "-c", wt, "-P", "-F", "#{pane_id}", `${CC_WT} --permission-mode default`).trim();
    const [paneA, paneB] = [open(a), open(b)];
    // The user: a real client attached to the session, looking at their own pane.
    run.tmux.attachClient();
    const mark = (pane: string) => run.tmux.run("show-options", "-w", "-q", "-v", "-t", pane, "@cc-wt-alert").trim();
    const looking = () => run.tmux.clientPanes();
    await waitFor(() => looking() === user, 10_000, () => `client not attached on the user's pane: ${looking()}`);

    let rows: Row[] = [];
    await waitFor(
      async () => {
        rows = await list();
        return [a, b].every((wt) => rows.some((r) => r.worktree === wt && r.connected && r.status === "idle"));
      },
      60_000,
      () => `not both connected and idle: ${JSON.stringify(rows)}`,
    );
    const rowA = rows.find((r) => r.worktree === a)!;
    expect(rowA.tmuxPane).toBe(paneA);
    expect(rows.find((r) => r.worktree === b)!.tmuxPane).toBe(paneB);
    expect(rowA.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await cc("--status-line", "--plain")).out).toBe("\n");

    run.tmux.pane = paneA;
    await run.tmux.waitForScreen(/❯\s*$/m);
    await run.tmux.type("please edit hello.txt");
    await waitFor(async () => (await list()).some((r) => r.worktree === a && r.status === "busy"), 30_000, () => run.tmux.screen());
    release();

    await waitFor(() => seen().length > 0, 30_000, () => `no event; screen:\n${run.tmux.screen()}\n${run.debugLog().slice(-3000)}`);
    const [waiting] = seen();
    expect(waiting).toMatchObject({
      CC_WT_EVENT: "waiting",
      CC_WT_WORKTREE: a,
      CC_WT_BRANCH: "a",
      CC_WT_WAITING_FOR: "permission prompt",
      CC_WT_TMUX_PANE: paneA,
      CC_WT_FOCUSED: "0",
    });
    // How long from Claude writing "waiting" in its record to the user's command running.
    const record = JSON.parse(readFileSync(join(run.env.CLAUDE_CONFIG_DIR!, "sessions", `${rowA.claudePid}.json`), "utf8"));
    console.log(`claude ${record.version}: waiting → [notify] command: ${Number(waiting!.at) - record.statusUpdatedAt} ms`);

    expect((await cc("--status-line", "--plain")).out).toBe("⏳1\n");
    expect(mark(paneA)).toBe("waiting");
    expect(mark(paneB)).toBe("");
    // The bell rang in A's window (not the user's current one): tmux's monitor-bell flags it.
    expect(run.tmux.run("display-message", "-p", "-t", paneA, "#{window_bell_flag}").trim()).toBe("1");

    // --jump from the user's own pane, as a key binding would run it.
    const jumped = join(run.dir, "jumped");
    run.tmux.run("send-keys", "-t", user, "-l", `${CC_WT} --jump; echo $? > ${jumped}\n`);
    await waitFor(() => existsSync(jumped) && readFileSync(jumped, "utf8").trim() !== "", 15_000, () => run.tmux.run("capture-pane", "-p", "-t", user));
    expect(readFileSync(jumped, "utf8").trim()).toBe("0");
    expect(looking()).toBe(paneA);
    // Looked at: the window's mark goes.
    await waitFor(() => mark(paneA) === "", 10_000, () => "mark stays");

    await run.acceptEdit(file, "hello a\n");
    await waitFor(() => seen().length > 1, 30_000, () => `no done event: ${JSON.stringify(seen())}; screen:\n${run.tmux.screen()}`);
    expect(seen()[1]).toMatchObject({ CC_WT_EVENT: "done", CC_WT_WORKTREE: a, CC_WT_TMUX_PANE: paneA, CC_WT_FOCUSED: "1" });
    // The user is looking at it: nothing unread.
    expect((await list()).find((r) => r.worktree === a)!.done).toBe(false);

    // Time for anything late from either Claude, then: only A's two events, B never said a word.
    await Bun.sleep(3000);
    expect(seen().map((e) => `${e.CC_WT_EVENT} ${e.CC_WT_BRANCH}`)).toEqual(["waiting a", "done a"]);
  },
  180_000,
);

test(
  "a turn that leaves a background task running ends in shell: listed as idle with a background task, done and unread; --jump from outside tmux says where",
  async () => {
    const events = join(run.dir, "events.jsonl");
    mkdirSync(join(run.dir, ".config", "cc-wt"), { recursive: true });
    writeFileSync(
      join(run.dir, ".config", "cc-wt", "config.toml"),
      `[notify]\ncommand = [${JSON.stringify(process.execPath)}, "-e", ${JSON.stringify(`require("fs").appendFileSync(${JSON.stringify(events)}, process.env.CC_WT_EVENT + "\\n")`)}]\ndesktop = "off"\n`,
    );
    run.api.script(
      { tool: "Bash", input: { command: "sleep 300", run_in_background: true, description: "Start a long task" } },
      { text: "Started." },
    );
    run.launch("--allowedTools", "Bash");
    await run.clientPid();
    await run.tmux.waitForScreen(/❯\s*$/m);
    await run.tmux.type("start the task");

    let row: Row | undefined;
    await waitFor(
      async () => {
        row = (await list()).find((r) => r.worktree === run.worktree);
        return row?.status === "shell";
      },
      60_000,
      () => `never shell: ${JSON.stringify(row)}; screen:\n${run.tmux.screen()}`,
    );
    // No client is attached: nobody has looked, so the finished turn stays unread.
    await waitFor(() => existsSync(events) && readFileSync(events, "utf8").includes("done"), 10_000, () => "no done event");
    expect(readFileSync(events, "utf8")).toBe("done\n");
    expect((await list()).find((r) => r.worktree === run.worktree)!.done).toBe(true);
    expect((await cc("--list")).out).toMatch(/feature-x\s+done · background task\s/);
    expect((await cc("--status-line", "--plain")).out).toBe("✔1\n");

    const p = Bun.spawn([CC_WT, "--jump"], { cwd: run.worktree, env: run.env, stdout: "pipe", stderr: "pipe" });
    const [err, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
    expect(code).toBe(69);
    expect(err).toContain(`Claude in feature-x (${run.worktree}) is in tmux pane ${row!.tmuxPane}`);
    expect(err).toContain("Outside tmux");
  },
  120_000,
);
