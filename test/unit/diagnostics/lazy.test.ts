import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULTS } from "../../../src/config.ts";
import { lazyDiagnostics } from "../../../src/diagnostics/lazy.ts";
import type { Diagnostics } from "../../../src/diagnostics/manager.ts";

let root: string;
let bin: string;
/** The loads of the manager module (the LSP library) and what the fake manager was asked. */
let loads: number;
let calls: string[];

class FakeManager {
  track(path: string) {
    calls.push(`track ${path}`);
    return Promise.resolve();
  }
  get(uri: string | undefined) {
    calls.push(`get ${uri}`);
    return Promise.resolve([{ uri: "file:///from/the/manager", diagnostics: [] }]);
  }
  warm() {
    calls.push("warm");
  }
  stop() {
    return Promise.resolve();
  }
}
const loadManager = () => {
  loads++;
  return Promise.resolve({ Diagnostics: FakeManager as unknown as typeof Diagnostics });
};
/** A worktree gopls applies to: its marker, and the program on PATH. */
const installGopls = () => {
  writeFileSync(join(root, "go.mod"), "");
  writeFileSync(join(bin, "gopls"), "#!/bin/sh\n", { mode: 0o755 });
};
// Sandboxed, Claude trusts every folder (trust.ts): the servers found are the ones used.
const make = (onAvailable = () => {}) =>
  lazyDiagnostics(root, structuredClone(DEFAULTS), { PATH: bin, CLAUDE_CODE_SANDBOXED: "1" }, () => {}, onAvailable, loadManager)!;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cc-wt-lazy-"));
  bin = `${root}-bin`;
  mkdirSync(bin);
  loads = 0;
  calls = [];
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
});

test("a worktree no language server applies to answers without ever loading the LSP library", async () => {
  const d = make();
  expect(await d.get(undefined, 1500)).toEqual([]);
  expect(await d.get("file:///w/a.ts", 350)).toEqual([{ uri: "file:///w/a.ts", diagnostics: [] }]);
  expect(await d.get("/w/a.ts", 350)).toEqual([{ uri: "file:///w/a.ts", diagnostics: [] }]);
  d.track("/w/a.ts"); // what openDiff does
  d.warm(); // what a new turn does: still no server
  await Bun.sleep(0);
  expect(d.available()).toBe(false);
  expect(loads).toBe(0);
  await d.stop();
});

test("with a server, the manager is loaded once and answers", async () => {
  installGopls();
  const d = make();
  d.track(join(root, "main.go"));
  expect(await d.get(undefined, 1500)).toEqual([{ uri: "file:///from/the/manager", diagnostics: [] }]);
  expect(loads).toBe(1);
  expect(calls).toEqual([`track ${join(root, "main.go")}`, "get undefined"]);
});

test("a server that appears later is found at the next turn, and only then is the library loaded", async () => {
  let announced = 0;
  const d = make(() => announced++);
  expect(await d.get(undefined, 1500)).toEqual([]);
  installGopls();
  d.warm();
  await Bun.sleep(0);
  expect([announced, loads, d.available()]).toEqual([1, 1, true]);
  expect(calls).toEqual(["warm"]);
});
