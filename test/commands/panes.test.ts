// `cc-wt --panes` against a private tmux server (TMUX_TMPDIR per test) with /bin/sleep as the client.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isCcWtLock, readLocks } from "../../src/lockfile.ts";
import { CC_WT } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let dir: string;
let repo: string;
let env: Record<string, string>;

function sh(cwd: string, ...cmd: string[]): string {
  const p = Bun.spawnSync(cmd, { cwd, env, stdout: "pipe", stderr: "pipe" });
  if (!p.success) throw new Error(`${cmd.join(" ")}: ${p.stderr}`);
  return p.stdout.toString().trim();
}
const git = (cwd: string, ...args: string[]) => sh(cwd, "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args);
const tmux = (...args: string[]) => sh(dir, "tmux", ...args);

interface PaneInfo {
  id: string;
  pid: number;
  path: string;
  title: string;
  window: string;
  active: boolean;
}
function panes(): PaneInfo[] {
  // "|", not tabs: tmux turns a tab into "_" when the locale is not UTF-8, as here.
  return tmux("list-panes", "-a", "-F", "#{pane_id}|#{pane_pid}|#{pane_current_path}|#{pane_title}|#{window_name}|#{pane_active}")
    .split("\n")
    .map((l) => l.split("|"))
    .map(([id, pid, path, title, window, active]) => ({ id: id!, pid: Number(pid), path: path!, title: title!, window: window!, active: active === "1" }));
}

const instances = () => readLocks(join(env.CLAUDE_CONFIG_DIR!, "ide")).filter(({ lock }) => isCcWtLock(lock));
const environOf = (pid: number) =>
  Object.fromEntries(readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));

async function panesCmd(cwd: string, ...args: string[]) {
  const p = Bun.spawn([CC_WT, "--panes", ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { out, err, code };
}

/** Runs `cc-wt --panes …` from a shell inside the private tmux server, as a user in tmux would. */
async function panesInsideTmux(...args: string[]) {
  const done = join(dir, `done-${Math.random()}`);
  const cmd = [CC_WT, "--panes", ...args].map((a) => `'${a}'`).join(" ");
  tmux("send-keys", "-t", "home:0.0", `${cmd} 2>${done}.err; echo $? > ${done}`, "Enter");
  await waitFor(() => existsSync(done) && readFileSync(done, "utf8").endsWith("\n"), 10_000, () => "--panes did not finish");
  return { code: Number(readFileSync(done, "utf8")), err: readFileSync(`${done}.err`, "utf8") };
}

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-panes-")));
  mkdirSync(join(dir, "tmux"));
  env = {
    PATH: process.env.PATH!,
    HOME: dir,
    TERM: "xterm-256color",
    TMUX_TMPDIR: join(dir, "tmux"), // a private default tmux server for this test
    CLAUDE_CONFIG_DIR: join(dir, "claude-config"),
    XDG_CONFIG_HOME: join(dir, "config"),
    CC_WT_CLAUDE: "/bin/sleep",
    // As if launched from inside another Claude session: this must not reach the panes.
    CLAUDE_CODE_SSE_PORT: "1",
  };
  repo = join(dir, "app");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "commit", "-q", "--allow-empty", "-m", "init");
  git(repo, "worktree", "add", "-q", "-b", "a", join(dir, "app-a"));
  git(repo, "worktree", "add", "-q", "-b", "b", join(dir, "app-b"));
  git(repo, "branch", "c");
});

afterEach(() => {
  Bun.spawnSync(["tmux", "kill-server"], { env, stdout: "ignore", stderr: "ignore" });
  rmSync(dir, { recursive: true, force: true });
});

