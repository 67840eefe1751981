// `cc-wt --list` across real instances of the compiled binary: two repositories, several
// worktrees, dead and foreign locks. The client is /bin/sleep, which never connects.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { listSchema, violations } from "../helpers/json-schema.ts";
import { CC_WT } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let dir: string;
let env: Record<string, string>;
let procs: Subprocess[];

function git(cwd: string, ...args: string[]) {
  const p = Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd, stderr: "pipe" });
  if (!p.success) throw new Error(`git ${args.join(" ")}: ${p.stderr}`);
}

/** A repository with one commit and the given extra worktrees (one branch each). */
function makeRepo(name: string, ...branches: string[]): string {
  const repo = join(dir, name);
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "commit", "-q", "--allow-empty", "-m", "init");
  for (const b of branches) git(repo, "worktree", "add", "-q", "-b", b, join(dir, `${name}-${b}`));
  return repo;
}

const ideDir = () => join(env.CLAUDE_CONFIG_DIR!, "ide");
const locks = () => (existsSync(ideDir()) ? readdirSync(ideDir()).filter((f) => f.endsWith(".lock")) : []);

async function start(cwd: string): Promise<Subprocess> {
  const before = locks().length;
  const p = Bun.spawn([CC_WT, "600"], { cwd, env, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  procs.push(p);
  await waitFor(() => locks().length > before, 5000, () => "no lock appeared");
  return p;
}

async function list(cwd: string, ...args: string[]) {
  const p = Bun.spawn([CC_WT, "--list", ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { out, err, code };
}

async function listJson(cwd: string, ...args: string[]): Promise<Record<string, unknown>[]> {
  const { out, code } = await list(cwd, "--json", ...args);
  expect(code).toBe(0);
  // Every output of every test here holds to the documented schema.
  expect(violations(listSchema(), JSON.parse(out))).toEqual([]);
  return JSON.parse(out);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-wt-list-"));
  procs = [];
  env = {
    PATH: process.env.PATH!,
    HOME: dir,
    CLAUDE_CONFIG_DIR: join(dir, "claude-config"),
    CC_WT_CLAUDE: "/bin/sleep",
  };
});

afterEach(async () => {
  // SIGTERM: each cc-wt takes its claude (a sleep) down with it, rather than orphaning it.
  for (const p of procs) p.kill("SIGTERM");
  await Promise.race([Promise.all(procs.map((p) => p.exited)), Bun.sleep(3000)]);
  for (const p of procs) p.kill("SIGKILL");
  await Promise.all(procs.map((p) => p.exited));
  rmSync(dir, { recursive: true, force: true });
});

test("default scope: this repository's worktrees, with or without a Claude, never another repository's", async () => {
  const app = makeRepo("app", "x", "y");
  const other = makeRepo("other");
  await start(join(dir, "app-x"));
  await start(join(dir, "app-x")); // a second instance in the same worktree is allowed and shown
  await start(other);

  const rows = await listJson(join(dir, "app-y"));
  expect(rows.map((r) => [r.worktree, r.branch, r.status])).toEqual([
    [app, "main", "none"],
    [join(dir, "app-x"), "x", "starting"],
    [join(dir, "app-x"), "x", "starting"],
    [join(dir, "app-y"), "y", "none"],
  ]);
  const running = rows.filter((r) => r.status !== "none");
  expect(new Set(running.map((r) => r.port)).size).toBe(2);
  for (const r of running) {
    expect(r).toMatchObject({ repo: app, connected: false });
    expect(typeof r.claudePid).toBe("number");
    expect(Date.parse(r.startedAt as string)).toBeGreaterThan(Date.now() - 60_000);
  }

  const { out } = await list(join(dir, "app-y"));
  expect(out).toContain("note: 2 instances share");
  expect(out).toContain("2 running");
});

test("--all, and any listing outside a repository: every instance, grouped by repository", async () => {
  const app = makeRepo("app", "x");
  const other = makeRepo("other");
  const plain = join(dir, "plain");
  mkdirSync(plain);
  await start(join(dir, "app-x"));
  await start(other);
  await start(plain);

  const rows = await listJson(app, "--all");
  expect(rows.map((r) => [r.repo, r.worktree])).toEqual([
    [app, join(dir, "app-x")],
    [other, other],
    [null, plain],
  ]);
  expect((await listJson(plain)).map((r) => r.worktree)).toEqual(rows.map((r) => r.worktree));
  const { out } = await list(plain, "-a");
  expect(out).toContain("outside any repository");
});

test("dead instances are swept and never shown; other IDEs' locks are ignored and kept", async () => {
  const app = makeRepo("app");
  const doomed = await start(app);
  // Its claude (a sleep) would outlive it: found once started, ended once cc-wt is gone.
  const children = () => Bun.spawnSync(["pgrep", "-P", String(doomed.pid)]).stdout.toString().trim();
  await waitFor(() => children() !== "", 5000, () => "cc-wt started no claude");
  const orphan = children();
  doomed.kill("SIGKILL"); // no chance to clean up: its lock stays behind
  await doomed.exited;
  for (const pid of orphan.split("\n").filter(Boolean)) process.kill(Number(pid), "SIGKILL");
  expect(locks()).toHaveLength(1);
  const foreign = join(ideDir(), "1.lock");
  writeFileSync(
    foreign,
    JSON.stringify({ pid: 999999, workspaceFolders: [app], ideName: "Visual Studio Code", transport: "ws", authToken: "t" }),
  );

  const rows = await listJson(app);
  expect(rows.map((r) => r.status)).toEqual(["none"]);
  expect(locks()).toEqual(["1.lock"]);
});

test("an instance that is alive but does not answer is listed as unknown, from its lock", async () => {
  const app = makeRepo("app");
  mkdirSync(ideDir(), { recursive: true });
  // Alive (this test runner's pid) but no server on that port.
  writeFileSync(
    join(ideDir(), "9.lock"),
    JSON.stringify({ pid: process.pid, workspaceFolders: [app], ideName: "cc-wt (main)", transport: "ws", authToken: "t" }),
  );
  const rows = await listJson(app);
  expect(rows).toEqual([expect.objectContaining({ worktree: app, branch: "main", status: "unknown", port: 9, pid: process.pid })]);
});

test("the instance's token never travels through the user's HTTP proxy", async () => {
  const app = makeRepo("app");
  await start(app);
  let proxied = 0;
  const proxy = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => (proxied++, new Response("no")) });
  try {
    env.HTTP_PROXY = env.http_proxy = `http://127.0.0.1:${proxy.port}`;
    const rows = await listJson(app);
    expect(rows[0]).toMatchObject({ status: "starting" });
    expect(proxied).toBe(0);
  } finally {
    proxy.stop(true);
  }
});

test("a status read needs the token; without it the instance refuses and stays up", async () => {
  const app = makeRepo("app");
  await start(app);
  const port = Number(locks()[0]!.replace(".lock", ""));
  const res = await fetch(`http://127.0.0.1:${port}/cc-wt/status`);
  expect(res.status).toBe(401);
  const browser = await fetch(`http://127.0.0.1:${port}/cc-wt/status`, { headers: { origin: "https://evil.example" } });
  expect(browser.status).toBe(403);
  expect((await listJson(app))[0]).toMatchObject({ status: "starting" });
});

test("bad arguments to --list are refused with usage status 64", async () => {
  makeRepo("app");
  const { code, err } = await list(join(dir, "app"), "--bogus");
  expect(code).toBe(64);
  expect(err).toContain("--list: unknown option --bogus");
});

test("a worktree whose folder name holds escape sequences is listed recognisably, never sent raw to the terminal", async () => {
  const app = makeRepo("app");
  const evil = join(dir, "app-\x1b]0;owned\x07\x1b[2J\x9b31m");
  git(app, "worktree", "add", "-q", "-b", "evil", evil);
  await start(evil);
  const { out, code } = await list(app);
  expect(code).toBe(0);
  expect(out).toContain("app-\\x1b]0;owned\\x07\\x1b[2J\\x9b31m");
  expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  const json = (await list(app, "--json")).out;
  expect(json).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  expect((JSON.parse(json) as { worktree: string }[]).map((r) => r.worktree)).toContain(evil);
});

test("in an 80-column tmux pane (the size --panes makes) the table fits: no line wraps; --wide shows ports and pids", async () => {
  const repo = makeRepo("a-repository-with-a-long-name", "feature/with-a-rather-long-branch-name");
  const wt = join(dir, "a-repository-with-a-long-name-feature/with-a-rather-long-branch-name");
  const inst = await start(wt);
  mkdirSync(join(dir, "tmux"));
  const tenv = { ...env, TMUX_TMPDIR: join(dir, "tmux"), TERM: "xterm-256color" };
  const tmux = (...args: string[]) => Bun.spawnSync(["tmux", ...args], { env: tenv, stdout: "pipe", stderr: "pipe" });
  const done = join(dir, "done");
  try {
    // The table in the pane's own terminal; its rows are read back as tmux drew them (a wrapped line becomes two).
    expect(tmux("new-session", "-d", "-x", "80", "-y", "30", "-c", repo, `'${CC_WT}' --list; echo $? > '${done}'; sleep 600`).exitCode).toBe(0);
    await waitFor(() => existsSync(done), 10_000);
    const screen = tmux("capture-pane", "-p").stdout.toString().trimEnd().split("\n");
    const header = screen.findIndex((l) => l.startsWith("WORKTREE"));
    expect(screen[header]).toMatch(/^WORKTREE\s+BRANCH\s+STATUS\s+IN STATUS\s+IDE\s+PANE\s+RUNNING$/);
    const row = screen.find((l) => l.startsWith("…") || l.startsWith("a-repository"))!;
    // One screen line per row, ending with the last column (a wrapped row would end early).
    expect(screen.filter((l) => /\s(starting|not running)\s/.test(l))).toHaveLength(2);
    expect(row).toMatch(/\s(-|\d+s)$/);
    expect(screen.every((l) => l.length <= 80)).toBe(true);
  } finally {
    tmux("kill-server");
  }
  const wide = await list(repo, "--wide");
  expect(wide.out).toMatch(/\nWORKTREE\s+BRANCH\s+STATUS\s+IN STATUS\s+PORT\s+PID\s+CLAUDE PID\s+IDE\s+PANE\s+SESSION\s+RUNNING\n/);
  expect(wide.out).toContain("~/a-repository-with-a-long-name-feature/with-a-rather-long-branch-name  "); // HOME is the sandbox
  expect(wide.out).toContain(String(inst.pid));
});
