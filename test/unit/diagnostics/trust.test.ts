import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claudeTrusts } from "../../../src/diagnostics/trust.ts";

let dir: string;
let env: Record<string, string>;
const settings = (projects: Record<string, unknown>) => writeFileSync(join(dir, ".claude.json"), JSON.stringify({ projects }));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-wt-trust-"));
  env = { CLAUDE_CONFIG_DIR: dir };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("Claude trusts a folder when its trust dialog was accepted there, and nowhere else", () => {
  expect(claudeTrusts("/src/app", env)).toBe(false); // no settings yet
  settings({ "/src/app": { hasTrustDialogAccepted: true }, "/src/other": { hasTrustDialogAccepted: false } });
  expect(claudeTrusts("/src/app", env)).toBe(true);
  expect(claudeTrusts("/src/other", env)).toBe(false);
  expect(claudeTrusts("/src/app-feature", env)).toBe(false);
  expect(claudeTrusts("/src", env)).toBe(false);
  expect(claudeTrusts("/src/app", { ...env, CLAUDE_CODE_SANDBOXED: "1" })).toBe(true);
  expect(claudeTrusts("/anything", { ...env, CLAUDE_CODE_SANDBOXED: "1" })).toBe(true);
});

test("settings that are not the user's own regular file are not believed", () => {
  const planted = join(dir, "planted.json");
  writeFileSync(planted, JSON.stringify({ projects: { "/src/app": { hasTrustDialogAccepted: true } } }));
  symlinkSync(planted, join(dir, ".claude.json"));
  expect(claudeTrusts("/src/app", env)).toBe(false);
  rmSync(join(dir, ".claude.json"));
  writeFileSync(join(dir, ".claude.json"), "{ not json");
  expect(claudeTrusts("/src/app", env)).toBe(false);
  chmodSync(join(dir, ".claude.json"), 0o600);
});
