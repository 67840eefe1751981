// The setup command of a new worktree (`[worktree] setup`): the user's own, or one the repository
// proposes and the user has approved (approvals.ts). Run there as a list of words, never through a
// shell, with its output shown; a failure leaves the worktree as it is and says so.
import { logger } from "../logger.ts";
import { printable } from "../text/untrusted.ts";
import { progressLine } from "../text/progress.ts";
import type { Env } from "../env.ts";

export interface SetupResult {
  ok: boolean;
  /** What went wrong, for the message: the exit status or why it could not start. */
  problem?: string;
}

/** Quoted for showing, so the user sees the exact words that will run. */
export const showCommand = (command: readonly string[]): string =>
  command.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : JSON.stringify(w))).join(" ");

async function pump(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split(/\r?\n|\r/);
    rest = lines.pop()!;
    lines.forEach(onLine);
  }
  if (rest) onLine(rest);
}

/**
 * Runs command in worktree. On a terminal a progress line shows the latest output and the whole
 * output is printed only if it fails; elsewhere (a log, CI) every line is printed as it comes.
 */
export async function runSetup(command: readonly string[], worktree: string, env: Env): Promise<SetupResult> {
  const label = `setting up: ${printable(showCommand(command))}`;
  const progress = progressLine(label);
  if (!progress) logger.info(`${label} (in ${printable(worktree)})`);
  const kept: string[] = [];
  const onLine = (line: string) => {
    if (progress) {
      kept.push(line);
      if (line.trim()) progress.say(line);
    } else process.stderr.write(`  ${printable(line)}\n`);
  };
  let proc;
  try {
    proc = Bun.spawn([...command], { cwd: worktree, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  } catch (e) {
    progress?.end();
    return { ok: false, problem: `could not start ${command[0]}: ${(e as Error).message}` };
  }
  const [, , code] = await Promise.all([pump(proc.stdout, onLine), pump(proc.stderr, onLine), proc.exited]);
  progress?.end();
  if (code === 0) return { ok: true };
  if (progress) for (const line of kept.slice(-40)) process.stderr.write(`  ${printable(line)}\n`);
  return { ok: false, problem: proc.signalCode ? `killed by ${proc.signalCode}` : `exit status ${code}` };
}
