// `cc-wt --mute` / `--unmute` with the compiled binary: TARGET by branch, path or pid, or the
// worktree you are in; a running instance reports it; an unknown target is a usage error.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { isMuted } from "../../src/alerts/mute.ts";
import { CC_WT } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let dir: string;
let repo: string;
let wt: string;
let env: Record<string, string>;
let inst: Subprocess | undefined;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-mute-")));
  repo = join(dir, "app");
  wt = join(dir, "app-feature");
  mkdirSync(repo);
  const git = (...a: string[]) => Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...a], { cwd: repo });
  git("init", "-q", "-b", "main");
  git("commit", "-q", "--allow-empty", "-m", "init");
  git("worktree", "add", "-q", "-b", "feature", wt);
  env = { PATH: process.env.PATH!, HOME: dir, CLAUDE_CONFIG_DIR: join(dir, "claude"), XDG_STATE_HOME: join(dir, "state"), CC_WT_CLAUDE: "/bin/sleep" };
});
afterEach(async () => {
  inst?.kill();
  await inst?.exited;
  rmSync(dir, { recursive: true, force: true });
});

async function cc(cwd: string, ...args: string[]) {
  const p = Bun.spawn([CC_WT, ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { out, err, code };
}

test("by branch from another worktree, by default the worktree you are in; --unmute undoes it", async () => {
  expect((await cc(repo, "--mute", "feature")).code).toBe(0);
  expect(isMuted(env, wt)).toBe(true);
  expect(isMuted(env, repo)).toBe(false);
  expect((await cc(wt, "--unmute")).code).toBe(0);
  expect(isMuted(env, wt)).toBe(false);
  expect((await cc(join(repo), "--mute", "../app-feature")).code).toBe(0);
  expect(isMuted(env, wt)).toBe(true);
});

test("a running instance, named by its pid, reports the mute in --list", async () => {
  inst = Bun.spawn([CC_WT, "600"], { cwd: wt, env, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  const row = async () => (JSON.parse((await cc(repo, "--list", "--json")).out) as { worktree: string; muted: boolean | null; status: string }[]).find((r) => r.worktree === wt)!;
  await waitFor(async () => (await row()).status !== "none", 5000, () => "the instance never showed");
  expect((await row()).muted).toBe(false);
  expect((await cc(repo, "--mute", String(inst.pid))).code).toBe(0);
  expect((await row()).muted).toBe(true);
});

test("an unknown target is a usage error naming it", async () => {
  const r = await cc(repo, "--mute", "no-such-branch");
  expect(r.code).toBe(64);
  expect(r.err).toContain('matches "no-such-branch"');
});
