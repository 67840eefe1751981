// `cc-wt --close` with real git, the compiled binary, stub clients and a private tmux server:
// every refusal leaves the worktree and the work exactly as they were.
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CC_WT } from "../helpers/real-claude.ts";
import { makeRepoSandbox, type RepoSandbox } from "../helpers/repo.ts";
import { isAlive } from "../helpers/processes.ts";
import { startToken } from "../../src/proc.ts";
import { waitFor } from "../helpers/wait.ts";

setDefaultTimeout(30_000);

let sb: RepoSandbox;
let dir: string;
let repo: string;
let wt: string;
let env: Record<string, string>;
const spawned: Bun.Subprocess[] = [];
const sh = (cwd: string, ...cmd: string[]) => sb.sh(cwd, ...cmd);
const git = (cwd: string, ...args: string[]) => sb.git(cwd, ...args);
const worktrees = () => git(repo, "worktree", "list", "--porcelain");
const branches = () => git(repo, "branch", "--format=%(refname:short)").split("\n");
const close = (cwd: string, ...args: string[]) => sb.ccwt(cwd, "--close", ...args);

/** A cc-wt instance in a worktree, with /bin/sleep as its claude. */
async function instanceIn(cwd: string): Promise<Bun.Subprocess> {
  const p = Bun.spawn([CC_WT, "600"], { cwd, env, stdout: "ignore", stderr: "ignore", stdin: "ignore" });
  spawned.push(p);
  await waitFor(() => existsSync(join(env.CLAUDE_CONFIG_DIR!, "ide")) && sh(dir, "ls", join(env.CLAUDE_CONFIG_DIR!, "ide")).includes(".lock"), 10_000);
  return p;
}

beforeEach(() => {
  sb = makeRepoSandbox("close");
  ({ dir, repo, env } = sb);
  writeFileSync(join(repo, ".gitignore"), "*.log\n");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "init");
  wt = join(dir, "app-feat");
  git(repo, "worktree", "add", "-q", "-b", "feat", wt);
});

afterEach(async () => {
  // SIGTERM: a cc-wt takes its own claude (a sleep) down with it; nothing is left orphaned.
  const left = spawned.splice(0);
  for (const p of left) p.kill("SIGTERM");
  await Promise.race([Promise.all(left.map((p) => p.exited)), Bun.sleep(3000)]);
  for (const p of left) p.kill("SIGKILL");
  sb.cleanup();
});

test("a clean worktree is closed: removed, branch kept; --delete-branch deletes a merged one", async () => {
  writeFileSync(join(wt, "debug.log"), "ignored files go with it\n");
  const r = await close(repo, "feat");
  expect(r.code).toBe(0);
  expect(r.err).toContain(`removed the worktree ${wt}`);
  expect(r.err).toContain("kept branch feat");
  expect(existsSync(wt)).toBe(false);
  expect(worktrees()).not.toContain(wt);
  expect(branches()).toContain("feat");

  git(repo, "worktree", "add", "-q", join(dir, "again"), "feat");
  const d = await close(join(dir, "again"), "--delete-branch"); // the current worktree by default
  expect(d.code).toBe(0);
  expect(d.err).toContain("deleted branch feat");
  expect(branches()).not.toContain("feat");
});

test("refused, with the work intact: uncommitted changes, untracked files, unpushed and unmerged commits", async () => {
  writeFileSync(join(wt, "new.txt"), "untracked work\n");
  const untracked = await close(repo, "feat");
  expect(untracked.code).toBe(65);
  expect(untracked.err).toContain("uncommitted changes or untracked files: new.txt");
  expect(readFileSync(join(wt, "new.txt"), "utf8")).toBe("untracked work\n");

  git(wt, "add", "new.txt");
  expect((await close(repo, wt)).code).toBe(65); // staged, named by path
  git(wt, "commit", "-q", "-m", "work on feat");
  const unpushed = await close(repo, "feat");
  expect(unpushed.code).toBe(65);
  expect(unpushed.err).toContain("1 commit on feat are neither pushed (no upstream) nor merged into main");
  expect(unpushed.err).toContain("work on feat");
  expect(existsSync(join(wt, "new.txt"))).toBe(true);

  // Pushed to its upstream: nothing would be lost.
  const remote = join(dir, "remote.git");
  git(dir, "init", "-q", "--bare", remote);
  git(repo, "remote", "add", "origin", remote);
  git(wt, "push", "-q", "-u", "origin", "feat");
  expect((await close(repo, "feat")).code).toBe(0);
  expect(branches()).toContain("feat");
});

