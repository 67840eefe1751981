// A worktree cc-wt adds (`--panes --new`, `--panes BRANCH`) is ready to work in: real git, a
// private tmux server, /bin/sleep as the client.
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeRepoSandbox, type RepoSandbox } from "../helpers/repo.ts";

setDefaultTimeout(30_000);

let sb: RepoSandbox;
let dir: string;
let repo: string;
let env: Record<string, string>;
const git = (cwd: string, ...args: string[]) => sb.git(cwd, ...args);
const ccwt = (cwd: string, ...args: string[]) => sb.ccwt(cwd, ...args);

const userConfig = (toml: string) => {
  mkdirSync(join(dir, "config", "cc-wt"), { recursive: true });
  writeFileSync(join(dir, "config", "cc-wt", "config.toml"), toml);
};

beforeEach(() => {
  sb = makeRepoSandbox("create");
  ({ dir, repo, env } = sb);
  writeFileSync(join(repo, ".gitignore"), ".env\n*.local\nnode_modules/\ncache/\nbuild/\n");
  writeFileSync(join(repo, ".worktreeinclude"), "# secrets the app needs\n.env\nconfig/*.local\n");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "init");
});

afterEach(() => sb.cleanup());

test(".worktreeinclude: the ignored files it names are copied, nothing else", async () => {
  writeFileSync(join(repo, ".env"), "SECRET=1\n");
  mkdirSync(join(repo, "config"));
  writeFileSync(join(repo, "config", "db.local"), "db\n");
  writeFileSync(join(repo, "other.local"), "not named\n"); // ignored, but not in .worktreeinclude
  writeFileSync(join(repo, "notes.txt"), "untracked, not ignored\n"); // named nowhere
  mkdirSync(join(repo, "build"));
  writeFileSync(join(repo, "build", "out.js"), "big\n");

  const r = await ccwt(repo, "--panes", "--new", "feat", "--", "600");
  expect(r.code).toBe(0);
  const wt = join(dir, "app-feat");
  expect(readFileSync(join(wt, ".env"), "utf8")).toBe("SECRET=1\n");
  expect(readFileSync(join(wt, "config", "db.local"), "utf8")).toBe("db\n");
  expect(existsSync(join(wt, "other.local"))).toBe(false);
  expect(existsSync(join(wt, "notes.txt"))).toBe(false);
  expect(existsSync(join(wt, "build"))).toBe(false);
  expect(r.err).toContain("copied from .worktreeinclude: 2");
  // Copies are files of their own, not links back into the main worktree.
  expect(lstatSync(join(wt, ".env")).isSymbolicLink()).toBe(false);
});

test("a copy never goes through a link the new checkout has: it is skipped", async () => {
  // The branch tracks `config` as a link to a folder outside the worktree.
  const outside = join(dir, "outside");
  mkdirSync(outside);
  git(repo, "checkout", "-q", "-b", "linked");
  Bun.spawnSync(["ln", "-s", outside, join(repo, "config")]);
  git(repo, "add", "config");
  git(repo, "commit", "-q", "-m", "link");
  git(repo, "checkout", "-q", "main");
  mkdirSync(join(repo, "config"));
  writeFileSync(join(repo, "config", "db.local"), "db\n");

  const r = await ccwt(repo, "--panes", "linked", "--", "600");
  expect(r.code).toBe(0);
  expect(existsSync(join(outside, "db.local"))).toBe(false);
  expect(r.err).toContain("skipped config/db.local");
});

test("worktree.symlinkDirectories from Claude's project settings are linked to the main worktree", async () => {
  mkdirSync(join(repo, "node_modules", "dep"), { recursive: true });
  mkdirSync(join(repo, "cache"));
  mkdirSync(join(repo, ".claude"));
  writeFileSync(join(repo, ".claude", "settings.json"), JSON.stringify({ worktree: { symlinkDirectories: ["node_modules", "../escape", "missing"] } }));
  git(repo, "add", ".claude");
  git(repo, "commit", "-q", "-m", "settings");
  mkdirSync(join(dir, "claude-config"), { recursive: true });
  writeFileSync(join(dir, "claude-config", "settings.json"), JSON.stringify({ worktree: { symlinkDirectories: ["cache"] } }));

  const r = await ccwt(repo, "--panes", "--new", "feat", "--", "600");
  expect(r.code).toBe(0);
  const wt = join(dir, "app-feat");
  expect(readlinkSync(join(wt, "node_modules"))).toBe(join(repo, "node_modules"));
  expect(readlinkSync(join(wt, "cache"))).toBe(join(repo, "cache"));
  expect(existsSync(join(dir, "escape"))).toBe(false);
  expect(r.err).toContain("skipped ../escape");
  expect(r.err).toContain("skipped missing");
});

