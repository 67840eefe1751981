// Where an event goes: tmux (a message on the attached clients, a mark on the window, the bell),
// the desktop, and the user's own command. None of them may block or break the instance: every
// program runs detached from claude's terminal, with a time limit, and its failure is only logged.
import { writeSync } from "node:fs";
import type { Log } from "../debuglog.ts";
import { tmuxLiteral } from "../text/untrusted.ts";
import { desktopDelivery, type DesktopMethod } from "./desktop.ts";
import { tmuxAsync } from "./focus.ts";
import type { EventKind } from "./transitions.ts";
import type { Env } from "../env.ts";

export interface AlertEvent {
  kind: EventKind;
  worktree: string;
  branch: string | null;
  waitingFor: string | null;
  /** claude's exit status, for "exited". */
  exitStatus?: number;
  tmuxPane: string | null;
  /** cc-wt's pid (what `cc-wt --jump PID` takes). */
  pid: number;
}

/** The window option set on an alerting Claude's window, for status formats: "waiting", "done" or "exited". */
export const MARK_OPTION = "@cc-wt-alert";

/** How long the user's command may run before it is killed. */
export const COMMAND_TIMEOUT_MS = 30_000;

const nameOf = (e: AlertEvent) => e.branch ?? e.worktree;

/** One line saying who and what; untrusted parts (branch, waitingFor) still raw: each sink escapes for itself. */
export function describeEvent(e: AlertEvent): string {
  switch (e.kind) {
    case "waiting":
      return `Claude in ${nameOf(e)} is waiting: ${e.waitingFor ?? "input needed"}`;
    case "done":
      return `Claude in ${nameOf(e)} is done`;
    case "exited":
      return `Claude in ${nameOf(e)} exited with status ${e.exitStatus ?? "?"}`;
  }
}

/** A message on every attached client, the mark on the window, and a bell for monitor-bell. */
export async function tmuxAlert(env: Env, e: AlertEvent, bell: () => void): Promise<void> {
  if (!e.tmuxPane) return;
  const clients = (await tmuxAsync(env, ["list-clients", "-F", "#{client_name}"]))?.split("\n").filter(Boolean) ?? [];
  const text = tmuxLiteral(`cc-wt: ${describeEvent(e)}`);
  await Promise.all([
    ...clients.map((c) => tmuxAsync(env, ["display-message", "-c", c, "-d", "5000", text])),
    tmuxAsync(env, ["set-option", "-w", "-t", e.tmuxPane, MARK_OPTION, e.kind]),
  ]);
  bell();
}

export const clearMark = (env: Env, pane: string) => tmuxAsync(env, ["set-option", "-w", "-u", "-t", pane, MARK_OPTION]);

/**
 * BEL on the pane's terminal (cc-wt's stdout is the terminal claude draws on): tmux then flags the
 * window for monitor-bell and bell-action. A lone BEL between claude's writes is harmless.
 */
export function ringBell(): void {
  terminalWrite("\x07");
}

function terminalWrite(bytes: string): void {
  if (!process.stdout.isTTY) return;
  try {
    writeSync(1, bytes);
  } catch {
    // the terminal is gone: nothing to tell
  }
}

/** Starts a program and forgets it: no stdio (claude owns the terminal), killed after the time limit. */
function spawnDetached(argv: string[], env: Env, log: Log): void {
  try {
    const p = Bun.spawn(argv, { env, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
    const timer = setTimeout(() => p.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
    timer.unref();
    p.unref();
    void p.exited.then((code) => {
      clearTimeout(timer);
      log(`alert: ${argv[0]} exited with ${code}`);
    });
  } catch (e) {
    log(`alert: cannot run ${argv[0]}: ${(e as Error).message}`);
  }
}

export function desktopAlert(method: DesktopMethod, e: AlertEvent, env: Env, log: Log): void {
  const d = desktopDelivery(method, `cc-wt: ${nameOf(e)}`, describeEvent(e), Boolean(env.TMUX));
  if ("argv" in d) spawnDetached(d.argv, env, log);
  else terminalWrite(d.bytes);
}

/** The environment the user's command gets: the instance's own, plus what happened and where. */
export function commandEnv(env: Env, e: AlertEvent, lookedAt: boolean): Env {
  return {
    ...env,
    CC_WT_EVENT: e.kind,
    CC_WT_WORKTREE: e.worktree,
    CC_WT_BRANCH: e.branch ?? "",
    CC_WT_WAITING_FOR: e.waitingFor ?? "",
    CC_WT_TMUX_PANE: e.tmuxPane ?? "",
    CC_WT_PID: String(e.pid),
    CC_WT_EXIT_STATUS: e.exitStatus === undefined ? "" : String(e.exitStatus),
    CC_WT_FOCUSED: lookedAt ? "1" : "0",
  };
}

/** The user's [notify] command, with argv exactly as configured: never through a shell. */
export function commandAlert(command: readonly string[], e: AlertEvent, env: Env, lookedAt: boolean, log: Log): void {
  spawnDetached([...command], commandEnv(env, e, lookedAt), log);
}
