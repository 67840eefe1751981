// One private world per lifecycle test: a git repository, Claude and XDG state directories, a HOME
// of its own (so nothing can reach the real ~/.claude) and the stub claude, plus the compiled
// dist/cc-wt started in it. Everything it starts and creates is undone by cleanup().
import type { Subprocess } from "bun";
import { afterEach, beforeEach, setDefaultTimeout } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { LockFile } from "../../src/lockfile.ts";
import { isAlive } from "./processes.ts";
import { makeStubClaude, readStubReport, type StubReport } from "./stub-claude.ts";
import { waitFor } from "./wait.ts";

export const CC_WT = join(resolve(import.meta.dir, "../.."), "dist", "cc-wt");

type Env = Record<string, string | undefined>;

/** How long to wait for cc-wt or the stub to get somewhere: well inside a test's timeout, so a failure says what was missing. */
const WAIT_MS = 8000;

/** What the stub should do, turned into the STUB_* variables that stub-claude-main.ts reads. */
export interface StubBehaviour {
  wait?: boolean;
  exit?: number;
  killSelf?: NodeJS.Signals;
  connect?: boolean;
}

export interface StartOptions {
  cwd?: string;
  /** Merged over the sandbox's env; undefined removes a variable. */
  env?: Env;
  stub?: StubBehaviour;
}

export interface Finished {
  /** Exit status, null when cc-wt itself was killed by a signal. */
  status: number | null;
  signal: Subprocess["signalCode"];
  stdout: string;
  stderr: string;
}

export interface FoundLock {
  path: string;
  port: number;
  lock: LockFile;
  /** Permission bits of the file. */
  mode: number;
}

export interface CcWt {
  readonly pid: number;
  readonly proc: Subprocess;
  readonly reportPath: string;
  /** Output so far (complete once finished() has resolved). */
  stdout(): string;
  stderr(): string;
  /** The stub's report, once it has one that satisfies ready (any report by default). */
  report(ready?: (r: StubReport) => boolean): Promise<StubReport>;
  /** This instance's lock file, once it has been written. */
  lock(): Promise<FoundLock>;
  /** Exit status and output, once cc-wt has exited. */
  finished(): Promise<Finished>;
  running(): boolean;
  kill(signal: NodeJS.Signals): void;
}

export interface Sandbox {
  /** Real path of the sandbox root (git prints real paths). */
  dir: string;
  repo: string;
  configDir: string;
  ideDir: string;
  stateDir: string;
  home: string;
  /** The environment cc-wt gets unless a start overrides it. */
  env: Record<string, string>;
  git(...args: string[]): string;
  addWorktree(branch: string): string;
  start(args?: readonly string[], opts?: StartOptions): CcWt;
  run(args?: readonly string[], opts?: StartOptions): Promise<Finished>;
  /** Every *.lock in the ide directory, parsed. */
  locks(): FoundLock[];
  cleanup(): Promise<void>;
}

