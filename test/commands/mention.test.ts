// `--mention` and a second launch in one worktree, with the compiled binary and a client that never
// connects (so the instance stays "starting"): what the user is told, and when.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { CC_WT } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let dir: string;
let env: Record<string, string>;
let procs: Subprocess[];
const ideDir = () => join(env.CLAUDE_CONFIG_DIR!, "ide");
const locks = () => (existsSync(ideDir()) ? readdirSync(ideDir()).filter((f) => f.endsWith(".lock")) : []);

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-mention-")));
  procs = [];
  // A client that says when it starts, on the terminal cc-wt shares with it, and never connects.
  writeFileSync(join(dir, "claude"), "#!/bin/sh\necho CLAUDE-STARTED >&2\nexec sleep 600\n", { mode: 0o755 });
  env = { PATH: process.env.PATH!, HOME: dir, CLAUDE_CONFIG_DIR: join(dir, "claude-config"), CC_WT_CLAUDE: join(dir, "claude") };
  Bun.spawnSync(["git", "init", "-q", "-b", "main", join(dir, "wt")]);
  writeFileSync(join(dir, "wt", "five.txt"), "1\n2\n3\n4\n5\n");
});

afterEach(async () => {
  for (const p of procs) p.kill("SIGTERM");
  await Promise.race([Promise.all(procs.map((p) => p.exited)), Bun.sleep(3000)]);
  for (const p of procs) p.kill("SIGKILL");
  Bun.spawnSync(["tmux", "kill-server"], { env: { ...env, TMUX_TMPDIR: join(dir, "tmux") }, stdout: "ignore", stderr: "ignore" });
  rmSync(dir, { recursive: true, force: true });
});

function launch(): Subprocess<"ignore", "ignore", "pipe"> {
  const p = Bun.spawn([CC_WT], { cwd: join(dir, "wt"), env, stdin: "ignore", stdout: "ignore", stderr: "pipe" });
  procs.push(p);
  return p;
}

const cc = (...args: string[]) => {
  const p = Bun.spawnSync([CC_WT, ...args], { cwd: join(dir, "wt"), env, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, err: p.stderr.toString() };
};

test("a second cc-wt in a worktree that already has one warns, before its claude starts", async () => {
  const first = launch();
  await waitFor(() => locks().length === 1, 10_000);
  const second = launch();
  await waitFor(() => locks().length === 2, 10_000);
  second.kill("SIGTERM");
  const err = await new Response(second.stderr).text();
  expect(err).toContain(`${join(dir, "wt")} already has a cc-wt running (pid ${first.pid})`);
  expect(err.indexOf("already has a cc-wt")).toBeLessThan(err.indexOf("CLAUDE-STARTED"));
  // The first one, alone when it started, said nothing of the kind.
  first.kill("SIGTERM");
  expect(await new Response(first.stderr).text()).not.toContain("already has");
});

test("--mention of a line past the end of the file is an error, naming how many lines it has", async () => {
  launch();
  await waitFor(() => locks().length === 1, 10_000);
  expect(cc("--mention", "five.txt:99")).toEqual({ code: 64, err: expect.stringContaining("five.txt:99: five.txt has 5 lines; give a line from 1 to 5.") });
  expect(cc("--mention", "five.txt:4-6").code).toBe(64);
  expect(cc("--select", "five.txt:2-6:1").code).toBe(64);
  // The last line is fine (and the instance, never connected, then keeps the caller waiting: 75).
  expect(cc("--mention", "five.txt:5", "--wait", "0").code).toBe(75);
});

test("on a terminal, --mention to a Claude still starting says at once that it waits", async () => {
  launch();
  await waitFor(() => locks().length === 1, 10_000);
  mkdirSync(join(dir, "tmux"));
  const tenv = { ...env, TMUX_TMPDIR: join(dir, "tmux"), TERM: "xterm-256color" };
  const done = join(dir, "done");
  const p = Bun.spawnSync(
    ["tmux", "new-session", "-d", "-x", "120", "-y", "20", "-c", join(dir, "wt"), `'${CC_WT}' --mention five.txt:2 --wait 30; echo $? > '${done}'; sleep 600`],
    { env: tenv },
  );
  expect(p.exitCode).toBe(0);
  const screen = () => Bun.spawnSync(["tmux", "capture-pane", "-p", "-J"], { env: tenv, stdout: "pipe" }).stdout.toString();
  // Said while it waits (the wait is 30 s; the message comes before any of it has passed).
  await waitFor(() => screen().includes("is still starting: waiting up to 30 s for it to connect"), 10_000, screen);
  expect(existsSync(done)).toBe(false);
  // In a pipe (a script, an editor), nothing is said unless it fails.
  expect(cc("--mention", "five.txt:2", "--wait", "0").err).not.toContain("still starting");
});
