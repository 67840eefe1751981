// Diagnostics from a real language server: the native TypeScript 7 compiler's (tsc --lsp), found
// in the project's node_modules the way a user's project would have it.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Diagnostics, DiagnosticsUnknown } from "../../src/diagnostics/manager.ts";
import { fileUri } from "../../src/ide/paths.ts";
import { detectServers } from "../../src/diagnostics/servers.ts";
import { waitFor } from "../helpers/wait.ts";

let dir: string;
let diags: Diagnostics;
let file: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-ts-")));
  symlinkSync(resolve(import.meta.dir, "../../node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["*.ts"] }));
  file = join(dir, "a.ts");
  writeFileSync(file, "export const x: number = 1;\n");
  const { specs } = detectServers(dir, { PATH: process.env.PATH }, [], true);
  diags = new Diagnostics(dir, specs, () => {});
});
afterEach(async () => {
  await diags.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("the TypeScript 7 project is found to have tsc --lsp as its server", () => {
  const { specs } = detectServers(dir, { PATH: "/nonexistent" }, [], true);
  expect(specs).toEqual([
    expect.objectContaining({ name: "typescript", command: [join(dir, "node_modules", ".bin", "tsc"), "--lsp", "--stdio"] }),
  ]);
});

test("a type error written on disk is served, in the client's shape, and goes when fixed", async () => {
  // Cold: the first question starts the server; until it has reported on the file, the answer is
  // "not known" (an error), never "no problems". Keep asking as Claude would, each within its deadline.
  await waitFor(async () => (await diags.get(fileUri(file), 350).catch(() => undefined))?.[0]!.uri === fileUri(file), 10_000);
  expect(await diags.get(fileUri(file), 350)).toEqual([{ uri: fileUri(file), diagnostics: [] }]);

  writeFileSync(file, 'export const x: number = "nope";\n');
  const started = Date.now();
  const after = await diags.get(undefined, 1500);
  expect(Date.now() - started).toBeLessThan(1600);
  expect(after).toEqual([
    {
      uri: fileUri(file),
      diagnostics: [
        {
          message: "Type 'string' is not assignable to type 'number'.",
          severity: "Error",
          range: { start: { line: 0, character: 13 }, end: { line: 0, character: 14 } },
          source: "ts",
          code: "2322",
        },
      ],
    },
  ]);

  writeFileSync(file, "export const x: number = 2;\n");
  expect(await diags.get(undefined, 1500)).toEqual([]);
  expect(await diags.get(fileUri(file), 350)).toEqual([{ uri: fileUri(file), diagnostics: [] }]);
}, 20_000);

test("an error an edit causes in another open file is served too (pull servers re-pull every open file)", async () => {
  const b = join(dir, "b.ts");
  writeFileSync(b, 'import { x } from "./a.ts";\nexport const y: number = x;\n');
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, allowImportingTsExtensions: true }, include: ["*.ts"] }));
  const clean = async (path: string) => (await diags.get(fileUri(path), 350).catch(() => undefined))?.[0]!.diagnostics.length === 0;
  await waitFor(async () => (await clean(b)) && (await clean(file)), 10_000);
  // a.ts changes the type of x: the error appears in b.ts, which did not change.
  writeFileSync(file, 'export const x: string = "now a string";\n');
  const after = await diags.get(undefined, 1500);
  expect(after.map((f) => f.uri)).toEqual([fileUri(b)]);
  expect(after[0]!.diagnostics[0]!.message).toBe("Type 'string' is not assignable to type 'number'.");
}, 20_000);

test("a file replaced on disk by rename (as editors save) is still followed when asked about directly", async () => {
  await waitFor(async () => (await diags.get(fileUri(file), 350).catch(() => undefined))?.[0]!.uri === fileUri(file), 10_000);
  const tmp = join(dir, ".a.ts.swp");
  writeFileSync(tmp, 'export const x: number = "renamed in";\n');
  renameSync(tmp, file);
  expect((await diags.get(fileUri(file), 350))[0]!.diagnostics).toHaveLength(1);
}, 20_000);

test("an existing error is in every answer about its file: unknown while tsc is cold, never \"no problems\"", async () => {
  writeFileSync(file, 'export const x: number = "already wrong";\n');
  const answers: unknown[] = [];
  await waitFor(async () => {
    const answer = await diags.get(fileUri(file), 350).catch((e: unknown) => e);
    answers.push(answer);
    return Array.isArray(answer);
  }, 10_000);
  for (const a of answers.slice(0, -1)) expect(a).toBeInstanceOf(DiagnosticsUnknown);
  expect((answers.at(-1) as { diagnostics: { code: string }[] }[])[0]!.diagnostics.map((d) => d.code)).toEqual(["2322"]);
}, 20_000);

test("warmed at the start of a turn, tsc answers a baseline for another file of the project within its deadline", async () => {
  const b = join(dir, "b.ts");
  writeFileSync(b, 'export const y: string = 1;\n');
  diags.warm();
  await waitFor(async () => Array.isArray(await diags.get(fileUri(file), 350).catch(() => undefined)), 10_000);
  expect((await diags.get(fileUri(b), 350))[0]!.diagnostics.map((d) => d.code)).toEqual(["2322"]);
}, 20_000);