test("inside tmux: one titled pane per target, in its worktree, each running its own cc-wt with its own port", async () => {
  tmux("new-session", "-d", "-s", "home", "-x", "200", "-y", "50", "-c", repo);
  const r = await panesInsideTmux("a", "b", "--", "600");
  expect(r.code).toBe(0);
  expect(r.err).toContain("opened in pane");

  await waitFor(() => instances().length === 2, 10_000, () => `instances: ${instances().length}`);
  const ps = panes().filter((p) => p.id !== "%0");
  expect(ps.map((p) => [p.path, p.title]).sort()).toEqual([
    [join(dir, "app-a"), "a"],
    [join(dir, "app-b"), "b"],
  ]);
  expect(panes().every((p) => p.window === panes()[0]!.window)).toBe(true); // split, not new windows
  for (const { port, lock } of instances()) {
    const pane = ps.find((p) => p.path === lock.workspaceFolders[0])!;
    // The pane's own environment has the outer port blanked…
    expect(environOf(pane.pid).CLAUDE_CODE_SSE_PORT ?? "").toBe("");
    // …and the client cc-wt started in it gets this instance's port.
    const client = Number(sh(dir, "pgrep", "-P", String(lock.pid)));
    expect(environOf(client).CLAUDE_CODE_SSE_PORT).toBe(String(port));
    expect(environOf(client).CLAUDE_CODE_SSE_PORT).not.toBe("1");
  }
});

test("a worktree that already has a Claude is not launched twice: its pane is selected", async () => {
  tmux("new-session", "-d", "-s", "home", "-x", "200", "-y", "50", "-c", repo);
  expect((await panesInsideTmux("a", "--", "600")).code).toBe(0);
  await waitFor(() => instances().length === 1, 10_000);
  const paneA = panes().find((p) => p.title === "a")!;
  tmux("select-pane", "-t", "%0");
  expect(panes().find((p) => p.id === paneA.id)!.active).toBe(false);

  const again = await panesInsideTmux("a", "b", "--", "600");
  expect(again.code).toBe(0);
  expect(again.err).toContain("already running there (tmux pane home:0.1, selected)");
  await waitFor(() => instances().length === 2, 10_000);
  // b's new pane did not take the focus from the pane that was asked for.
  expect(panes().find((p) => p.id === paneA.id)!.active).toBe(true);
  expect(instances().filter(({ lock }) => lock.workspaceFolders[0] === join(dir, "app-a"))).toHaveLength(1);
  // With no targets, only worktrees without a Claude are opened: here just the main one.
  expect((await panesInsideTmux("--", "600")).code).toBe(0);
  await waitFor(() => instances().length === 3, 10_000);
});

test("--window: one window per target, named after the branch", async () => {
  tmux("new-session", "-d", "-s", "home", "-x", "200", "-y", "50", "-c", repo);
  expect((await panesInsideTmux("--window", "a", "b", "--", "600")).code).toBe(0);
  await waitFor(() => panes().length === 3, 10_000);
  expect(panes().map((p) => p.window).sort()).toEqual(["a", "b", panes()[0]!.window].sort());
});

test("outside tmux: a new session named after the repository, and the attach command when not on a terminal", async () => {
  const r = await panesCmd(repo, "a", "b", "--", "600");
  expect(r.code).toBe(0);
  expect(r.out).toBe("tmux attach-session -t =app:\n");
  expect(tmux("list-sessions", "-F", "#{session_name}")).toBe("app");
  await waitFor(() => instances().length === 2, 10_000);
  expect(panes().map((p) => p.title).sort()).toEqual(["a", "b"]);
  // The new tmux server did not inherit the outer Claude's port.
  expect(tmux("show-environment", "-g").split("\n")).not.toContain("CLAUDE_CODE_SSE_PORT=1");
  // A second launch does not reuse the busy name.
  expect((await panesCmd(repo, "c", "--", "600")).out).toBe("tmux attach-session -t =app-2:\n");
});

