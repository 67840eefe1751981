// claude owns almost every argument; cc-wt must pass them through untouched and in order, taking
// only its own flags.
import { expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();

async function argvSeenByClaude(args: string[]): Promise<string[]> {
  const cc = sb().start(args);
  expect((await cc.finished()).status).toBe(0);
  return (await cc.report()).argv;
}

test("claude's flags, values and prompts arrive unchanged and in order", async () => {
  const args = ["-c", "--resume", "0b5e-ID", "-w", "feature-name", "-p", "fix the bug, please", "--model=opus"];
  expect(await argvSeenByClaude(args)).toEqual(args);
});

test("awkward words are not split, globbed or expanded on the way", async () => {
  const args = ["", "*", "$HOME", "two\nlines", "it's \"quoted\"", "naïve ✻ ⧉", "-"];
  expect(await argvSeenByClaude(args)).toEqual(args);
});

test("-- is consumed once and everything after it goes to claude, cc-wt's own flags included", async () => {
  expect(await argvSeenByClaude(["--", "--help"])).toEqual(["--help"]);
  expect(await argvSeenByClaude(["-c", "--", "-h", "--version", "--cc-wt-debug", "--", "x"])).toEqual([
    "-c",
    "-h",
    "--version",
    "--cc-wt-debug",
    "--",
    "x",
  ]);
});

test("--cc-wt-debug is not passed to claude and writes an owner-only debug log", async () => {
  const cc = sb().start(["-c", "--cc-wt-debug", "-p", "hi"]);
  const done = await cc.finished();
  expect(done.status).toBe(0);
  expect((await cc.report()).argv).toEqual(["-c", "-p", "hi"]);

  const logs = join(sb().stateDir, "cc-wt", "logs");
  const files = readdirSync(logs);
  expect(files).toEqual([`cc-wt-${cc.pid}.log`]);
  const log = join(logs, files[0]!);
  expect(statSync(log).mode & 0o777).toBe(0o600);
  expect(statSync(logs).mode & 0o777).toBe(0o700);
  expect(statSync(log).size).toBeGreaterThan(0);
  // The user is told where it went, on stderr: stdout belongs to claude (-p output).
  expect(done.stderr).toContain(log);
  expect(done.stdout).toBe("");
});

test("without --cc-wt-debug no log is written", async () => {
  expect(await argvSeenByClaude(["-p", "hi"])).toEqual(["-p", "hi"]);
  expect(() => readdirSync(join(sb().stateDir, "cc-wt"))).toThrow();
});