test("merged into main counts as saved; --force closes despite local work (the branch keeps the commits)", async () => {
  writeFileSync(join(wt, "a.txt"), "a\n");
  git(wt, "add", "a.txt");
  git(wt, "commit", "-q", "-m", "a");
  git(repo, "merge", "-q", "feat");
  writeFileSync(join(wt, "scratch.txt"), "throwaway\n");
  expect((await close(repo, "feat")).code).toBe(65);
  const forced = await close(repo, "feat", "--force");
  expect(forced.code).toBe(0);
  expect(existsSync(wt)).toBe(false);
  expect(git(repo, "log", "--format=%s", "-1", "feat")).toBe("a");
});

test("--delete-branch never deletes an unmerged branch: the worktree goes, the branch stays, status 65", async () => {
  writeFileSync(join(wt, "a.txt"), "a\n");
  git(wt, "add", "a.txt");
  git(wt, "commit", "-q", "-m", "a");
  const r = await close(repo, "feat", "--force", "--delete-branch");
  expect(r.code).toBe(65);
  expect(r.err).toContain("was kept");
  expect(branches()).toContain("feat");
});

test("the main worktree, an unknown name and a path outside are refused clearly", async () => {
  const main = await close(repo);
  expect(main.code).toBe(65);
  expect(main.err).toContain("main worktree");
  const unknown = await close(repo, "nope");
  expect(unknown.code).toBe(64);
  expect(unknown.err).toContain('no worktree of this repository is named "nope"');
  expect(unknown.err).toContain("feat");
  const outside = await close(dir);
  expect(outside.code).toBe(64);
  expect(outside.err).toContain("Not in a git repository");
  expect(existsSync(wt)).toBe(true);
});

test("a live Claude is never closed under: refused, then --stop ends it the way SIGTERM does and closes", async () => {
  const inst = await instanceIn(wt);
  const refused = await close(repo, "feat");
  expect(refused.code).toBe(65);
  expect(refused.err).toContain(`Claude is running in ${wt} (cc-wt pid ${inst.pid})`);
  expect(existsSync(wt)).toBe(true);
  expect(isAlive(inst.pid)).toBe(true);

  const stopped = await close(repo, "feat", "--stop");
  expect(stopped.code).toBe(0);
  expect(stopped.err).toContain(`ended cc-wt pid ${inst.pid}`);
  expect(await inst.exited).toBe(128 + 15);
  expect(existsSync(wt)).toBe(false);
});

test("a Claude started without cc-wt is found by its session record too", async () => {
  const sleeper = Bun.spawn(["sleep", "600"], { cwd: wt });
  spawned.push(sleeper);
  mkdirSync(join(env.CLAUDE_CONFIG_DIR!, "sessions"), { recursive: true });
  writeFileSync(join(env.CLAUDE_CONFIG_DIR!, "sessions", `${sleeper.pid}.json`), JSON.stringify({ pid: sleeper.pid, cwd: join(wt, "src"), status: "idle" }));
  const r = await close(repo, "feat");
  expect(r.code).toBe(65);
  expect(r.err).toContain(`claude pid ${sleeper.pid}`);
  // Without the process's start time nothing proves the pid is still that claude: --stop signals nothing.
  const stop = await close(repo, "feat", "--stop");
  expect(stop.code).toBe(65);
  expect(stop.err).toContain("was not signalled and nothing was removed");
  expect(isAlive(sleeper.pid)).toBe(true);
  expect(existsSync(wt)).toBe(true);
});

test("--stop never signals a process that only reuses a stale record's pid, and ends the one the record names", async () => {
  const sessions = join(env.CLAUDE_CONFIG_DIR!, "sessions");
  mkdirSync(sessions, { recursive: true });
  const record = (pid: number, procStart: string) => writeFileSync(join(sessions, `${pid}.json`), JSON.stringify({ pid, cwd: wt, procStart, status: "idle" }));
  const bystander = Bun.spawn(["sleep", "600"]);
  spawned.push(bystander);
  record(bystander.pid, "1"); // a claude that started long ago and is gone; its pid is someone else's now
  const r = await close(repo, "feat", "--stop");
  expect(r.code).toBe(0);
  expect(isAlive(bystander.pid)).toBe(true);

  git(repo, "worktree", "add", "-q", wt, "feat");
  const claude = Bun.spawn(["sleep", "600"], { cwd: wt });
  spawned.push(claude);
  record(claude.pid, startToken(claude.pid)!);
  const stopped = await close(repo, "feat", "--stop");
  expect(stopped.code).toBe(0);
  expect(stopped.err).toContain(`ended claude pid ${claude.pid}`);
  expect(await claude.exited).toBe(143);
});

