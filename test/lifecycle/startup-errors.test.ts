// When cc-wt cannot do its job it must say why, exit with a documented status, and leave nothing
// behind: no lock, no claude, no half-made files.
import { expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxPerTest, type Finished } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();

async function runExpectingNoClaude(env: Record<string, string | undefined>): Promise<Finished> {
  const cc = sb().start([], { env });
  const done = await cc.finished();
  expect(existsSync(cc.reportPath)).toBe(false);
  expect(sb().locks()).toEqual([]);
  return done;
}

test("CC_WT_CLAUDE naming nothing: 127 and the variable is named", async () => {
  const done = await runExpectingNoClaude({ CC_WT_CLAUDE: "/nonexistent" });
  expect(done.status).toBe(127);
  expect(done.stderr).toContain("CC_WT_CLAUDE=/nonexistent");
});

test("no claude on PATH: 127 and how to install it", async () => {
  const emptyBin = join(sb().dir, "empty-bin");
  mkdirSync(emptyBin);
  const done = await runExpectingNoClaude({ CC_WT_CLAUDE: undefined, PATH: emptyBin });
  expect(done.status).toBe(127);
  expect(done.stderr).toContain("npm install -g @anthropic-ai/claude-code");
});

test("claude that is not executable: 126 and no lock left", async () => {
  const notExec = join(sb().dir, "claude-not-exec");
  writeFileSync(notExec, "#!/bin/sh\n", { mode: 0o644 });
  const done = await runExpectingNoClaude({ CC_WT_CLAUDE: notExec });
  expect(done.status).toBe(126);
  expect(done.stderr).toContain(notExec);
});

test.each(["abc", "5000-4000", "0-10", "70000-70001", "1-2-3"])("CC_WT_PORT_RANGE=%s: 64", async (range) => {
  const done = await runExpectingNoClaude({ CC_WT_PORT_RANGE: range });
  expect(done.status).toBe(64);
  expect(done.stderr).toContain(`CC_WT_PORT_RANGE=${range}`);
});

// An environment setting is a setting like a flag (64); only a configuration file's error is 78.
test("CC_WT_DIFF_VIEW that is not a view: 64, the value shown escaped", async () => {
  const done = await runExpectingNoClaude({ CC_WT_DIFF_VIEW: "pop\x1b[2Jup" });
  expect(done.status).toBe(64);
  expect(done.stderr).toContain("CC_WT_DIFF_VIEW=pop\\x1b[2Jup is not one of");
  expect(done.stderr).not.toContain("\x1b[2J");
});

test("a port range with no free port: 73", async () => {
  // Held by this test for the whole run, so the range is full for certain.
  const taken = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  try {
    const done = await runExpectingNoClaude({ CC_WT_PORT_RANGE: `${taken.port}-${taken.port}` });
    expect(done.status).toBe(73);
    expect(done.stderr).toMatch(/no free port/i);
  } finally {
    taken.stop(true);
  }
});

test("an ide directory that cannot be created: 73, a clear message, nothing left behind", async () => {
  // Root ignores directory permissions, so the directory is made impossible instead: a file is in its place.
  writeFileSync(sb().ideDir, "not a directory");
  const done = await runExpectingNoClaude({});
  expect(done.status).toBe(73);
  expect(done.stderr).toContain(sb().ideDir);
  expect(done.stderr).toMatch(/lock file/i);
  expect(readFileSync(sb().ideDir, "utf8")).toBe("not a directory");
  expect(readdirSync(sb().configDir)).toEqual(["ide"]);
});

test.skipIf(process.getuid?.() === 0)("a read-only ide directory: 73 and nothing written into it", async () => {
  mkdirSync(sb().ideDir, { mode: 0o700 });
  chmodSync(sb().ideDir, 0o500);
  try {
    const done = await runExpectingNoClaude({});
    expect(done.status).toBe(73);
    expect(done.stderr).toContain(sb().ideDir);
    expect(readdirSync(sb().ideDir)).toEqual([]);
  } finally {
    // Or the sandbox could not be removed.
    chmodSync(sb().ideDir, 0o700);
  }
});
