import { constants } from "node:os";

/** Exit statuses cc-wt itself chooses; otherwise it exits with claude's own status. */
export const Exit = {
  /** A cc-wt flag or setting is malformed (sysexits EX_USAGE). */
  Usage: 64,
  /** The workspace's path cannot be named exactly: bytes that are not UTF-8 (sysexits EX_DATAERR). */
  DataErr: 65,
  /** The named file does not exist (sysexits EX_NOINPUT). */
  NoInput: 66,
  /** A needed program (tmux) or instance is missing or failed (sysexits EX_UNAVAILABLE). */
  Unavailable: 69,
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
