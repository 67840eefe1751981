// A stand-in for `claude` that cc-wt can launch as CC_WT_CLAUDE. cc-wt execs it like any program,
// so it needs an executable file: a tiny shell wrapper that runs stub-claude-main.ts with the very
// bun that runs the tests, which works whether or not bun is on the PATH cc-wt is given.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What the stub prints for `--version`, so tests can tell its output in cc-wt's. */
export const STUB_VERSION = "0.0.0-stub (Claude Code)";

export type ConnectResult =
  | { ok: true; subprotocol: string; protocolVersion: string | undefined; tools: string[] }
  | { ok: false; error: string };

/** What the stub saw of its launch (STUB_REPORT). */
export interface StubReport {
  argv: string[];
  pid: number;
  ppid: number;
  cwd: string;
  /** The variables cc-wt is expected to set, null when absent. */
  env: Record<string, string | null>;
  connect?: ConnectResult;
}

const MAIN = join(import.meta.dir, "stub-claude-main.ts");

const shQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** Writes the stub's launcher into dir and returns its path. */
export function makeStubClaude(dir: string): string {
  const path = join(dir, "claude");
  // No transpiler cache: it would be written into the sandbox's HOME, racing its removal.
  writeFileSync(path, `#!/bin/sh\nBUN_RUNTIME_TRANSPILER_CACHE_PATH=0 exec ${shQuote(process.execPath)} ${shQuote(MAIN)} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** The report at path, or undefined until the stub has written it. */
export function readStubReport(path: string): StubReport | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as StubReport;
  } catch {
    return undefined;
  }
}
