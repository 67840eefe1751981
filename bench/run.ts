// `make bench`: the figures the README quotes. Never part of `make test`; nothing here asserts on time.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startRealClaude } from "../test/helpers/real-claude.ts";
import { waitFor } from "../test/helpers/wait.ts";
import { handshake } from "./client.ts";
import { ms, summary } from "./stats.ts";

const ROOT = resolve(import.meta.dir, "..");
const CC_WT = join(ROOT, "dist", "cc-wt");
const rows: string[] = [];
const report = (what: string, value: string) => {
  rows.push(`| ${what} | ${value} |`);
  console.error(`${what}: ${value}`);
};

const dir = mkdtempSync(join(tmpdir(), "cc-wt-bench-"));
const repo = join(dir, "repo");
mkdirSync(repo);
Bun.spawnSync(["git", "init", "-q", "-b", "bench"], { cwd: repo });
const env = { ...process.env, CLAUDE_CONFIG_DIR: join(dir, "cfg"), HOME: dir, CLAUDE_CODE_SSE_PORT: "" };

function timeRuns(cmd: string[], runs: number, extraEnv: Record<string, string> = {}): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const p = Bun.spawnSync(cmd, { cwd: repo, env: { ...env, ...extraEnv }, stdout: "ignore", stderr: "ignore" });
    out.push(performance.now() - t0);
    if (!p.success) throw new Error(`${cmd.join(" ")} failed`);
  }
  return out;
}

// Launch overhead: cc-wt around a client that exits at once, against that client alone.
{
  const RUNS = 60;
  timeRuns([CC_WT], 5, { CC_WT_CLAUDE: "/bin/true" }); // warm the page cache
  const direct = summary(timeRuns(["/bin/true"], RUNS));
  const wrapped = summary(timeRuns([CC_WT], RUNS, { CC_WT_CLAUDE: "/bin/true" }));
  report(`\`/bin/true\` directly (median of ${RUNS})`, ms(direct.p50));
  report(`\`cc-wt\` running \`/bin/true\` (median of ${RUNS})`, ms(wrapped.p50));
  report("launch overhead of cc-wt (median difference)", ms(wrapped.p50 - direct.p50));
}

// The protocol, side by side: cc-wt's server against the one a user would otherwise build
//    (Node + ws + @modelcontextprotocol/sdk, bench/reference/server.mjs), same client, same calls.
interface Target {
  label: string;
  port: number;
  token: string;
  pid: number;
  stop(): Promise<void>;
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

async function ccWtTarget(): Promise<Target> {
  const ideDir = join(dir, "cfg", "ide");
  const before = new Set(lockNames(ideDir));
  // claude arguments pass through: /bin/sleep 600 stands in for a client that never connects.
  const p = Bun.spawn([CC_WT, "600"], { cwd: repo, env: { ...env, CC_WT_CLAUDE: "/bin/sleep" }, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  await waitFor(() => lockNames(ideDir).some((n) => !before.has(n)), 5000);
  const name = lockNames(ideDir).find((n) => !before.has(n))!;
  const lock = JSON.parse(readFileSync(join(ideDir, name), "utf8"));
  return { label: "cc-wt", port: Number.parseInt(name, 10), token: lock.authToken, pid: p.pid, stop: async () => (p.kill("SIGTERM"), void (await p.exited)) };
}

async function referenceTarget(): Promise<Target> {
  const token = "reference-token";
  const p = Bun.spawn(["node", join(ROOT, "bench", "reference", "server.mjs")], { env: { ...env, REF_TOKEN: token }, stdout: "pipe", stderr: "inherit" });
  const reader = p.stdout.getReader();
  const { value } = await reader.read();
  return { label: "Node + ws + MCP SDK", port: Number(new TextDecoder().decode(value).trim()), token, pid: p.pid, stop: async () => (p.kill(), void (await p.exited)) };
}

function lockNames(ideDir: string): string[] {
  try {
    return readdirSync(ideDir).filter((f) => f.endsWith(".lock"));
  } catch {
    return [];
  }
}

interface ProtocolFigures {
  handshake: number;
  call: ReturnType<typeof summary>;
  bigDiff: number;
  rssIdle: number;
  rssAfter: number;
}

const CALLS = 10_000;
const MANY_CALLS = 100_000;

async function protocol(t: Target): Promise<ProtocolFigures> {
  await Bun.sleep(300);
  const rssIdle = rssOf(t.pid);
  const hs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const c = await handshake(t.port, t.token);
    hs.push(performance.now() - t0);
    c.close();
  }
  const c = await handshake(t.port, t.token);
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await c.call("tools/call", { name: "getDiagnostics", arguments: {} });
    samples.push(performance.now() - t0);
  }
  // openDiff carries the whole file: 5 MB out, answered once Claude closes the tab.
  const big = "x".repeat(5 * 1024 * 1024);
  const diffs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const tab = `tab-${i}`;
    const t0 = performance.now();
    const answered = c.call("tools/call", { name: "openDiff", arguments: { old_file_path: "/tmp/f", new_file_path: "/tmp/f", new_file_contents: big, tab_name: tab } });
    await c.call("tools/call", { name: "close_tab", arguments: { tab_name: tab } });
    await answered;
    diffs.push(performance.now() - t0);
  }
  for (let i = 0; i < MANY_CALLS - CALLS; i++) await c.call("tools/call", { name: "getDiagnostics", arguments: {} });
  c.close();
  Bun.gc(true);
  await Bun.sleep(500);
  return { handshake: summary(hs).p50, call: summary(samples), bigDiff: summary(diffs).p50, rssIdle, rssAfter: rssOf(t.pid) };
}