test("a branch without a worktree gets one where the configuration says; --new creates a branch", async () => {
  mkdirSync(join(dir, "config", "cc-wt"), { recursive: true });
  writeFileSync(join(dir, "config", "cc-wt", "config.toml"), '[panes]\nworktree_dir = "../trees/{branch}"\n');
  const r = await panesCmd(repo, "c", "--", "600");
  expect(r.code).toBe(0);
  expect(r.err).toContain(`Added worktree ${join(dir, "trees", "c")} for branch c`);
  expect(git(repo, "worktree", "list")).toContain(join(dir, "trees", "c"));

  // One bad name and nothing is created, not even for the good names before it.
  git(repo, "branch", "b2");
  const partial = await panesCmd(repo, "b2", "nope");
  expect(partial.code).toBe(64);
  expect(partial.err).toContain('no worktree or branch named "nope"');
  expect(existsSync(join(dir, "trees", "b2"))).toBe(false);

  // A name quoted back in a message is shown, never acted on by the terminal.
  const escapes = await panesCmd(repo, "x\x1b]0;owned\x07\x1b[2J");
  expect(escapes.code).toBe(64);
  expect(escapes.err).toContain('no worktree or branch named "x\\x1b]0;owned\\x07\\x1b[2J"');
  expect(escapes.err).not.toMatch(/\x1b[\]\[][02]|\x07/);

  const missing = await panesCmd(repo, "feature/new");
  expect(missing.code).toBe(64);
  expect(missing.err).toContain('no worktree or branch named "feature/new"');
  expect(missing.err).toContain("--new");
  expect(missing.err).toContain("main, a, b");
  const created = await panesCmd(repo, "--new", "feature/new", "--", "600");
  expect(created.code).toBe(0);
  expect(existsSync(join(dir, "trees", "feature-new"))).toBe(true);
  expect(git(join(dir, "trees", "feature-new"), "branch", "--show-current")).toBe("feature/new");
});

test("clear errors: occupied path, unknown directory, not a repository, bad configuration, no tmux", async () => {
  mkdirSync(join(dir, "app-c"));
  const occupied = await panesCmd(repo, "c");
  expect(occupied.code).toBe(64);
  expect(occupied.err).toContain(`${join(dir, "app-c")} already exists`);

  const notWt = await panesCmd(repo, join(dir, "app-c"));
  expect(notWt.code).toBe(64);
  expect(notWt.err).toContain("is not a worktree of this repository");

  const plain = join(dir, "plain");
  mkdirSync(plain);
  const outside = await panesCmd(plain);
  expect(outside.code).toBe(64);
  expect(outside.err).toContain("Not in a git repository");

  writeFileSync(join(repo, ".cc-wt.toml"), '[panes]\nlayout = "spiral"\ncolour = true\n');
  const bad = await panesCmd(repo, "a");
  expect(bad.code).toBe(78);
  expect(bad.err).toContain("panes.layout must be one of tiled");
  writeFileSync(join(repo, ".cc-wt.toml"), "[panes]\ncolour = true\n");
  const unknownKey = await panesCmd(repo, "--layout", "tiled", "a", "--", "600");
  expect(unknownKey.code).toBe(0);
  expect(unknownKey.err).toContain('unknown key "panes.colour"');

  const badLayout = await panesCmd(repo, "--layout", "spiral", "a");
  expect(badLayout.code).toBe(64);

  const noTmux = Bun.spawnSync([CC_WT, "--panes"], { cwd: repo, env: { ...env, PATH: "/nonexistent" }, stderr: "pipe" });
  expect(noTmux.exitCode).toBe(69);
  expect(noTmux.stderr.toString()).toContain("tmux is not installed");
  expect(readdirSync(dir)).not.toContain("trees");
});

/** A tmux command that, if tmux ever expanded it, would leave `marker` in $HOME (the test's directory). */
const run = (marker: string) => `#(cd;touch\${IFS}${marker})`;
const pwned = () => readdirSync(dir).filter((f) => f.startsWith("pwned"));

