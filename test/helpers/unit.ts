import { afterEach, beforeEach } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ToolContext } from "../../src/ide/context.ts";
import { DiffRegistry } from "../../src/ide/diffs.ts";
import { SelectionStore } from "../../src/ide/selection.ts";
import { tools } from "../../src/ide/tools/index.ts";
import type { ToolResult } from "../../src/ide/result.ts";

/** A fresh directory for every test of the calling file, removed after it; returns its getter. */
export function useTempDir(prefix = "cc-wt-test-"): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error("useTempDir: only available inside a test");
    return dir;
  };
}

/** The state a real server hands its tools, for one connection. */
export function toolContext(workspace: string, peer = 1): ToolContext {
  return { workspace, diffs: new DiffRegistry(), selection: new SelectionStore(), log: () => {}, peer };
}

/** Runs a registered tool as dispatch would: arguments go through the tool's own schema first. */
export function callTool(name: string, args: unknown, ctx: ToolContext): Promise<ToolResult> {
  const tool = tools.get(name);
  if (!tool) throw new Error(`no tool ${name}`);
  return Promise.resolve(tool.handler(tool.input.parse(args, "arguments"), ctx));
}

export const textsOf = (result: ToolResult): string[] => result.content.map((c) => c.text);

/** Most tool answers are one JSON document in one text block. */
export function jsonOf(result: ToolResult): any {
  if (result.content.length !== 1) throw new Error(`expected one text block, got ${JSON.stringify(result)}`);
  return JSON.parse(result.content[0]!.text);
}

/** True while the promise has not settled once everything already queued has run. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  // A timer fires after every queued microtask, so a promise that was about to settle has settled.
  const first = await Promise.race([promise, Bun.sleep(0).then(() => pending)]);
  return first === pending;
}