{
  const figures: [Target, ProtocolFigures][] = [];
  for (const make of [ccWtTarget, referenceTarget]) {
    const t = await make();
    try {
      figures.push([t, await protocol(t)]);
    } finally {
      await t.stop();
    }
  }
  const [[, ours], [ref, theirs]] = figures as [[Target, ProtocolFigures], [Target, ProtocolFigures]];
  const vs = (a: number, b: number) => `${(b / a).toFixed(1)}× ${b >= a ? "faster" : "slower"}`;
  const vsMem = (a: number, b: number) => `${(b / a).toFixed(1)}× ${b >= a ? "less" : "more"}`;
  report("WebSocket upgrade + initialize + tools/list (median of 50)", `${ms(ours.handshake)} (${ref.label}: ${ms(theirs.handshake)}, ${vs(ours.handshake, theirs.handshake)})`);
  report(`tools/call round trip, p50 / p99 (${CALLS} calls)`, `${ms(ours.call.p50)} / ${ms(ours.call.p99)} (${ref.label}: ${ms(theirs.call.p50)} / ${ms(theirs.call.p99)}, p50 ${vs(ours.call.p50, theirs.call.p50)})`);
  report("openDiff with a 5 MB file, answered (median of 20)", `${ms(ours.bigDiff)} (${ref.label}: ${ms(theirs.bigDiff)}, ${vs(ours.bigDiff, theirs.bigDiff)})`);
  report("RSS idle (server only; cc-wt includes its launcher)", `${ours.rssIdle.toFixed(1)} MiB (${ref.label}: ${theirs.rssIdle.toFixed(1)} MiB, ${vsMem(ours.rssIdle, theirs.rssIdle)})`);
  report(`RSS after ${MANY_CALLS.toLocaleString("en")} calls and the 5 MB diffs`, `${ours.rssAfter.toFixed(1)} MiB (+${(ours.rssAfter - ours.rssIdle).toFixed(1)}; ${ref.label}: ${theirs.rssAfter.toFixed(1)} MiB)`);
}

// Memory of each further instance: every cc-wt is its own process.
{
  const extra: Target[] = [];
  for (let i = 0; i < 5; i++) extra.push(await ccWtTarget());
  await Bun.sleep(300);
  const each = extra.map((t) => rssOf(t.pid));
  report("RSS of each further running instance (mean of 5)", `${(each.reduce((a, b) => a + b, 0) / each.length).toFixed(1)} MiB`);
  for (const t of extra) await t.stop();
}

// Launch to connected, with a stub client that connects as soon as it can (test/helpers/stub-claude).
{
  const { makeStubClaude, readStubReport } = await import("../test/helpers/stub-claude.ts");
  const stub = makeStubClaude(dir);
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const reportPath = join(dir, `stub-${i}.json`);
    const t0 = performance.now();
    const p = Bun.spawn([CC_WT], { cwd: repo, env: { ...env, CC_WT_CLAUDE: stub, STUB_CONNECT: "1", STUB_REPORT: reportPath }, stdout: "ignore", stderr: "ignore" });
    for (;;) {
      if (readStubReport(reportPath)?.connect) break;
      await Bun.sleep(1);
    }
    samples.push(performance.now() - t0);
    await p.exited;
  }
  report("launch to connected, stub client (median of 20; the stub itself is a Bun script)", ms(summary(samples).p50));
}