function sh(cwd: string, ...cmd: string[]): string {
  const p = Bun.spawnSync(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  if (!p.success) throw new Error(`${cmd.join(" ")}: ${p.stderr.toString()}`);
  return p.stdout.toString().trim();
}

/** Reads a pipe as it fills, so a timeout can show what has been printed and the child never blocks on a full pipe. */
function collect(stream: ReadableStream<Uint8Array>): { text: () => string; done: Promise<void> } {
  let text = "";
  const decoder = new TextDecoder();
  const done = (async () => {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
    text += decoder.decode();
  })();
  return { text: () => text, done };
}

function stubEnv(b: StubBehaviour = {}): Env {
  return {
    STUB_WAIT: b.wait ? "1" : undefined,
    STUB_EXIT: b.exit === undefined ? undefined : String(b.exit),
    STUB_KILL_SELF: b.killSelf,
    STUB_CONNECT: b.connect ? "1" : undefined,
  };
}

/** Every parseable *.lock in ideDir; a lock appears by rename, so one that is listed is whole. */
export function locksIn(ideDir: string): FoundLock[] {
  if (!existsSync(ideDir) || !statSync(ideDir).isDirectory()) return [];
  return readdirSync(ideDir).flatMap((name) => {
    if (!/^\d+\.lock$/.test(name)) return [];
    const path = join(ideDir, name);
    try {
      const lock = JSON.parse(readFileSync(path, "utf8")) as LockFile;
      return [{ path, port: Number.parseInt(name, 10), lock, mode: statSync(path).mode & 0o777 }];
    } catch {
      return [];
    }
  });
}

export function makeSandbox(opts: { branch?: string } = {}): Sandbox {
  if (!existsSync(CC_WT)) throw new Error(`${CC_WT} is missing: run \`make build\` first`);
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-lifecycle-")));
  const repo = join(dir, "repo");
  const configDir = join(dir, "claude-config");
  const stateDir = join(dir, "state");
  const home = join(dir, "home");
  try {
    for (const d of [repo, configDir, stateDir, home]) mkdirSync(d);
    sh(repo, "git", "init", "-q", "-b", opts.branch ?? "main");
    writeFileSync(join(repo, "README"), "sandbox\n");
    sh(repo, "git", "add", ".");
    sh(repo, "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "init");
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const stub = makeStubClaude(dir);
  // Only what cc-wt needs: an outer CLAUDE_CODE_SSE_PORT or proxy setting must not leak into a test.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    CLAUDE_CONFIG_DIR: configDir,
    XDG_STATE_HOME: stateDir,
    CC_WT_CLAUDE: stub,
    // A sandbox under a directory that happens to be a git checkout must still look like no repository.
    GIT_CEILING_DIRECTORIES: dir,
  };

  const started: CcWt[] = [];
  let reports = 0;

  const self: Sandbox = {
    dir,
    repo,
    configDir,
    ideDir: join(configDir, "ide"),
    stateDir,
    home,
    env,
    git: (...args) => sh(repo, "git", ...args),
    addWorktree(name) {
      const path = join(dir, `wt-${name.replaceAll("/", "-")}`);
      sh(repo, "git", "worktree", "add", "-q", "-b", name, path);
      return path;
    },
    start(args = [], o = {}) {
      const reportPath = join(dir, `report-${++reports}.json`);
      const merged: Env = { ...env, STUB_REPORT: reportPath, ...stubEnv(o.stub), ...o.env };
      const childEnv = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<string, string>;
      const proc = Bun.spawn([CC_WT, ...args], { cwd: o.cwd ?? repo, env: childEnv, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
      const out = collect(proc.stdout);
      const err = collect(proc.stderr);
      // A claude orphaned by a dead cc-wt keeps the pipes open: give the output a moment, not forever.
      const finished = proc.exited
        .then(() => Promise.race([Promise.all([out.done, err.done]), Bun.sleep(1000)]))
        .then((): Finished => ({ status: proc.exitCode, signal: proc.signalCode, stdout: out.text(), stderr: err.text() }));
      const running = () => proc.exitCode === null && proc.signalCode === null;
      const why = (what: string) => () =>
        `${what}; cc-wt ${running() ? "still running" : `exited ${proc.exitCode ?? proc.signalCode}`}, stderr: ${err.text()}`;

      const instance: CcWt = {
        pid: proc.pid,
        proc,
        reportPath,
        stdout: out.text,
        stderr: err.text,
        async report(ready = () => true) {
          let found: StubReport | undefined;
          await waitFor(
            () => {
              found = readStubReport(reportPath);
              return found !== undefined && ready(found);
            },
            WAIT_MS,
            why(`no stub report at ${reportPath} (last: ${JSON.stringify(found)})`),
          );
          return found!;
        },
        async lock() {
          let found: FoundLock | undefined;
          await waitFor(
            () => {
              found = locksIn(self.ideDir).find((l) => l.lock.pid === proc.pid);
              return found !== undefined;
            },
            WAIT_MS,
            why(`no lock with pid ${proc.pid} in ${self.ideDir}`),
          );
          return found!;
        },
        finished: () => finished,
        running,
        kill: (signal) => proc.kill(signal),
      };
      started.push(instance);
      return instance;
    },
    run(args, o) {
      return self.start(args, o).finished();
    },
    locks: () => locksIn(self.ideDir),
    async cleanup() {
      // SIGTERM first so that cc-wt takes its own claude down with it; SIGKILL whatever is left,
      // including stubs orphaned by a cc-wt that a test killed outright.
      for (const c of started) if (c.running()) c.kill("SIGTERM");
      await Promise.race([Promise.all(started.map((c) => c.proc.exited)), Bun.sleep(2000)]);
      for (const c of started) {
        if (c.running()) c.kill("SIGKILL");
        const stubPid = readStubReport(c.reportPath)?.pid;
        if (stubPid && isAlive(stubPid)) process.kill(stubPid, "SIGKILL");
      }
      await Promise.all(started.map((c) => c.proc.exited));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** A fresh sandbox for every test of the file, cleaned up even when the test fails. */
export function sandboxPerTest(opts?: { branch?: string }): () => Sandbox {
  // bun's default of 5 s is shorter than WAIT_MS (bunfig.toml's [test] timeout is not honoured by bun 1.4).
  setDefaultTimeout(15_000);
  let current: Sandbox | undefined;
  beforeEach(() => {
    current = makeSandbox(opts);
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error("sandboxPerTest: no sandbox outside a test");
    return current;
  };
}
