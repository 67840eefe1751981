// `make bench`: the figures the README quotes. Never part of `make test`; nothing here asserts on time.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startRealClaude } from "../test/helpers/real-claude.ts";
import { waitFor } from "../test/helpers/wait.ts";
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

// 1. Launch overhead: cc-wt around a client that exits at once, against that client alone.
{
  const RUNS = 60;
  timeRuns([CC_WT], 5, { CC_WT_CLAUDE: "/bin/true" }); // warm the page cache
  const direct = summary(timeRuns(["/bin/true"], RUNS));
  const wrapped = summary(timeRuns([CC_WT], RUNS, { CC_WT_CLAUDE: "/bin/true" }));
  report(`\`/bin/true\` directly (median of ${RUNS})`, ms(direct.p50));
  report(`\`cc-wt\` running \`/bin/true\` (median of ${RUNS})`, ms(wrapped.p50));
  report("launch overhead of cc-wt (median difference)", ms(wrapped.p50 - direct.p50));
}

// 2. Memory and protocol round trips of one live instance, with a client that waits.
{
  // claude arguments pass through: /bin/sleep 600 stands in for a client that never connects.
  const live = Bun.spawn([CC_WT, "600"], { cwd: repo, env: { ...env, CC_WT_CLAUDE: "/bin/sleep" }, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  const ideDir = join(dir, "cfg", "ide");
  await waitFor(() => { try { return readdirSync(ideDir).some((f) => f.endsWith(".lock")); } catch { return false; } }, 5000);
  const lockName = readdirSync(ideDir).find((f) => f.endsWith(".lock"))!;
  const lock = JSON.parse(readFileSync(join(ideDir, lockName), "utf8"));
  const port = Number(lockName.replace(".lock", ""));
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${live.pid}/status`, "utf8"))![1]) / 1024;
  await Bun.sleep(300);
  report("idle RSS of a running cc-wt (no client connected)", `${rss().toFixed(1)} MiB`);

  const t0 = performance.now();
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, {
    headers: { "x-claude-code-ide-authorization": lock.authToken },
    protocols: ["mcp"],
  } as unknown as string[]);
  const pending = new Map<number, (v: unknown) => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data));
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  };
  let nextId = 0;
  const call = (method: string, params?: unknown) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  await new Promise((r) => (ws.onopen = r));
  await call("initialize", { protocolVersion: "2025-11-25" });
  ws.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  await call("tools/list");
  report("WebSocket upgrade + initialize + tools/list", ms(performance.now() - t0));

  const CALLS = 10_000;
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await call("tools/call", { name: "getDiagnostics", arguments: {} });
    samples.push(performance.now() - t);
  }
  const s = summary(samples);
  report(`tools/call getDiagnostics round trip, p50 / p99 (${CALLS} calls)`, `${ms(s.p50)} / ${ms(s.p99)}`);
  report(`RSS after ${CALLS} calls (one client connected)`, `${rss().toFixed(1)} MiB`);
  ws.close();
  live.kill("SIGTERM");
  await live.exited;
}

// 3. `--list` latency with 1, 20 and 100 live instances (clients that never connect).
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

// 4. Real client: launch to ide_connected, from the same debug log the e2e tests read.
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

// 5. Diagnostics: the warm cache, an edit on disk to the served error, and a language server's memory.
{
  const { Diagnostics, uriOf } = await import("../src/diagnostics/manager.ts");
  const { detectServers } = await import("../src/diagnostics/servers.ts");
  const { symlinkSync } = await import("node:fs");
  const proj = join(dir, "ts-project");
  mkdirSync(proj);
  symlinkSync(join(ROOT, "node_modules"), join(proj, "node_modules"));
  writeFileSync(join(proj, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["*.ts"] }));
  const file = join(proj, "a.ts");
  writeFileSync(file, "export const x: number = 1;\n");
  const starts: string[] = [];
  const diags = new Diagnostics(proj, detectServers(proj, process.env).specs, (m) => starts.push(m));
  await waitFor(async () => (await diags.get(uriOf(file), 350))[0]!.uri !== "", 10_000);
  await Bun.sleep(500);
  const warm: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await diags.get(i % 2 ? uriOf(file) : undefined, 350);
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