test("hostile folder and branch names stay text: no command runs, each pane opens in its own worktree, titled with its name", async () => {
  // A repository cloned into a folder whose name is a tmux format, with such branches.
  const evilRepo = join(dir, `r${run("pwned-repo")}#{session_name}`);
  git(repo, "clone", "-q", repo, evilRepo);
  const branches = ["fix#{session_name}", `x${run("pwned-branch")}`, "two##hashes#S"];
  for (const b of branches) git(evilRepo, "branch", b);
  const r = await panesCmd(evilRepo, ...branches, "--", "600");
  expect(r.code).toBe(0);
  // Outside tmux, a session named from the folder with only letters, digits, "_" and "-".
  expect(r.out).toBe("tmux attach-session -t =r__cd_touch__IFS_pwned-repo___session_name_:\n");
  await waitFor(() => instances().length === 3, 10_000, () => `instances: ${instances().length}\n${r.err}`);
  const worktreeOf = (b: string) => realpathSync(join(dir, `r${run("pwned-repo")}#{session_name}-${b.replaceAll("/", "-")}`));
  expect(panes().map((p) => [p.title, p.path]).sort()).toEqual(branches.map((b) => [b, worktreeOf(b)]).sort());
  expect(panes()[0]!.window).toBe(branches[0]!);
  // Each cc-wt serves the worktree it was opened in.
  expect(instances().map(({ lock }) => lock.workspaceFolders[0]).sort()).toEqual(branches.map(worktreeOf).sort());

  // Inside tmux, as windows: named with the branch, in its worktree.
  tmux("new-session", "-d", "-s", "home", "-x", "200", "-y", "50");
  const evilBranch = `w${run("pwned-window")}#{host}`;
  git(evilRepo, "branch", evilBranch);
  const done = join(dir, "done");
  const cmd = [CC_WT, "--panes", "--window", evilBranch, "--", "600"].map((a) => `'${a}'`).join(" ");
  tmux("send-keys", "-t", "home:0.0", "-l", `cd '${evilRepo}' && ${cmd} 2>${done}.err; echo $? > ${done}`);
  tmux("send-keys", "-t", "home:0.0", "Enter");
  await waitFor(() => existsSync(done) && readFileSync(done, "utf8").endsWith("\n"), 10_000, () => "--panes did not finish");
  expect(readFileSync(done, "utf8")).toBe("0\n");
  await waitFor(() => instances().length === 4, 10_000);
  const win = panes().find((p) => p.window === evilBranch);
  expect(win?.title).toBe(evilBranch);
  expect(win?.path).toBe(worktreeOf(evilBranch));

  expect(pwned()).toEqual([]);
  // The same tmux does expand a name that is not made literal: these names would have changed.
  tmux("new-window", "-d", "-n", "control#{session_name}", "sleep 600");
  expect(panes().map((p) => p.window)).toContain("controlhome");
}, 60_000);

test("a repository's .cc-wt.toml cannot choose where worktrees are written", async () => {
  writeFileSync(join(repo, ".cc-wt.toml"), '[panes]\nworktree_dir = "../elsewhere/{branch}"\n');
  const r = await panesCmd(repo, "c", "--", "600");
  expect(r.code).toBe(0);
  expect(r.err).toContain("panes.worktree_dir is ignored: it decides where cc-wt writes, so only your own config.toml may set it");
  expect(existsSync(join(dir, "app-c"))).toBe(true);
  expect(existsSync(join(dir, "elsewhere"))).toBe(false);
});

