import { beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isCcWtLock, lockPath, readLocks, sweepLocks, writeLock, type LockFile } from "../../src/lockfile.ts";
import { isAlive } from "../../src/proc.ts";
import { useTempDir } from "../helpers/unit.ts";
import { CliError } from "../../src/errors.ts";

const tmp = useTempDir("cc-wt-lock-");
let dir: string;

beforeEach(() => {
  // Not created yet: writeLock must create it, owner-only.
  dir = join(tmp(), "claude", "ide");
});

const lock = (overrides: Partial<LockFile> = {}): LockFile => ({
  pid: process.pid,
  workspaceFolders: ["/work/tree"],
  ideName: "cc-wt (feature-x)",
  transport: "ws",
  authToken: "secret-token",
  runningInWindows: false,
  ...overrides,
});

/** A pid that certainly existed and certainly no longer does. */
async function deadPid(): Promise<number> {
  const child = Bun.spawn(["true"]);
  await child.exited;
  return child.pid;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe("writeLock", () => {
  test("creates an owner-only directory and file, named after the port", () => {
    const path = writeLock(dir, 41234, lock());
    expect(path).toBe(join(dir, "41234.lock"));
    expect(mode(dir)).toBe(0o700);
    expect(mode(path)).toBe(0o600);
  });

  test("what it writes reads back whole, with the port from the file name, and no temp file left", () => {
    writeLock(dir, 41234, lock());
    expect(readLocks(dir)).toEqual([{ path: lockPath(dir, 41234), port: 41234, lock: lock() }]);
    expect(readdirSync(dir)).toEqual(["41234.lock"]);
  });

  test("a write that cannot create its temp file throws and leaves nothing behind", () => {
    mkdirSync(dir, { recursive: true });
    // A directory squatting on the temp file's name makes the exclusive create fail.
    const squatter = join(dir, `.41234.lock.${process.pid}.tmp`);
    mkdirSync(squatter);
    // The user is told what really failed, and the squatter is not ours to delete.
    expect(() => writeLock(dir, 41234, lock())).toThrow(/EEXIST/);
    expect(existsSync(squatter)).toBe(true);
    expect(existsSync(lockPath(dir, 41234))).toBe(false);
    expect(readLocks(dir)).toEqual([]);
  });

  test("a write that cannot rename into place throws, removes its temp file and leaves the target alone", () => {
    const target = lockPath(dir, 41234);
    mkdirSync(join(target, "occupied"), { recursive: true });
    expect(() => writeLock(dir, 41234, lock())).toThrow();
    expect(readdirSync(dir)).toEqual(["41234.lock"]);
    expect(readdirSync(target)).toEqual(["occupied"]);
  });

  // Root writes through read-only modes, so only an ordinary user can see this failure.
  test.skipIf(process.getuid?.() === 0)("a read-only directory makes it throw without a partial file", () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o500);
    expect(() => writeLock(dir, 41234, lock())).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("the lock directory must be private", () => {
  const isRoot = process.getuid?.() === 0;

  test("cc-wt's own directory that others could write is tightened to 0700", () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    writeLock(dir, 41234, lock());
    expect(mode(dir)).toBe(0o700);
  });

  test("through a symlink, the directory it points at is checked, and the lock written there", () => {
    const real = join(tmp(), "real-ide");
    mkdirSync(real, { mode: 0o755 });
    mkdirSync(join(dir, ".."), { recursive: true });
    symlinkSync(real, dir);
    expect(writeLock(dir, 41234, lock())).toBe(join(real, "41234.lock"));
    expect(mode(real)).toBe(0o700);
  });

  test.skipIf(!isRoot)("a directory another user owns is refused, and nothing is written", () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chownSync(dir, 65534, 65534);
    expect(() => writeLock(dir, 41234, lock())).toThrow(CliError);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a path that is not a directory is refused", () => {
    mkdirSync(join(dir, ".."), { recursive: true });
    writeFileSync(dir, "");
    expect(() => writeLock(dir, 41234, lock())).toThrow();
  });
});

describe("readLocks", () => {
  test("a lock that is a symlink is neither read nor deleted by a sweep", async () => {
    mkdirSync(dir, { recursive: true });
    const elsewhere = join(tmp(), "elsewhere.lock");
    writeFileSync(elsewhere, JSON.stringify(lock({ pid: await deadPid() })), { mode: 0o600 });
    symlinkSync(elsewhere, join(dir, "40001.lock"));
    expect(readLocks(dir)).toEqual([]);
    expect(sweepLocks(dir).stale).toEqual([]);
    expect(lstatSync(join(dir, "40001.lock")).isSymbolicLink()).toBe(true);
  });

  test.skipIf(process.getuid?.() !== 0)("a lock another user owns is neither read nor deleted by a sweep", async () => {
    writeLock(dir, 40001, lock({ pid: await deadPid() }));
    chownSync(join(dir, "40001.lock"), 65534, 65534);
    expect(readLocks(dir)).toEqual([]);
    expect(sweepLocks(dir).stale).toEqual([]);
    expect(readdirSync(dir)).toEqual(["40001.lock"]);
  });

  test("a FIFO named like a lock does not block the read", () => {
    mkdirSync(dir, { recursive: true });
    expect(Bun.spawnSync(["mkfifo", join(dir, "40001.lock")]).success).toBe(true);
    expect(readLocks(dir)).toEqual([]);
  });

  test("skips malformed files and foreign names, and deletes none of them", () => {
    writeLock(dir, 40001, lock());
    const others: Record<string, string> = {
      "40002.lock": "{ not json",
      "40003.lock": JSON.stringify({ ...lock(), pid: "1" }),
      "40004.lock": JSON.stringify({ ...lock(), workspaceFolders: [1] }),
      "40005.lock": JSON.stringify({ ...lock(), authToken: undefined }),
      "40006.lock": "null",
      "notes.lock": JSON.stringify(lock()),
      "40007.lock.bak": JSON.stringify(lock()),
      ".40008.lock.123.tmp": JSON.stringify(lock()),
    };
    for (const [name, text] of Object.entries(others)) writeFileSync(join(dir, name), text);

    expect(readLocks(dir).map((f) => f.port)).toEqual([40001]);
    expect(readdirSync(dir).sort()).toEqual([...Object.keys(others), "40001.lock"].sort());
  });

  test("a missing directory has no locks", () => {
    expect(readLocks(join(dir, "nope"))).toEqual([]);
  });
});

describe("sweepLocks", () => {
  test("removes cc-wt locks whose process is gone, and keeps live ones", async () => {
    const dead = await deadPid();
    writeLock(dir, 40001, lock({ pid: dead }));
    writeLock(dir, 40002, lock({ pid: dead, ideName: "cc-wt" }));
    writeLock(dir, 40003, lock({ pid: process.pid }));

    expect(sweepLocks(dir).stale.map((f) => f.port).sort()).toEqual([40001, 40002]);
    expect(readdirSync(dir)).toEqual(["40003.lock"]);
  });

  test("never removes another IDE's lock, even when its process is gone", async () => {
    const dead = await deadPid();
    for (const [port, ideName] of [[40001, "Visual Studio Code"], [40002, "cc-wtx"], [40003, "Neovim cc-wt"]] as const) {
      writeLock(dir, port, lock({ pid: dead, ideName }));
    }
    expect(sweepLocks(dir).stale).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(["40001.lock", "40002.lock", "40003.lock"]);
  });

  test("cc-wt's own lock names are recognised, with or without a branch", () => {
    expect(isCcWtLock(lock({ ideName: "cc-wt" }))).toBe(true);
    expect(isCcWtLock(lock({ ideName: "cc-wt (main)" }))).toBe(true);
    expect(isCcWtLock(lock({ ideName: "Visual Studio Code" }))).toBe(false);
  });
});

test("isAlive tells a running process from one that has exited", async () => {
  expect(isAlive(process.pid)).toBe(true);
  expect(isAlive(await deadPid())).toBe(false);
  // kill(0 or -n) addresses process groups: never taken for a live instance.
  expect(isAlive(0)).toBe(false);
  expect(isAlive(-1)).toBe(false);
});

test("a lock with a pid that is not a process id is not a lock", () => {
  mkdirSync(dir, { recursive: true });
  writeLock(dir, 40010, lock({ pid: 0 }));
  writeLock(dir, 40011, lock({ pid: -5 }));
  expect(readLocks(dir)).toEqual([]);
});