// `--list` latency with 1, 20 and 100 live instances (clients that never connect).
{
  const live: ReturnType<typeof Bun.spawn>[] = [];
  const ideDir = join(dir, "cfg", "ide");
  const lockCount = () => {
    try {
      return readdirSync(ideDir).filter((f) => f.endsWith(".lock")).length;
    } catch {
      return 0;
    }
  };
  for (const n of [1, 20, 100]) {
    while (live.length < n) {
      live.push(Bun.spawn([CC_WT, "600"], { cwd: repo, env: { ...env, CC_WT_CLAUDE: "/bin/sleep" }, stdin: "ignore", stdout: "ignore", stderr: "ignore" }));
    }
    await waitFor(() => lockCount() >= n, 30_000);
    const s = summary(timeRuns([CC_WT, "--list", "--json"], 30));
    report(`\`cc-wt --list\` with ${n} live instance${n > 1 ? "s" : ""} (median of 30)`, ms(s.p50));
  }
  for (const p of live) p.kill("SIGTERM");
  await Promise.all(live.map((p) => p.exited));
}

// Real client: launch to ide_connected, from the same debug log the e2e tests read.
{
  const RUNS = 5;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = startRealClaude();
    try {
      const t0 = Date.now();
      run.launch();
      await run.clientPid();
      const stamp = /^(\S+) peer \d+: ide_connected/m.exec(run.debugLog())![1]!;
      samples.push(Date.parse(stamp) - t0);
      await run.tmux.type("/exit");
      await run.exitStatus();
    } finally {
      run.cleanup();
    }
  }
  const s = summary(samples);
  report(`real claude: launch to \`ide_connected\` (median of ${RUNS})`, `${s.p50} ms`);
}

// Diagnostics: the warm cache, an edit on disk to the served error, and a language server's memory.
{
  const { Diagnostics } = await import("../src/diagnostics/manager.ts");
  const { fileUri } = await import("../src/ide/paths.ts");
  const { detectServers } = await import("../src/diagnostics/servers.ts");
  const { symlinkSync } = await import("node:fs");
  const proj = join(dir, "ts-project");
  mkdirSync(proj);
  symlinkSync(join(ROOT, "node_modules"), join(proj, "node_modules"));
  writeFileSync(join(proj, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["*.ts"] }));
  const file = join(proj, "a.ts");
  writeFileSync(file, "export const x: number = 1;\n");
  const starts: string[] = [];
  const diags = new Diagnostics(proj, detectServers(proj, process.env, [], true).specs, (m) => starts.push(m));
  await waitFor(async () => (await diags.get(fileUri(file), 350))[0]!.uri !== "", 10_000);
  await Bun.sleep(500);
  const warm: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await diags.get(i % 2 ? fileUri(file) : undefined, 350);
    warm.push(performance.now() - t0);
  }
  const w = summary(warm);
  report("`getDiagnostics` from the warm cache, p50 / p99 (2000 calls)", `${ms(w.p50)} / ${ms(w.p99)}`);
  const served: number[] = [];
  for (let i = 0; i < 10; i++) {
    const broken = i % 2 === 0;
    writeFileSync(file, broken ? `export const x: number = "v${i}";\n` : `export const x: number = ${i};\n`);
    const t0 = performance.now();
    await waitFor(async () => ((await diags.get(undefined, 1500)).length > 0) === broken, 10_000);
    served.push(performance.now() - t0);
  }
  report("edit on disk to its diagnostics served (TypeScript 7, median of 10)", ms(summary(served).p50));
  const pid = Number(/started \(pid (\d+)/.exec(starts.join("\n"))?.[1]);
  if (pid) {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
    report("memory of one language server (tsc --lsp, small project)", `${(kb / 1024).toFixed(1)} MiB`);
  }
  await diags.stop();
}

rmSync(dir, { recursive: true, force: true });
const table = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${process.platform}, Bun ${Bun.version}, ${new Date().toISOString().slice(0, 10)}`,
  "",
  "| measure | value |",
  "|---|---|",
  ...rows,
].join("\n");
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeFileSync(join(ROOT, "bench", "results", "latest.md"), `${table}\n`);
console.log(table);