test("a worktree whose folder is gone: --list says so, --panes refuses it, --close removes the entry", async () => {
  const inst = await instanceIn(wt);
  rmSync(wt, { recursive: true, force: true });
  const list = Bun.spawnSync([CC_WT, "--list", "--json"], { cwd: repo, env, stdout: "pipe" });
  const rows = JSON.parse(list.stdout.toString()) as { worktree: string; pid: number | null; worktreeMissing: boolean }[];
  expect(rows.find((r) => r.pid === inst.pid)?.worktreeMissing).toBe(true);
  expect(rows.find((r) => r.worktree === repo)?.worktreeMissing).toBe(false);
  const table = Bun.spawnSync([CC_WT, "--list"], { cwd: repo, env, stdout: "pipe" }).stdout.toString();
  expect(table).toContain("\napp-feat (folder gone)"); // named beside the repository
  inst.kill("SIGTERM");
  await inst.exited;

  const panes = Bun.spawnSync([CC_WT, "--panes", "feat"], { cwd: repo, env, stderr: "pipe" });
  expect(panes.exitCode).toBe(64);
  expect(panes.stderr.toString()).toContain("no longer exists");
  const r = await close(repo, "feat");
  expect(r.code).toBe(0);
  expect(worktrees()).not.toContain(wt);
});

test("the panes cc-wt opened for the worktree are closed with it, and no other pane", async () => {
  const tmux = (...args: string[]) => sh(dir, "tmux", ...args);
  tmux("new-session", "-d", "-s", "home", "-x", "200", "-y", "50", "-c", repo);
  tmux("set-option", "-g", "remain-on-exit", "on"); // so a pane outlives its cc-wt: --close must close it
  // As if run from the user's pane: the client finds the server through $TMUX.
  const inside = { ...env, TMUX: `${tmux("display-message", "-p", "#{socket_path}")},${tmux("display-message", "-p", "#{pid}")},0`, TMUX_PANE: "%0" };
  const opened = Bun.spawnSync([CC_WT, "--panes", "feat", "--", "600"], { cwd: repo, env: inside, stderr: "pipe" });
  expect(opened.stderr.toString()).toContain("opened in pane");
  const panes = () => tmux("list-panes", "-a", "-F", "#{pane_id}").split("\n");
  await waitFor(() => panes().length === 2, 10_000);
  const r = await close(repo, "feat", "--stop");
  expect(r.err).toContain("closed pane %1");
  expect(r.code).toBe(0);
  expect(panes()).toEqual(["%0"]);
});

test("a name that is a path to one worktree and the branch of another is refused, both left intact", async () => {
  // The repository tracks a link named like a branch, pointing at a sibling worktree.
  const precious = join(dir, "app-precious");
  git(repo, "worktree", "add", "-q", "-b", "precious", precious);
  writeFileSync(join(precious, "notes.txt"), "unsaved work\n");
  git(repo, "worktree", "add", "-q", "-b", "fix", join(dir, "app-fix"));
  Bun.spawnSync(["ln", "-s", "../app-precious", join(repo, "fix")]);
  git(repo, "add", "fix");
  git(repo, "commit", "-q", "-m", "a link");
  const r = await close(repo, "fix", "--force");
  expect(r.code).toBe(64);
  expect(r.err).toContain('"fix" names two worktrees');
  expect(readFileSync(join(precious, "notes.txt"), "utf8")).toBe("unsaved work\n");
  expect(existsSync(join(dir, "app-fix"))).toBe(true);
  // The same ambiguity is refused by --panes, which would otherwise open the wrong worktree.
  const panes = Bun.spawnSync([CC_WT, "--panes", "fix"], { cwd: repo, env, stderr: "pipe" });
  expect(panes.exitCode).toBe(64);
  expect(panes.stderr.toString()).toContain('"fix" names two worktrees');
  // Precise names work: the full path of the branch's worktree.
  expect((await close(repo, join(dir, "app-fix"))).code).toBe(0);
});
