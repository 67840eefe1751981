// Nothing on disk is trusted for being where cc-wt expects it: a file another local user planted,
// or a symlink pointing somewhere else, must never be read as ours, written through or deleted.
import { chmodSync, closeSync, constants, fstatSync, mkdirSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { CliError, Exit } from "../errors.ts";
import { printable } from "../text/untrusted.ts";

/** The effective uid: what the kernel checks, and who owns what cc-wt creates. */
export const myUid = (): number => process.geteuid?.() ?? process.getuid?.() ?? -1;

/** Group- or other-writable: someone else could add, replace or remove entries. */
const OTHERS_WRITE = 0o022;

/**
 * Creates dir (0700) when missing; after symlinks it must be a directory of ours that nobody else
 * can write. cc-wt's own directory is tightened to 0700; one it does not own, or cannot make
 * private, throws a CliError (cannot create) with the reason. Returns the resolved path, the one to write in.
 */
export function ensurePrivateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const real = realpathSync(dir);
  const st = statSync(real);
  const where = printable(real === dir ? dir : `${dir} (${real})`);
  if (!st.isDirectory()) throw new CliError(`${where} is not a directory`, Exit.CantCreate);
  if (st.uid !== myUid()) {
    throw new CliError(`${where} belongs to uid ${st.uid}, not to you (uid ${myUid()}), so its owner could read or replace the lock`, Exit.CantCreate);
  }
  if ((st.mode & 0o077) !== 0) {
    try {
      chmodSync(real, 0o700);
    } catch (e) {
      // A read-only mount may refuse the chmod of a directory that is private enough already.
      if ((st.mode & OTHERS_WRITE) !== 0) throw new CliError(`${where} is writable by others (mode ${octal(st.mode)}) and cannot be made private: ${(e as Error).message}`, Exit.CantCreate);
      return real;
    }
    if ((statSync(real).mode & OTHERS_WRITE) !== 0) throw new CliError(`${where} stays writable by others (mode ${octal(statSync(real).mode)}) after chmod 700`, Exit.CantCreate);
  }
  return real;
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, "0");

/**
 * The text of a regular file that belongs to us, read without following a symlink at path and
 * without blocking on a FIFO or a device; undefined for anything else, or when it is larger than
 * maxBytes. Reading the size from the opened file (fstat) means the file checked is the file read.
 */
export function readOwnFile(path: string, maxBytes: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== myUid() || st.size > maxBytes) return undefined;
    return readAll(fd, st.size, maxBytes)?.toString("utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Reads up to maxBytes from fd; undefined when there is more (the file grew past the cap). */
export function readAll(fd: number, sizeHint: number, maxBytes: number): Buffer | undefined {
  const buf = Buffer.alloc(Math.min(sizeHint, maxBytes) + 1);
  let n = 0;
  for (;;) {
    if (n === buf.length) return undefined;
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) return buf.subarray(0, n);
    n += got;
  }
}

export type FileRead = { ok: true; data: Buffer } | { ok: false; why: "missing" | "not a regular file" | "too large" | "unreadable" };

/**
 * A file named by someone else (Claude's old_file_path, a path to follow for diagnostics), read
 * only if it is a regular file of at most maxBytes: opened without blocking, so a FIFO or a device
 * (/dev/tty, /dev/zero) can neither freeze the instance nor fill its memory.
 */
export function readRegularFile(path: string, maxBytes: number): FileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, why: (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable" };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, why: "not a regular file" };
    if (st.size > maxBytes) return { ok: false, why: "too large" };
    const data = readAll(fd, st.size, maxBytes);
    return data ? { ok: true, data } : { ok: false, why: "too large" };
  } catch {
    return { ok: false, why: "unreadable" };
  } finally {
    closeSync(fd);
  }
}
