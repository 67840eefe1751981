// A git repository in a private directory with its own HOME, Claude config, cc-wt config and
// state, and a private default tmux server (TMUX_TMPDIR), for running the compiled cc-wt in it
// with /bin/sleep as the client.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CC_WT } from "./real-claude.ts";

export interface RepoSandbox {
  dir: string;
  /** The main worktree, on branch main with one commit. */
  repo: string;
  env: Record<string, string>;
  sh(cwd: string, ...cmd: string[]): string;
  git(cwd: string, ...args: string[]): string;
  ccwt(cwd: string, ...args: string[]): Promise<{ out: string; err: string; code: number }>;
  cleanup(): void;
}

export function makeRepoSandbox(name: string): RepoSandbox {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `cc-wt-${name}-`)));
  mkdirSync(join(dir, "tmux"));
  const env: Record<string, string> = {
    PATH: process.env.PATH!,
    HOME: dir,
    TMUX_TMPDIR: join(dir, "tmux"),
    CLAUDE_CONFIG_DIR: join(dir, "claude-config"),
    XDG_CONFIG_HOME: join(dir, "config"),
    XDG_STATE_HOME: join(dir, "state"),
    CC_WT_CLAUDE: "/bin/sleep",
    GIT_CEILING_DIRECTORIES: dir,
  };
  const sh = (cwd: string, ...cmd: string[]): string => {
    const p = Bun.spawnSync(cmd, { cwd, env, stdout: "pipe", stderr: "pipe" });
    if (!p.success) throw new Error(`${cmd.join(" ")}: ${p.stderr}`);
    return p.stdout.toString().trim();
  };
  const git = (cwd: string, ...args: string[]) => sh(cwd, "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args);
  const repo = join(dir, "app");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  return {
    dir,
    repo,
    env,
    sh,
    git,
    async ccwt(cwd, ...args) {
      const p = Bun.spawn([CC_WT, ...args], { cwd, env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
      const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
      return { out, err, code };
    },
    cleanup() {
      Bun.spawnSync(["tmux", "kill-server"], { env, stdout: "ignore", stderr: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
