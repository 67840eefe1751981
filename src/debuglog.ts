import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { CliError, Exit } from "./errors.ts";
import { myUid } from "./fs/owned.ts";
import { stateDir } from "./paths.ts";
import { printable } from "./text/untrusted.ts";
import type { Env } from "./env.ts";

export type Log = (message: string) => void;

/**
 * The per-instance debug log. Never the terminal: claude draws on it. Off unless asked for with
 * CC_WT_DEBUG=1 (default path) or CC_WT_DEBUG=/some/file, or --cc-wt-debug. Owner-only, because
 * it records protocol traffic that can include file contents.
 */
export function debugLogPath(env: Env, flag: boolean): string | undefined {
  const v = env.CC_WT_DEBUG;
  if (v && v !== "0" && v !== "1" && v !== "true") return v;
  if (flag || v === "1" || v === "true") return join(stateDir(env), "logs", `cc-wt-${process.pid}.log`);
  return undefined;
}

/** The log's descriptor, opened as openDebugLog says. */
function openOwnLog(path: string): number {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error("it is not a regular file");
    if (st.uid !== myUid()) throw new Error(`it belongs to uid ${st.uid}, not to you`);
    if ((st.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/**
 * Throws a CliError (a bad setting), with the reason, when the log cannot be written where asked.
 * Opened once, never through a symlink (another user could point one at a file of ours); a file
 * that is already there must be a regular file of ours, and is made owner-only before anything
 * is written to it.
 */
export function openDebugLog(path: string | undefined): Log {
  if (!path) return () => {};
  let fd: number;
  try {
    fd = openOwnLog(path);
  } catch (e) {
    const reason = (e as { code?: string }).code === "ELOOP" ? "it is a symbolic link; name the file itself" : (e as Error).message;
    throw new CliError(`Cannot write the debug log ${printable(path)}: ${printable(reason)}. Set CC_WT_DEBUG to a writable file.`, Exit.Usage);
  }
  return (message) => {
    try {
      writeSync(fd, `${new Date().toISOString()} ${message}\n`);
    } catch {
      // A full disk must not take the IDE server down with it.
    }
  };
}
