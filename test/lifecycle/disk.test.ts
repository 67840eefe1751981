// A full or read-only disk where the lock goes: a clear error, status 73, no claude started and
// not a byte left behind. Real filesystems, so this needs mount (root); elsewhere it is skipped.
import { expect, test } from "bun:test";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();
const canMount = process.getuid?.() === 0 && Bun.spawnSync(["mount", "--version"]).success;

/** Runs fn with a small tmpfs at path, unmounted before the sandbox is removed. */
async function withTmpfs(path: string, options: string, fn: () => Promise<void>): Promise<void> {
  mkdirSync(path, { recursive: true });
  const p = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path], { stderr: "pipe" });
  if (!p.success) throw new Error(`mount: ${p.stderr}`);
  try {
    await fn();
  } finally {
    Bun.spawnSync(["umount", "-l", path]);
  }
}

test.skipIf(!canMount)("a full disk: status 73, the reason, and no partial lock", async () => {
  const ide = sb().ideDir;
  await withTmpfs(ide, "size=4k,mode=0700", async () => {
    writeFileSync(join(ide, "filler"), Buffer.alloc(4096));
    const done = await sb().run([], { stub: { wait: true } });
    expect(done.status).toBe(73);
    expect(done.stderr).toContain("Cannot write the IDE lock file");
    expect(done.stderr).toContain("ENOSPC");
    expect(readdirSync(ide)).toEqual(["filler"]);
    // The stub never ran: nothing to orphan.
    expect(readdirSync(sb().dir).filter((f) => f.startsWith("report-"))).toEqual([]);
  });
});

test.skipIf(!canMount)("a read-only config directory: status 73 and nothing written", async () => {
  await withTmpfs(sb().configDir, "ro,size=64k", async () => {
    const done = await sb().run([], { stub: { wait: true } });
    expect(done.status).toBe(73);
    expect(done.stderr).toMatch(/EROFS|read-only/i);
    expect(readdirSync(sb().configDir)).toEqual([]);
  });
});
