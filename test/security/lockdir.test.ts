// The lock directory and the locks in it, against the compiled binary, as root and as an
// unprivileged second user: a directory someone else owns or can write is refused (73, nothing
// written); cc-wt's own is made private; locks that are not our own regular files are ignored and
// never deleted, and a lock that is a symlink is never followed.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { otherUser, publicBinary, runAs, type OtherUser } from "../helpers/second-user.ts";
import { deadPid } from "../helpers/processes.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();
const isRoot = process.getuid?.() === 0;
const mode = (p: string) => statSync(p).mode & 0o777;

/** A lock as cc-wt writes it (the port is in its file name), by default for a live process of ours. */
const lockText = (pid = process.pid) =>
  JSON.stringify({ pid, workspaceFolders: ["/somewhere"], ideName: "cc-wt (main)", transport: "ws", authToken: "planted-token", runningInWindows: false });

describe("as the user running the tests", () => {
  test("cc-wt's own directory, open to everyone (0777), is made private (0700) and used", async () => {
    mkdirSync(sb().ideDir, { recursive: true });
    chmodSync(sb().ideDir, 0o777);
    const cc = sb().start([], { stub: { wait: true } });
    const lock = await cc.lock();
    expect(mode(sb().ideDir)).toBe(0o700);
    expect(lock.mode).toBe(0o600);
  });

  test.skipIf(!isRoot)("a directory another user owns is refused: status 73, the reason, no lock", async () => {
    mkdirSync(sb().ideDir, { recursive: true, mode: 0o700 });
    chownSync(sb().ideDir, 65534, 65534);
    const done = await sb().run([], { stub: { wait: true } });
    expect(done.status).toBe(73);
    expect(done.stderr).toContain("belongs to uid 65534");
    expect(done.stderr).toContain("Refusing to write the IDE lock file");
    expect(readdirSync(sb().ideDir)).toEqual([]);
    expect(readdirSync(sb().dir).filter((f) => f.startsWith("report-"))).toEqual([]); // claude never started
  });

  test.skipIf(!isRoot)("a symlink to a directory another user owns is refused the same way", async () => {
    const theirs = join(sb().dir, "theirs");
    mkdirSync(theirs, { mode: 0o777 });
    chmodSync(theirs, 0o777);
    chownSync(theirs, 65534, 65534);
    symlinkSync(theirs, sb().ideDir);
    const done = await sb().run([], { stub: { wait: true } });
    expect(done.status).toBe(73);
    expect(done.stderr).toContain(theirs);
    expect(readdirSync(theirs)).toEqual([]);
  });

  test("a lock that is a symlink is not followed by --list, --mention or a launch's sweep, and is not deleted", async () => {
    let asked = 0;
    const listener = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => (asked++, new Response("")) });
    const port = listener.port!;
    try {
      mkdirSync(sb().ideDir, { recursive: true, mode: 0o700 });
      const real = join(sb().dir, "elsewhere.lock");
      writeFileSync(real, lockText(), { mode: 0o600 });
      const link = join(sb().ideDir, `${port}.lock`);
      symlinkSync(real, link);
      // A dangling one and one to a dead pid's lock: a sweep must not remove these either.
      symlinkSync(join(sb().dir, "nothing"), join(sb().ideDir, "1.lock"));
      writeFileSync(join(sb().dir, "dead.lock"), lockText(await deadPid()), { mode: 0o600 });
      symlinkSync(join(sb().dir, "dead.lock"), join(sb().ideDir, "2.lock"));

      expect(JSON.parse((await sb().run(["--list", "--all", "--json"])).stdout)).toEqual([]);
      expect((await sb().run(["--mention", "README"])).status).toBe(69);
      const cc = sb().start([], { stub: { wait: true } });
      await cc.lock();
      expect(asked).toBe(0);
      for (const name of [`${port}.lock`, "1.lock", "2.lock"]) expect(lstatSync(join(sb().ideDir, name)).isSymbolicLink()).toBe(true);
    } finally {
      listener.stop(true);
    }
  });

  test.skipIf(!isRoot)("a lock another user owns is ignored and never deleted, even with a dead pid", async () => {
    mkdirSync(sb().ideDir, { recursive: true, mode: 0o700 });
    const live = join(sb().ideDir, "40001.lock");
    const dead = join(sb().ideDir, "40002.lock");
    writeFileSync(live, lockText(), { mode: 0o644 });
    writeFileSync(dead, lockText(await deadPid()), { mode: 0o644 });
    chownSync(live, 65534, 65534);
    chownSync(dead, 65534, 65534);
    expect(JSON.parse((await sb().run(["--list", "--all", "--json"])).stdout)).toEqual([]);
    const cc = sb().start([], { stub: { wait: true } });
    await cc.lock();
    expect(existsSync(live) && existsSync(dead)).toBe(true);
  });
});

