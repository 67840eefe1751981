// The diagnostics cache against a fake language server: shapes and URIs, deadlines that hold
// however slow the server is, following edits on disk, and restarting a server that crashes.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Diagnostics, DiagnosticsUnknown, sampleFile } from "../../src/diagnostics/manager.ts";
import { fileUri } from "../../src/ide/paths.ts";
import type { ServerSpec } from "../../src/diagnostics/servers.ts";
import { waitFor } from "../helpers/wait.ts";

const FAKE = resolve(import.meta.dir, "../helpers/fake-lsp.ts");
let dir: string;
let diags: Diagnostics;
const log: string[] = [];

function start(env: Record<string, string> = {}) {
  const spec: ServerSpec = { name: "fake", command: ["env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, FAKE], extensions: [".txt"] };
  diags = new Diagnostics(dir, [spec], (m) => log.push(m));
}

beforeEach(() => {
  // A directory name a URI would percent-encode: the client's raw file:// form must round-trip.
  dir = join(realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-diag-"))), "with space");
  mkdirSync(dir);
  log.length = 0;
});
afterEach(async () => {
  await diags.stop();
  rmSync(resolve(dir, ".."), { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test("answers carry the file's raw file:// uri, severities by name, codes as strings", async () => {
  start();
  const a = file("a.txt", "fine\nERROR here\n");
  await waitFor(async () => (await diags.get(fileUri(a), 350).catch(() => undefined))?.[0]!.diagnostics.length === 1, 5000);
  expect(await diags.get(fileUri(a), 350)).toEqual([
    {
      uri: `file://${a}`,
      diagnostics: [
        { message: "bad line 2", severity: "Error", range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, source: "fake", code: "42" },
      ],
    },
  ]);
  // Files no server handles get an honest empty entry.
  expect(await diags.get(fileUri(join(dir, "b.md")), 350)).toEqual([{ uri: fileUri(join(dir, "b.md")), diagnostics: [] }]);
});

test("a slow server never holds an answer past its deadline: a file it has not reported on is unknown, not clean", async () => {
  start({ FAKE_LSP_DELAY_MS: "1500" });
  const a = file("a.txt", "ERROR\n");
  const t0 = Date.now();
  // "No problems" would make the client take the existing error for one its edit caused.
  const answer = await diags.get(fileUri(a), 300).catch((e: unknown) => e);
  expect(Date.now() - t0).toBeLessThan(450);
  expect(answer).toBeInstanceOf(DiagnosticsUnknown);
  // The cache catches up, and then the same question is answered with the truth.
  await waitFor(async () => (await diags.get(undefined, 100)).length === 1, 5000, () => "the slow publish never landed");
  expect((await diags.get(fileUri(a), 300))[0]!.diagnostics).toHaveLength(1);
});

test("files no server handles, and files not there yet, truly have no problems", async () => {
  start();
  expect(await diags.get(fileUri(join(dir, "b.md")), 350)).toEqual([{ uri: fileUri(join(dir, "b.md")), diagnostics: [] }]);
  const created = join(dir, "new.txt");
  expect(await diags.get(fileUri(created), 350)).toEqual([{ uri: fileUri(created), diagnostics: [] }]);
  // Once written, it is followed like any other file.
  writeFileSync(created, "ERROR\n");
  expect((await diags.get(undefined, 1500))[0]?.diagnostics).toHaveLength(1);
});

test("warm() opens a file of the project, so a baseline asked just before an edit is known at once", async () => {
  start({ FAKE_LSP_DELAY_MS: "600" });
  mkdirSync(join(dir, "node_modules"));
  file("node_modules/skip.txt", "ERROR\n");
  const sample = file("a.txt", "fine\n");
  diags.warm();
  await waitFor(() => log.some((l) => l === "diagnostics: fake is warm"), 5000, () => log.join("\n"));
  expect(log).toContain(`diagnostics: warming fake with ${sample}`);
  expect(await diags.get(fileUri(sample), 50)).toEqual([{ uri: fileUri(sample), diagnostics: [] }]);
});

test("an edit on disk is followed: the very next answer waits for the due publish, within its deadline", async () => {
  start({ FAKE_LSP_DELAY_MS: "300" });
  const a = file("a.txt", "fine\n");
  await waitFor(async () => (await diags.get(fileUri(a), 350).catch(() => undefined))?.[0]!.diagnostics.length === 0, 5000);
  writeFileSync(a, "fine\nERROR\n");
  expect((await diags.get(undefined, 1500))[0]?.diagnostics).toHaveLength(1);
  writeFileSync(a, "fine\n");
  expect(await diags.get(undefined, 1500)).toEqual([]);
});

test("a server that crashes is restarted, with its files, and says so in the debug log only", async () => {
  const starts = join(dir, "..", "starts");
  start({ FAKE_LSP_LOG: starts, FAKE_LSP_CRASH_FILE: join(dir, "..", "crashed") });
  const a = file("a.txt", "ok\n");
  await diags.get(fileUri(a), 350).catch(() => {});
  writeFileSync(a, "CRASH\nERROR\n");
  await waitFor(() => existsSync(join(dir, "..", "crashed")), 5000, () => "the fake server never crashed");
  // After the backoff the server is back, the file reopened, and its diagnostics served again.
  await waitFor(async () => (await diags.get(undefined, 200))[0]?.diagnostics.length === 1, 10_000, () => log.join("\n"));
  expect(readFileSync(starts, "utf8").trim().split("\n")).toHaveLength(2);
  expect(log.some((l) => /fake exited \(code 3.*restarting in \d+ ms/.test(l))).toBe(true);
}, 15_000);

test("stop() shuts the servers down", async () => {
  const starts = join(dir, "..", "starts");
  start({ FAKE_LSP_LOG: starts });
  await diags.get(fileUri(file("a.txt", "x\n")), 350).catch(() => {});
  const pid = Number(/start (\d+)/.exec(readFileSync(starts, "utf8"))![1]);
  await diags.stop();
  await waitFor(() => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z"), 3000);
});

test("sampleFile finds a project file breadth first, past dependencies, hidden folders and declarations", () => {
  start();
  mkdirSync(join(dir, "node_modules", "x"), { recursive: true });
  mkdirSync(join(dir, ".git"));
  mkdirSync(join(dir, "src", "deep"), { recursive: true });
  file("node_modules/x/index.ts", "");
  file(".git/a.ts", "");
  file("types.d.ts", "");
  file("vite.config.ts", "");
  file("src/deep/z.ts", "");
  file("src/c.js", "");
  file("src/b.ts", "");
  expect(sampleFile(dir, [".ts", ".js"])).toBe(join(dir, "src", "b.ts"));
  expect(sampleFile(dir, [".py"])).toBeUndefined();
});

test("following a path that is a FIFO or a device never blocks: it has no problems, and answers keep coming", async () => {
  start();
  const fifo = join(dir, "pipe.txt");
  Bun.spawnSync(["mkfifo", fifo]);
  diags.track(fifo);
  expect(await diags.get(fileUri(fifo), 350)).toEqual([{ uri: fileUri(fifo), diagnostics: [] }]);
  const a = file("a.txt", "ERROR\n");
  await waitFor(async () => (await diags.get(fileUri(a), 350).catch(() => undefined))?.[0]!.diagnostics.length === 1, 5000);
});
