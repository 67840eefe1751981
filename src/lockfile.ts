// The lock file announces an IDE server to the Claude client (docs/protocol.md, "The lock file"). It holds the auth
// token, so it is owner-only, in a directory only we can write, appears whole or not at all, and
// must never outlive its server. Only our own regular files are read as locks: a file another
// user planted, or a symlink, is neither believed nor deleted.
import { closeSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { isCcWtIdeName } from "./control/ideName.ts";
import { ensurePrivateDir, readOwnFile } from "./fs/owned.ts";
import { isAlive } from "./proc.ts";

export interface LockFile {
  pid: number;
  workspaceFolders: string[];
  ideName: string;
  transport: "ws";
  authToken: string;
  runningInWindows: boolean;
}

export interface FoundLock {
  path: string;
  port: number;
  lock: LockFile;
}

export const lockPath = (dir: string, port: number): string => join(dir, `${port}.lock`);

/** cc-wt's own locks, told apart by name: other IDEs' locks are never ours to touch. */
export const isCcWtLock = (lock: LockFile): boolean => isCcWtIdeName(lock.ideName);

/** A lock is a few hundred bytes; anything far larger is not one of ours and is not read. */
const MAX_LOCK_BYTES = 64 * 1024;

/**
 * Writes `<port>.lock` atomically: a temp file (not named *.lock, so no scanner reads it
 * half-written), then rename. The directory must be private first (ensurePrivateDir throws
 * UnsafeDirError when it is not ours or cannot be made so): then nobody else can read the token
 * or swap the file.
 */
export function writeLock(dir: string, port: number, lock: LockFile): string {
  const real = ensurePrivateDir(dir);
  const final = lockPath(real, port);
  // Written in the resolved directory, the one that was checked; the exclusive create never follows a symlink.
  const tmp = join(real, `.${port}.lock.${process.pid}.tmp`);
  let created = false;
  try {
    const fd = openSync(tmp, "wx", 0o600);
    created = true;
    try {
      // No fsync: the rename alone makes the lock appear whole to every reader, and a lock has no
      // use after a crash of the machine (its server is gone). Forcing it to disk cost each launch
      // a journal commit, and its removal another (about a millisecond each on ext4).
      writeSync(fd, JSON.stringify(lock));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, final);
  } catch (e) {
    // Only our own half-written file is removed; whatever stood in its way is not ours to delete.
    if (created) rmSync(tmp, { force: true });
    throw e;
  }
  return final;
}

export function removeLock(path: string): void {
  rmSync(path, { force: true });
}

function parseLock(text: string): LockFile | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const l = v as Record<string, unknown>;
  const ok =
    Number.isSafeInteger(l.pid) &&
    (l.pid as number) > 0 &&
    Array.isArray(l.workspaceFolders) &&
    l.workspaceFolders.every((f) => typeof f === "string") &&
    typeof l.ideName === "string" &&
    typeof l.authToken === "string";
  return ok ? (v as LockFile) : undefined;
}

/**
 * Every well-formed lock in dir that is a regular file of ours, read without following symlinks.
 * Anything else (unreadable, foreign-shaped, another user's, a symlink) is skipped, never deleted.
 */
export function readLocks(dir: string): FoundLock[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: FoundLock[] = [];
  for (const name of names) {
    const m = /^(\d+)\.lock$/.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const text = readOwnFile(path, MAX_LOCK_BYTES);
    const lock = text === undefined ? undefined : parseLock(text);
    if (lock) found.push({ path, port: Number(m[1]), lock });
  }
  return found;
}

/**
 * One read of the directory: cc-wt locks whose cc-wt died without cleaning up (SIGKILL, power loss)
 * are removed (stale); the others are the running instances (live).
 */
export function sweepLocks(dir: string): { stale: FoundLock[]; live: FoundLock[] } {
  const ours = readLocks(dir).filter(({ lock }) => isCcWtLock(lock));
  const stale = ours.filter(({ lock }) => !isAlive(lock.pid));
  for (const { path } of stale) removeLock(path);
  return { stale, live: ours.filter((l) => !stale.includes(l)) };
}

/** The locks of running cc-wt instances, the stale ones swept on the way. */
export const liveCcWtLocks = (dir: string): FoundLock[] => sweepLocks(dir).live;
