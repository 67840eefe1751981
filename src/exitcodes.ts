import { constants } from "node:os";

/** Exit statuses cc-wt itself chooses; otherwise it exits with claude's own status. */
export const Exit = {
  /** A cc-wt flag or setting is malformed (sysexits EX_USAGE). */
  Usage: 64,
  /** cc-wt will not do it: work would be lost, or a Claude would be stopped (the message says what to do). */
  Refused: 65,
  /** A new worktree's setup command failed; the worktree (and its pane) are there all the same. */
  SetupFailed: 1,
  /** The named file does not exist (sysexits EX_NOINPUT). */
  NoInput: 66,
  /** A needed program (tmux) or instance is missing or failed (sysexits EX_UNAVAILABLE). */
  Unavailable: 69,
  /** cc-wt itself failed (a bug): the message says what happened (sysexits EX_SOFTWARE). */
  Software: 70,
  /** The lock file could not be written, or its directory is not private to the user (sysexits EX_CANTCREAT). */
  CantCreate: 73,
  /** The instance is there but claude did not connect in time: try again (sysexits EX_TEMPFAIL). */
  TempFail: 75,
  /** A configuration file is malformed (sysexits EX_CONFIG). */
  Config: 78,
  /** claude exists but cannot be executed (shell convention). */
  NotExecutable: 126,
  /** claude is not installed (shell convention). */
  NotFound: 127,
} as const;

/** 128 + signal number for a child killed by a signal, as shells report it. */
export function statusOf(exitCode: number | null, signal: string | number | null): number {
  if (exitCode !== null) return exitCode;
  if (typeof signal === "number") return 128 + signal;
  const signals = constants.signals as Record<string, number>;
  return 128 + ((signal && signals[signal]) || 0);
}

/**
 * A problem found deep inside a command, carrying the exit status that describes it; the command
 * turns it into one message and that status.
 */
export class Failure extends Error {
  constructor(
    message: string,
    readonly exit: number,
  ) {
    super(message);
  }
}
