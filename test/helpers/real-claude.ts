// Everything a real-client test needs: a git repository with a worktree, a private Claude config
// seeded to start offline (docs/real-claude-tests.md), a fake model API, a private tmux
// server, and cc-wt launched in it with a debug log the test can read.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { LockFile } from "../../src/lockfile.ts";
import { parentPid } from "../../src/proc.ts";
import { startFakeApi, type FakeApi } from "./fake-api.ts";
import { Tmux } from "./tmux.ts";
import { waitFor } from "./wait.ts";

const ROOT = resolve(import.meta.dir, "../..");
export const CC_WT = join(ROOT, "dist", "cc-wt");
const CLAUDE_BIN_DIR = join(ROOT, "node_modules", ".bin");

function sh(cwd: string, ...cmd: string[]): void {
  const p = Bun.spawnSync(cmd, { cwd, stdout: "ignore", stderr: "pipe" });
  if (!p.success) throw new Error(`${cmd.join(" ")}: ${p.stderr.toString()}`);
}

export interface RealClaude {
  dir: string;
  worktree: string;
  ideDir: string;
  lockPath: string;
  /** The environment cc-wt runs in, for running more cc-wt commands against the same instances. */
  env: Record<string, string>;
  api: FakeApi;
  tmux: Tmux;
  launch(...claudeArgs: string[]): void;
  /** Answers "Yes" at claude's edit prompt, once it is drawn, until the file holds `expected`. */
  acceptEdit(file: string, expected: string): Promise<void>;
  /** Resolves once cc-wt has written its lock (claude may not have connected yet). */
  instanceUp(): Promise<void>;
  /** The pid the client announced in ide_connected, once it has connected. */
  clientPid(): Promise<number>;
  lock(): LockFile;
  parentOf(pid: number): number;
  debugLog(): string;
  exitStatus(): Promise<number>;
  cleanup(): void;
}

/**
 * `branches`: more worktrees (dir/<branch>) beside feature-x, all trusted by the client.
 * `env`: more of the user's environment, as cc-wt gets it.
 */
export function startRealClaude({ branches = [] as string[], env: extraEnv = {} as Record<string, string> } = {}): RealClaude {
  if (!existsBin(CC_WT)) throw new Error(`${CC_WT} is missing: run \`make\` first`);
  const dir = mkdtempSync(join(tmpdir(), "cc-wt-e2e-"));
  const repo = join(dir, "repo");
  const worktree = join(dir, "feature-x");
  mkdirSync(repo);
  sh(repo, "git", "init", "-q", "-b", "main");
  writeFileSync(join(repo, "hello.txt"), "hello world\n");
  sh(repo, "git", "add", ".");
  sh(repo, "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "init");
  for (const b of ["feature-x", ...branches]) sh(repo, "git", "worktree", "add", "-q", "-b", b, join(dir, b));

  const config = join(dir, "claude-config");
  const ideDir = join(config, "ide");
  mkdirSync(config);
  const apiKey = `sk-ant-api03-${"x".repeat(80)}AA`;
  writeFileSync(
    join(config, ".claude.json"),
    JSON.stringify({
      hasCompletedOnboarding: true,
      theme: "dark",
      projects: Object.fromEntries(
        [worktree, ...branches.map((b) => join(dir, b))].map((p) => [p, { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true }]),
      ),
      customApiKeyResponses: { approved: [apiKey.slice(-20)], rejected: [] },
    }),
  );

  const api = startFakeApi();
  const logFile = join(dir, "cc-wt-debug.log");
  const exitFile = join(dir, "exit-status");
  const env: Record<string, string> = {
    PATH: `${CLAUDE_BIN_DIR}:${process.env.PATH}`,
    HOME: dir,
    TERM: "xterm-256color",
    LANG: "C.UTF-8",
    CLAUDE_CONFIG_DIR: config,
    ANTHROPIC_API_KEY: apiKey,
    ANTHROPIC_BASE_URL: api.url,
    DISABLE_AUTOUPDATER: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    CC_WT_DEBUG: logFile,
    // Tests run cc-wt inside tmux, where a diff view would open by default; the diff tests turn it on.
    CC_WT_DIFF_VIEW: "off",
    // `make test-client CLIENT=…` runs these tests against another client version.
    ...(process.env.CC_WT_TEST_CLAUDE ? { CC_WT_CLAUDE: process.env.CC_WT_TEST_CLAUDE } : {}),
    ...extraEnv,
  };
  const tmux = new Tmux(dir, env);
  let lockPath = "";

  const self: RealClaude = {
    dir,
    worktree,
    ideDir,
    env,
    api,
    tmux,
    get lockPath() {
      return lockPath;
    },
    launch(...claudeArgs) {
      const quoted = [CC_WT, ...claudeArgs].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
      tmux.start(`${quoted}; echo $? > '${exitFile}'`, worktree);
    },
    async acceptEdit(file, expected) {
      // Claude reports "waiting" a moment before the prompt is drawn; a key pressed then would
      // land in the input line instead.
      await tmux.waitForScreen(/Do you want to make this edit/);
      await tmux.pressUntil("1", () => readFileSync(file, "utf8") === expected);
    },
    async instanceUp() {
      await waitFor(() => / lock \S+ written/.test(self.debugLog()), 10_000, () => `cc-wt never wrote its lock:\n${tmux.screen()}`);
    },
    async clientPid() {
      let pid = 0;
      await waitFor(
        () => {
          const m = /ide_connected pid=(\d+)/.exec(self.debugLog());
          if (m) pid = Number(m[1]);
          return pid > 0;
        },
        30_000,
        () => `claude never connected; screen:\n${tmux.screen()}\nlog:\n${self.debugLog()}`,
      );
      const m = /lock (\S+\.lock) written/.exec(self.debugLog());
      lockPath = m![1]!;
      return pid;
    },
    lock: () => JSON.parse(readFileSync(lockPath, "utf8")) as LockFile,
    parentOf: (pid) => parentPid(pid) ?? 0,
    debugLog() {
      try {
        return readFileSync(logFile, "utf8");
      } catch {
        return "";
      }
    },
    async exitStatus() {
      let status = "";
      await waitFor(
        () => {
          try {
            status = readFileSync(exitFile, "utf8").trim();
          } catch {}
          return status !== "";
        },
        20_000,
        () => `cc-wt did not exit; screen:\n${tmux.screen()}`,
      );
      return Number(status);
    },
    cleanup() {
      tmux.kill();
      api.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

function existsBin(path: string): boolean {
  try {
    return Bun.file(path).size > 0;
  } catch {
    return false;
  }
}
