
/**
 * Every exit status cc-wt itself chooses, with the line the help's EXIT STATUS section shows for
 * it (otherwise cc-wt exits with claude's own status). The sysexits names say which is which.
 */
const STATUSES = {
  /** A new worktree's setup command failed; the worktree (and its pane) are there all the same. */
  SetupFailed: { status: 1, help: "a new worktree's setup failed; --jump: no Claude is waiting" },
  /** A cc-wt flag or setting is malformed (sysexits EX_USAGE). */
  Usage: { status: 64, help: "a cc-wt argument or setting is malformed" },
  /** cc-wt will not do it: work would be lost, or a Claude would be stopped (the message says what to do). */
  Refused: { status: 65, help: "cc-wt refuses (work would be lost; a path it cannot name exactly)" },
  /** The named file does not exist (sysexits EX_NOINPUT). */
  NoInput: { status: 66, help: "the file to mention or select does not exist" },
  /** A needed program (tmux) or instance is missing or failed (sysexits EX_UNAVAILABLE). */
  Unavailable: { status: 69, help: "tmux or the instance to talk to is missing or failed" },
  /** cc-wt itself failed (a bug): the message says what happened (sysexits EX_SOFTWARE). */
  Software: { status: 70, help: "cc-wt failed (a bug: the message says what happened)" },
  /** The lock file could not be written, or its directory is not private to the user (sysexits EX_CANTCREAT). */
  CantCreate: { status: 73, help: "the lock file, the server or a record could not be created" },
  /** The instance is there but claude did not connect in time: try again (sysexits EX_TEMPFAIL). */
  TempFail: { status: 75, help: "claude did not connect in time: try again" },
  /** A configuration file (or a setting that chooses from it) is malformed (sysexits EX_CONFIG). */
  Config: { status: 78, help: "a configuration file is malformed" },
  /** claude exists but cannot be executed (shell convention). */
  NotExecutable: { status: 126, help: "claude is not executable" },
  /** claude is not installed (shell convention). */
  NotFound: { status: 127, help: "claude is not found" },
} as const;

type Statuses = typeof STATUSES;

/** The statuses by name, for code: `Exit.Usage`. */
export const Exit = Object.fromEntries(Object.entries(STATUSES).map(([name, s]) => [name, s.status])) as {
  readonly [K in keyof Statuses]: Statuses[K]["status"];
};

/** The help's EXIT STATUS lines, from the same table. */
export const exitStatusLines = (): string[] =>
  Object.values(STATUSES).map((s) => `  ${String(s.status).padEnd(3)}  ${s.help}`);

/**
 * A signal's number on this system (they differ between Linux and macOS). node:os is asked only
 * here, when a signal has ended something: every command loads this module, and loading node:os
 * costs a compiled program about 0.3 ms (README, Benchmarks).
 */
export function signalNumber(name: string): number {
  return ((require("node:os") as typeof import("node:os")).constants.signals as Record<string, number>)[name] ?? 0;
}

/** 128 + signal number for a child killed by a signal, as shells report it. */
export function statusOf(exitCode: number | null, signal: string | number | null): number {
  if (exitCode !== null) return exitCode;
  if (typeof signal === "number") return 128 + signal;
  return 128 + (signal ? signalNumber(signal) : 0);
}

/**
 * The one error a user sees: thrown where the problem is found, carrying the exit status that
 * describes it; the entry point (src/cli/main.ts) turns it into one message and that status.
 * Untrusted values in the message are made printable where they are put in (printable()); the
 * message's own line breaks are kept.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exit: number,
  ) {
    super(message);
  }
}
