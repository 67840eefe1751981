import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectServers } from "../../../src/diagnostics/servers.ts";

let root: string;
let bin: string;
const install = (dir: string, ...names: string[]) => {
  mkdirSync(dir, { recursive: true });
  for (const n of names) writeFileSync(join(dir, n), "#!/bin/sh\n", { mode: 0o755 });
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cc-wt-servers-"));
  bin = join(root, "..", `${root.split("/").pop()}-bin`);
  mkdirSync(bin);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
});

test("servers are found by the project's markers, the project's node_modules first, then PATH", () => {
  writeFileSync(join(root, "go.mod"), "");
  writeFileSync(join(root, "package.json"), "{}");
  install(bin, "gopls", "typescript-language-server");
  install(join(root, "node_modules", ".bin"), "typescript-language-server");
  const { specs, missing } = detectServers(root, { PATH: bin }, [], true);
  expect(specs.map((s) => [s.name, s.command])).toEqual([
    ["typescript", [join(root, "node_modules", ".bin", "typescript-language-server"), "--stdio"]],
    ["go", [join(bin, "gopls")]],
  ]);
  expect(missing).toEqual([]);
});

test("a project whose server is not installed is reported, not guessed", () => {
  writeFileSync(join(root, "Cargo.toml"), "");
  expect(detectServers(root, { PATH: bin }, [], true)).toEqual({ specs: [], missing: ["rust: none of rust-analyzer is installed"] });
});

test("a declared server wins over a detected one for its file types, and respects its root markers", () => {
  writeFileSync(join(root, "pyproject.toml"), "");
  install(bin, "pyright-langserver", "ruff");
  const ruff = { name: "ruff", command: ["ruff", "server"], extensions: [".py"], rootMarkers: ["pyproject.toml"] };
  expect(detectServers(root, { PATH: bin }, [ruff], true).specs.map((s) => s.name)).toEqual(["ruff"]);
  expect(detectServers(root, { PATH: bin }, [{ ...ruff, rootMarkers: ["ruff.toml"] }], true).specs.map((s) => s.name)).toEqual(["python"]);
});

test("in a folder Claude does not trust yet, nothing of the project's runs: no detected server, no node_modules/.bin", () => {
  writeFileSync(join(root, "package.json"), "{}");
  install(bin, "typescript-language-server", "ruff");
  install(join(root, "node_modules", ".bin"), "typescript-language-server", "ruff");
  const ruff = { name: "ruff", command: ["ruff", "server"], extensions: [".py"], rootMarkers: [] };
  const { specs, missing } = detectServers(root, { PATH: bin }, [ruff], false);
  // The user's own declared server still runs, from PATH only.
  expect(specs.map((s) => [s.name, s.command[0]])).toEqual([["ruff", join(bin, "ruff")]]);
  expect(missing).toEqual([expect.stringContaining("typescript: not started, because Claude has not been trusted in this folder")]);
});
