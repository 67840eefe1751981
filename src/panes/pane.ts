// The pane side of `cc-wt --panes`: each pane's cc-wt runs with the environment of the shell that
// ran `--panes` (tmux would give it the tmux server's), and the pane outlives a claude that failed.
//
// The launching cc-wt writes its environment into an owner-only file in a private temporary
// directory and names that file in the pane's CC_WT_PANE (tmux -e values are passed literally,
// never format-expanded; tmux 3.3 checked). A file, not one -e per variable: tmux refuses a
// command larger than its message size ("command too long"), which a big environment reaches.
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { AFTER_EXIT, type AfterExit } from "../config.ts";
import { signalNumber } from "../errors.ts";
import { tempDir } from "../paths.ts";
import { logger } from "../logger.ts";
import { printable } from "../text/untrusted.ts";
import type { Env } from "../env.ts";

/** The variable naming a pane's environment file. */
export const PANE_VAR = "CC_WT_PANE";

/**
 * Never carried into a pane: the launching shell's own tmux pane, an outer Claude's IDE port
 * (each pane's claude connects to its own cc-wt), and where that shell was (the pane starts in
 * its worktree).
 */
const LEFT_OUT = new Set(["TMUX", "TMUX_PANE", "CLAUDE_CODE_SSE_PORT", PANE_VAR, "PWD", "OLDPWD", "_", "SHLVL"]);

/** Describe the pane's own terminal, which tmux sets: the launching terminal's would be wrong. */
const PANE_OWN = ["TMUX", "TMUX_PANE", "TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLUMNS", "LINES"];

export interface PaneSpec {
  env: Record<string, string>;
  afterExit: AfterExit;
}

/** Writes a pane's spec into a fresh owner-only directory; returns the file's path. */
export function writePaneSpec(launching: Env, afterExit: AfterExit): string {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(launching)) if (v !== undefined && !LEFT_OUT.has(k)) env[k] = v;
  const dir = mkdtempSync(join(tempDir(), "cc-wt-pane-")); // mode 0700
  const path = join(dir, "env.json");
  writeFileSync(path, JSON.stringify({ env, afterExit } satisfies PaneSpec), { mode: 0o600, flag: "wx" });
  return path;
}

/** Removes a spec file and its directory (after reading it, or when its pane did not open). */
export function removePaneSpec(path: string): void {
  rmSync(path, { force: true });
  if (basename(dirname(path)).startsWith("cc-wt-pane-")) {
    try {
      rmdirSync(dirname(path));
    } catch {
      // not ours to empty
    }
  }
}

/** How long a pane's cc-wt gets to take its environment file before --panes removes it. */
export const SPEC_WAIT_MS = 10_000;

/**
 * Waits until every pane has taken (and so removed) its environment file; any still there after
 * SPEC_WAIT_MS (a pane closed before its cc-wt started, a tmux server killed) is removed, so the
 * user's environment never stays on disk. Such a pane, if it still starts, runs with tmux's.
 */
export async function settlePaneSpecs(paths: readonly string[], waitMs = SPEC_WAIT_MS): Promise<void> {
  const deadline = Date.now() + waitMs;
  let left = paths.filter((p) => existsSync(p));
  while (left.length && Date.now() < deadline) {
    await Bun.sleep(50);
    left = left.filter((p) => existsSync(p));
  }
  for (const p of left) removePaneSpec(p);
}

function isSpec(v: unknown): v is PaneSpec {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.env === "object" &&
    s.env !== null &&
    Object.values(s.env).every((x) => typeof x === "string") &&
    (AFTER_EXIT as readonly unknown[]).includes(s.afterExit)
  );
}

/**
 * Reads and removes the spec a pane was given. Believed only when it is a regular file of this
 * user's that nobody else can read or write: anything else is refused (the pane then keeps
 * tmux's environment) and left alone.
 */