test("the user's setup command runs in the new worktree, as words, never through a shell", async () => {
  userConfig(`[worktree]\nsetup = ["sh", "-c", "pwd > setup-ran; echo \\"$CC_WT_BRANCH\\" >> setup-ran; echo installing", "$(touch pwned)"]\n`);
  const r = await ccwt(repo, "--panes", "--new", "feat", "--", "600");
  expect(r.code).toBe(0);
  const wt = join(dir, "app-feat");
  expect(readFileSync(join(wt, "setup-ran"), "utf8")).toBe(`${wt}\nfeat\n`);
  // Not on a terminal: the output is shown line by line.
  expect(r.err).toContain("installing");
  expect(existsSync(join(wt, "pwned"))).toBe(false);
});

test("a failing setup leaves the worktree, says so, still opens the pane, and exits non-zero", async () => {
  userConfig(`[worktree]\nsetup = ["sh", "-c", "echo half done > partial; echo broken >&2; exit 3"]\n`);
  const r = await ccwt(repo, "--panes", "--new", "feat", "--", "600");
  expect(r.code).toBe(1);
  expect(r.err).toContain("The setup command failed");
  expect(r.err).toContain("exit status 3");
  expect(r.err).toContain("broken");
  expect(readFileSync(join(dir, "app-feat", "partial"), "utf8")).toBe("half done\n");
  expect(r.out).toBe("tmux attach-session -t =app:\n");
});

test("a repository's setup command is refused until the user approves that exact command, then runs", async () => {
  const toml = (cmd: string) => `[worktree]\nsetup = ["sh", "-c", "${cmd}"]\n`;
  writeFileSync(join(repo, ".cc-wt.toml"), toml("touch repo-setup-ran"));
  git(repo, "add", ".cc-wt.toml");
  git(repo, "commit", "-q", "-m", "setup");

  const first = await ccwt(repo, "--panes", "--new", "one", "--", "600");
  expect(first.code).toBe(0);
  expect(existsSync(join(dir, "app-one", "repo-setup-ran"))).toBe(false);
  expect(first.err).toContain("NOT run");
  expect(first.err).toContain('sh -c "touch repo-setup-ran"');
  const hash = /--approve-setup ([0-9a-f]{16})/.exec(first.err)![1]!;

  // A wrong hash approves nothing; the right one shows what is approved.
  const wrong = await ccwt(repo, "--approve-setup", "0123456789abcdef");
  expect(wrong.code).toBe(64);
  expect(wrong.err).toContain(`cc-wt --approve-setup ${hash}`);
  const shown = await ccwt(repo, "--approve-setup");
  expect(shown.code).toBe(0);
  expect(shown.out).toContain(hash);
  const ok = await ccwt(repo, "--approve-setup", hash);
  expect(ok.code).toBe(0);
  expect(ok.out).toContain("Approved");

  const second = await ccwt(repo, "--panes", "--new", "two", "--", "600");
  expect(second.code).toBe(0);
  expect(existsSync(join(dir, "app-two", "repo-setup-ran"))).toBe(true);

  // A changed command is a new proposal: not run until approved again.
  writeFileSync(join(repo, ".cc-wt.toml"), toml("touch changed-ran"));
  git(repo, "commit", "-q", "-am", "change setup");
  const third = await ccwt(repo, "--panes", "--new", "three", "--", "600");
  expect(existsSync(join(dir, "app-three", "changed-ran"))).toBe(false);
  expect(third.err).toContain("NOT run");
});

test("a planted approvals file (a link, or not the user's) approves nothing", async () => {
  writeFileSync(join(repo, ".cc-wt.toml"), `[worktree]\nsetup = ["touch", "ran"]\n`);
  git(repo, "add", ".cc-wt.toml");
  git(repo, "commit", "-q", "-m", "setup");
  const hash = /--approve-setup ([0-9a-f]{16})/.exec((await ccwt(repo, "--approve-setup")).out)![1]!;
  const state = join(dir, "state", "cc-wt");
  mkdirSync(state, { recursive: true });
  writeFileSync(join(dir, "planted.json"), JSON.stringify([hash]));
  Bun.spawnSync(["ln", "-s", join(dir, "planted.json"), join(state, "approved-setup.json")]);
  await ccwt(repo, "--panes", "--new", "feat", "--", "600");
  expect(existsSync(join(dir, "app-feat", "ran"))).toBe(false);
});