describe("as an unprivileged second user", () => {
  const who = otherUser();
  const skip = typeof who === "string";
  if (skip) test.skip(`second-user tests skipped: ${who}`, () => {});
  const user = who as OtherUser;
  let bin: { dir: string; bin: string };
  let home: string;
  let env: Record<string, string>;

  beforeEach(() => {
    if (skip) return;
    bin = publicBinary();
    home = mkdtempSync(join(tmpdir(), "cc-wt-user-"));
    chmodSync(home, 0o755);
    chownSync(home, user.uid, user.gid);
    mkdirSync(join(home, "cfg"));
    chownSync(join(home, "cfg"), user.uid, user.gid);
    env = { PATH: process.env.PATH!, HOME: home, CLAUDE_CONFIG_DIR: join(home, "cfg"), CC_WT_CLAUDE: "/bin/true" };
  });
  afterEach(() => {
    if (skip) return;
    rmSync(bin.dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const runAsUser = (...args: string[]) => runAs(user, [bin.bin, ...args], { cwd: home, env });
  const ide = () => join(home, "cfg", "ide");

  test.skipIf(skip)("a lock directory root owns and anyone may write (0777) is refused: 73, no lock", async () => {
    mkdirSync(ide(), { mode: 0o777 });
    chmodSync(ide(), 0o777);
    const done = await runAsUser();
    expect(done.status).toBe(73);
    expect(done.stderr).toContain("belongs to uid 0");
    expect(readdirSync(ide())).toEqual([]);
  });

  test.skipIf(skip)("a symlink to a world-writable directory of root's is refused too", async () => {
    const shared = mkdtempSync(join(tmpdir(), "cc-wt-shared-"));
    try {
      chmodSync(shared, 0o1777);
      symlinkSync(shared, ide());
      const done = await runAsUser();
      expect(done.status).toBe(73);
      expect(readdirSync(shared)).toEqual([]);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  test.skipIf(skip)("the user's own world-writable directory is made private and used", async () => {
    mkdirSync(ide(), { mode: 0o777 });
    chmodSync(ide(), 0o777);
    chownSync(ide(), user.uid, user.gid);
    const done = await runAsUser();
    expect(done.status).toBe(0);
    expect(mode(ide())).toBe(0o700);
    expect(statSync(ide()).uid).toBe(user.uid);
  });

  test.skipIf(skip)("locks root planted in the user's directory (and symlinks) are ignored and left alone", async () => {
    mkdirSync(ide(), { mode: 0o700 });
    chownSync(ide(), user.uid, user.gid);
    const planted = join(ide(), "40001.lock");
    writeFileSync(planted, lockText(), { mode: 0o644 });
    const stale = join(ide(), "40002.lock");
    writeFileSync(stale, lockText(await deadPid()), { mode: 0o644 });
    symlinkSync(planted, join(ide(), "40003.lock"));
    const list = await runAsUser("--list", "--all", "--json");
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect((await runAsUser()).status).toBe(0); // a launch sweeps stale locks: not these
    expect(readdirSync(ide()).sort()).toEqual(["40001.lock", "40002.lock", "40003.lock"]);
  });
});