export function takePaneSpec(path: string): PaneSpec | undefined {
  try {
    const st = lstatSync(path);
    if (!st.isFile() || st.uid !== process.getuid?.() || (st.mode & 0o077) !== 0) {
      logger.warn(`Ignoring the pane environment file ${printable(path)}: not a private file of yours.`);
      return undefined;
    }
    const text = readFileSync(path, "utf8");
    removePaneSpec(path);
    const spec: unknown = JSON.parse(text);
    if (isSpec(spec)) return spec;
  } catch {
    // gone or unreadable: fall through
  }
  logger.warn("This pane could not read the environment of the shell that ran cc-wt --panes: it runs with tmux's.");
  return undefined;
}

/** The pane's environment: the launching shell's, with the pane's own terminal and tmux variables. */
export function paneEnvironment(spec: PaneSpec, own: Env): Record<string, string> {
  const env = { ...spec.env };
  for (const k of PANE_OWN) {
    delete env[k];
    if (own[k] !== undefined) env[k] = own[k]!;
  }
  // claude would retitle the pane ("✳ Claude Code" in every one); the branch is the useful title.
  env.CLAUDE_CODE_DISABLE_TERMINAL_TITLE = "1";
  return env;
}

/** Makes process.env exactly env (Bun.spawn and every reader of process.env then see it). */
function replaceEnv(env: Record<string, string>): void {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
}

async function waitForEnter(): Promise<void> {
  // A claude that died hard may leave the terminal raw, where Enter sends no newline.
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  for await (const _ of console) return; // one line, or end of input (the pane was closed)
}

/** What the pane does once cc-wt has finished: keep a failure readable, else panes.after_exit. */
export async function afterExit(status: number, mode: AfterExit, cwd: string, env: Env): Promise<number> {
  if (status !== 0 || mode === "hold") {
    // Non-zero: claude's own status, or cc-wt's when it could not start claude (the output above says which).
    const what = status === 0 ? "claude exited" : `exited with status ${status} (see above)`;
    process.stderr.write(`\n[cc-wt] ${what}. Press Enter to close this pane.\n`);
    await waitForEnter();
    return status;
  }
  if (mode === "close") return 0;
  // The pane becomes a shell in its worktree, so Claude's last lines ("resume this session") stay.
  const shell = env.SHELL && env.SHELL.startsWith("/") ? env.SHELL : "/bin/sh";
  try {
    const child = Bun.spawn([shell], { cwd, env, stdio: ["inherit", "inherit", "inherit"] });
    return await child.exited;
  } catch (e) {
    logger.error(`Cannot start your shell ${printable(shell)}: ${(e as Error).message}`);
    return 0;
  }
}

/** The entry of a pane's cc-wt: takes the spec, runs cc-wt as usual (main), then the after-exit step. */
export async function runPane(argv: readonly string[], specPath: string, main: (argv: readonly string[]) => Promise<number>): Promise<number> {
  delete process.env[PANE_VAR];
  const spec = takePaneSpec(specPath);
  if (spec) replaceEnv(paneEnvironment(spec, process.env));
  const stopped = watchStopSignals();
  const status = await main(argv);
  // Told to stop (the pane closed, `cc-wt --close --stop`, a kill): nobody is there to read it.
  if (stopped.dispose()) return status;
  return afterExit(status, spec?.afterExit ?? "shell", process.cwd(), process.env);
}

const STOP_SIGNALS = ["SIGTERM", "SIGHUP", "SIGQUIT"] as const;

/**
 * Notes a stop signal while cc-wt runs. The launcher handles them once claude is starting; before
 * (and after) that, a stop signal ends the process as it would without this listener.
 */
function watchStopSignals(): { dispose(): boolean } {
  let seen = false;
  const on = (sig: NodeJS.Signals) => {
    seen = true;
    if (process.listenerCount(sig) === 1) process.exit(128 + signalNumber(sig));
  };
  for (const sig of STOP_SIGNALS) process.on(sig, on);
  return {
    dispose() {
      for (const sig of STOP_SIGNALS) process.off(sig, on);
      return seen;
    },
  };
}