/** A claude stand-in that records its environment in dir and exits with the status it is given. */
function reportingClaude(): string {
  const path = join(dir, "claude-reporting");
  writeFileSync(path, `#!/bin/sh\nenv -0 > '${dir}/env-'"$(basename "$PWD")"\necho "claude says: status $1"\nexit "$1"\n`, { mode: 0o755 });
  return path;
}
const envFile = (name: string) =>
  Object.fromEntries(readFileSync(join(dir, `env-${name}`), "utf8").split("\0").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
const screen = (pane: string) => tmux("capture-pane", "-p", "-J", "-t", pane);

/** Types a command line into the user's pane (%0) and waits until it has run. */
async function typeInHome(line: string): Promise<void> {
  const done = join(dir, `typed-${Math.random()}`);
  tmux("send-keys", "-t", "%0", "-l", `${line}; echo $? > ${done}`);
  tmux("send-keys", "-t", "%0", "Enter");
  await waitFor(() => existsSync(done) && readFileSync(done, "utf8").endsWith("\n"), 10_000, () => screen("%0"));
}

test("a pane runs with the environment of the shell that ran --panes, not tmux's (values taken literally), with its own tmux and terminal", async () => {
  env.CC_WT_CLAUDE = reportingClaude();
  env.TMPDIR = join(dir, "tmp");
  mkdirSync(env.TMPDIR);
  tmux("new-session", "-d", "-s", "home", "-x", "200", "-y", "50", "-c", repo);
  // What the user exported in their shell after the tmux server started: tmux never saw it.
  const hostile = `v#{session_name}#(cd;touch pwned-env)$(touch ${dir}/pwned-sh)'"\n2nd line`;
  writeFileSync(join(dir, "hostile"), hostile);
  const otherConfig = join(dir, "other-claude-config");
  await typeInHome(`export CLAUDE_CONFIG_DIR='${otherConfig}' ANTHROPIC_BASE_URL=http://127.0.0.1:9 HTTPS_PROXY=http://proxy.invalid:3128 SHELL=/bin/sh COLUMNS=33`);
  await typeInHome(`export CC_WT_TEST_HOSTILE="$(cat '${dir}/hostile'; printf x)"`);
  await typeInHome(`'${CC_WT}' --panes a -- 0 2>'${dir}/err'`);
  await waitFor(() => existsSync(join(dir, "env-app-a")), 10_000, () => readFileSync(join(dir, "err"), "utf8"));
  const seen = envFile("app-a");
  expect(seen.CLAUDE_CONFIG_DIR).toBe(otherConfig);
  expect(seen.ANTHROPIC_BASE_URL).toBe("http://127.0.0.1:9");
  expect(seen.HTTPS_PROXY).toBe("http://proxy.invalid:3128");
  expect(seen.CC_WT_TEST_HOSTILE).toBe(`${hostile}x`);
  // The pane's own tmux variables and terminal, not the launching shell's.
  const paneA = panes().find((p) => p.title === "a")!;
  expect(seen.TMUX_PANE).toBe(paneA.id);
  expect(seen.TERM).toBe(tmux("show-options", "-gv", "default-terminal"));
  expect(seen.COLUMNS).toBeUndefined();
  expect(seen.CC_WT_PANE).toBeUndefined();
  // Its claude connects to its own cc-wt, whose lock went into the user's CLAUDE_CONFIG_DIR.
  expect(seen.CLAUDE_CODE_SSE_PORT).toMatch(/^\d+$/);
  expect(seen.CLAUDE_CODE_SSE_PORT).not.toBe("1");
  expect(existsSync(join(otherConfig, "ide"))).toBe(true);
  expect(pwned()).toEqual([]);
  // The environment file, owner-only while it existed, is gone once read.
  expect(readdirSync(env.TMPDIR)).toEqual([]);
}, 30_000);

test("a pane whose claude fails stays with its output and status; after a clean exit it becomes a shell in its worktree", async () => {
  env.CC_WT_CLAUDE = reportingClaude();
  tmux("new-session", "-d", "-s", "home", "-x", "200", "-y", "50", "-c", repo);
  await typeInHome(`export SHELL=/bin/sh; '${CC_WT}' --panes a -- 3 2>/dev/null`);
  const paneA = () => panes().find((p) => p.title === "a");
  await waitFor(() => screen(paneA()!.id).includes("Press Enter"), 10_000, () => (paneA() ? screen(paneA()!.id) : "no pane a"));
  const failed = screen(paneA()!.id);
  expect(failed).toContain("claude says: status 3");
  expect(failed).toContain("[cc-wt] exited with status 3 (see above). Press Enter to close this pane.");
  tmux("send-keys", "-t", paneA()!.id, "Enter");
  await waitFor(() => paneA() === undefined, 10_000, () => screen(paneA()!.id));

  await typeInHome(`'${CC_WT}' --panes b -- 0 2>/dev/null`);
  const paneB = () => panes().find((p) => p.title === "b")!;
  await waitFor(() => existsSync(join(dir, "env-app-b")), 10_000);
  await waitFor(() => tmux("display-message", "-p", "-t", paneB().id, "#{pane_current_command}") === "sh", 10_000, () => screen(paneB().id));
  tmux("send-keys", "-t", paneB().id, "-l", 'echo "shell in:$PWD"');
  tmux("send-keys", "-t", paneB().id, "Enter");
  await waitFor(() => screen(paneB().id).includes(`shell in:${join(dir, "app-b")}`), 10_000, () => screen(paneB().id));
  expect(screen(paneB().id)).toContain("claude says: status 0");

  // panes.after_exit = "close": a clean exit closes the pane.
  mkdirSync(join(dir, "config", "cc-wt"), { recursive: true });
  writeFileSync(join(dir, "config", "cc-wt", "config.toml"), '[panes]\nafter_exit = "close"\n');
  await typeInHome(`'${CC_WT}' --panes c -- 0 2>/dev/null`);
  await waitFor(() => existsSync(join(dir, "env-app-c")), 10_000);
  await waitFor(() => !panes().some((p) => p.title === "c"), 10_000);
}, 40_000);
