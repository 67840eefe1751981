// Files cc-wt opens on the way in: the debug log (owner-only, never through a symlink) and the
// configuration files (bounded before they are parsed). Against the compiled binary.
import { describe, expect, test } from "bun:test";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { asUser, otherUser, type OtherUser } from "../helpers/second-user.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();
const isRoot = process.getuid?.() === 0;
const mode = (p: string) => statSync(p).mode & 0o777;
const noClaudeStarted = () => expect(existsSync(join(sb().dir, "report-1.json"))).toBe(false);

test.each([
  ["a new debug log is created owner-only", undefined],
  ["an existing world-readable debug log is made owner-only, and appended to", "earlier\n"],
])("%s", async (_, earlier) => {
  const log = join(sb().dir, "debug.log");
  if (earlier !== undefined) {
    writeFileSync(log, earlier);
    chmodSync(log, 0o644);
  }
  await sb().start([], { stub: { wait: true }, env: { CC_WT_DEBUG: log } }).lock();
  expect(mode(log)).toBe(0o600);
  expect(readFileSync(log, "utf8")).toStartWith(earlier ?? "");
  expect(readFileSync(log, "utf8")).toContain("written; starting");
});

test("a debug log path that is a symlink is refused, and its target is untouched", async () => {
  const target = join(sb().dir, "precious");
  writeFileSync(target, "keep me\n");
  chmodSync(target, 0o644);
  const link = join(sb().dir, "debug.log");
  symlinkSync(target, link);
  const done = await sb().run([], { stub: { wait: true }, env: { CC_WT_DEBUG: link } });
  expect(done.status).toBe(64);
  expect(done.stderr).toContain("symbolic link");
  expect(readFileSync(target, "utf8")).toBe("keep me\n");
  expect(mode(target)).toBe(0o644);
  noClaudeStarted();
});

test.skipIf(!isRoot)("a debug log that belongs to another user is refused", async () => {
  const log = join(sb().dir, "theirs.log");
  writeFileSync(log, "");
  chownSync(log, 65534, 65534);
  const done = await sb().run([], { stub: { wait: true }, env: { CC_WT_DEBUG: log } });
  expect(done.status).toBe(64);
  expect(done.stderr).toContain("belongs to uid 65534");
  noClaudeStarted();
});

test("a multi-megabyte .cc-wt.toml is refused at once, before it is parsed: status 78", async () => {
  writeFileSync(join(sb().repo, ".cc-wt.toml"), `# ${"x".repeat(3 * 1024 * 1024)}\n`);
  const done = await sb().run([], { stub: { wait: true } });
  expect(done.status).toBe(78);
  expect(done.stderr).toContain(".cc-wt.toml: 3145731 bytes is too large for a configuration file (at most 256 KiB)");
  noClaudeStarted();
});

test("a small .cc-wt.toml with thousands of tables (quadratic to parse) is refused before parsing: status 78", async () => {
  // 20,000 tables take Bun's parser seconds; the file is far under the size cap.
  const tables = Array.from({ length: 20_000 }, (_, i) => `[t${i}]`).join("\n");
  writeFileSync(join(sb().repo, ".cc-wt.toml"), tables);
  const done = await sb().run([], { stub: { wait: true } });
  expect(done.status).toBe(78);
  expect(done.stderr).toContain("too many keys and tables");
  noClaudeStarted();
});

test("a .cc-wt.toml that is a FIFO or a device is refused instead of blocking or reading forever", async () => {
  const path = join(sb().repo, ".cc-wt.toml");
  expect(Bun.spawnSync(["mkfifo", path]).success).toBe(true);
  const fifo = await sb().run([], { stub: { wait: true } });
  expect(fifo.status).toBe(78);
  expect(fifo.stderr).toContain("not a regular file");
  Bun.spawnSync(["rm", path]);
  symlinkSync("/dev/zero", path);
  const zero = await sb().run([], { stub: { wait: true } });
  expect(zero.status).toBe(78);
  expect(zero.stderr).toContain("not a regular file");
  noClaudeStarted();
});

describe("against an unprivileged second user", () => {
  const who = otherUser();
  const skip = typeof who === "string";
  if (skip) test.skip(`second-user debug-log test skipped: ${who}`, () => {});

  test.skipIf(skip)("a debug log path the other user planted in a shared directory (a symlink, or their file) is refused", async () => {
    const user = who as OtherUser;
    const shared = join(sb().dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    chmodSync(sb().dir, 0o755);
    const precious = join(sb().dir, "precious");
    writeFileSync(precious, "keep me\n", { mode: 0o600 });
    const planted = (name: string, argv: string[]) => {
      expect(Bun.spawnSync(asUser(user, argv), { cwd: shared }).success).toBe(true);
      return join(shared, name);
    };
    const link = planted("link.log", ["ln", "-s", precious, "link.log"]);
    const theirs = planted("theirs.log", ["touch", "theirs.log"]);
    // Linux's fs.protected_symlinks / protected_regular may refuse first (EACCES) in a sticky
    // directory; where they are off, cc-wt's own checks do. Either way: refused, nothing written.
    for (const [log, why] of [
      [link, /symbolic link|EACCES/],
      [theirs, new RegExp(`belongs to uid ${user.uid}|EACCES`)],
    ] as const) {
      const done = await sb().run([], { stub: { wait: true }, env: { CC_WT_DEBUG: log } });
      expect(done.status).toBe(64);
      expect(done.stderr).toMatch(why);
    }
    expect(readFileSync(precious, "utf8")).toBe("keep me\n");
    expect(readFileSync(theirs, "utf8")).toBe("");
    noClaudeStarted();
  });
});
