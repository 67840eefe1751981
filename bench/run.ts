// `make bench`: the figures the README quotes. Never part of `make test`; nothing here asserts on time.
// `bun run bench/run.ts launch protocol` runs only the sections named (launch, protocol, floor,
// instances, connect, list, claude, diagnostics); the default is all of them.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startRealClaude } from "../test/helpers/real-claude.ts";
import { waitFor } from "../test/helpers/wait.ts";
import { handshake } from "./client.ts";
import { ms, percentile, summary } from "./stats.ts";

const ROOT = resolve(import.meta.dir, "..");
const rows: string[] = [];
const report = (what: string, value: string) => {
  rows.push(`| ${what} | ${value} |`);
  console.error(`${what}: ${value}`);
};
const sections = process.argv.slice(2);
const wanted = (name: string) => sections.length === 0 || sections.includes(name);

const dir = mkdtempSync(join(tmpdir(), "cc-wt-bench-"));
// How fast an executable starts, and how much of it a process maps, depend on how the file sits in
// the page cache: the same bytes written a moment ago (as the floors below are, built for each
// run) started 1.5 ms faster, with 5 MiB more RSS, than a copy that had sat an hour while the
// kernel paged out its unused parts (a 2-core VM here; both side by side, 40 runs each). So cc-wt
// runs from a fresh copy, in the same condition as the floors it is compared with.
const CC_WT = join(dir, "cc-wt");
writeFileSync(CC_WT, readFileSync(join(ROOT, "dist", "cc-wt")), { mode: 0o755 });
const repo = join(dir, "repo");
mkdirSync(repo);
Bun.spawnSync(["git", "init", "-q", "-b", "bench"], { cwd: repo });
const env = { ...process.env, CLAUDE_CONFIG_DIR: join(dir, "cfg"), HOME: dir, CLAUDE_CODE_SSE_PORT: "" };

// The floors, built as cc-wt is (compiled, minified, bytecode): what any compiled Bun program pays.
function compile(name: string, flags: string[] = [], as = name): string {
  const out = join(dir, "floors", as);
  const p = Bun.spawnSync([process.execPath, "build", join(ROOT, "bench", "floors", `${name}.ts`), "--compile", "--minify", "--bytecode", "--format=esm", ...flags, "--outfile", out], {
    stdout: "ignore",
    stderr: "inherit",
  });
  if (!p.success) throw new Error(`cannot build the ${name} floor`);
  return out;
}
const HELLO = compile("hello");
const SERVER = compile("server");
const LOCKED = compile("lock");

function timeOnce(cmd: string[], extraEnv: Record<string, string> = {}): number {
  const t0 = performance.now();
  const p = Bun.spawnSync(cmd, { cwd: repo, env: { ...env, ...extraEnv }, stdout: "ignore", stderr: "ignore" });
  const t = performance.now() - t0;
  if (!p.success) throw new Error(`${cmd.join(" ")} failed`);
  return t;
}

function timeRuns(cmd: string[], runs: number, extraEnv: Record<string, string> = {}): number[] {
  return Array.from({ length: runs }, () => timeOnce(cmd, extraEnv));
}

/** Median and the 10th–90th percentile range: the spread says how noisy the machine was. */
const spread = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return `${ms(percentile(s, 50))} (p10–p90 ${ms(percentile(s, 10))}–${ms(percentile(s, 90))})`;
};

const rssOf = (pid: number, field = "VmRSS") => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const mib = (v: number) => `${v.toFixed(1)} MiB`;
/** A difference in MiB with its sign (the reference can end below its idle RSS). */
const delta = (v: number) => `${v < 0 ? "-" : "+"}${Math.abs(v).toFixed(1)}`;
/**
 * CPU time all of a process's threads have run so far, in ms, from the scheduler's own nanoseconds
 * (schedstat of each of /proc/PID/task): clock ticks (10 ms) are too coarse for a minute of idling.
 */
const cpuMs = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]), 0) / 1e6;

// Launch overhead: each command in turn, run after run (A B C D A B C D …), so a slow moment of
// this shared machine slows all of them alike; the overhead is the difference of the medians.
if (wanted("launch")) {
  const RUNS = 60;
  const cmds: [string, string[], Record<string, string>][] = [
    ["`/bin/true` directly (the bare client)", ["/bin/true"], {}],
    ["Bun hello world, compiled", [HELLO], {}],
    ["minimal compiled Bun server running `/bin/true`", [SERVER, "/bin/true"], {}],
    ["the same server also writing its lock file safely (node:fs), running `/bin/true`", [LOCKED, "/bin/true"], {}],
    ["`cc-wt` running `/bin/true`", [CC_WT], { CC_WT_CLAUDE: "/bin/true" }],
  ];
  for (const [, cmd, e] of cmds) timeRuns(cmd, 5, e); // warm the page cache
  const samples = cmds.map((): number[] => []);
  for (let i = 0; i < RUNS; i++) cmds.forEach(([, cmd, e], j) => samples[j]!.push(timeOnce(cmd, e)));
  cmds.forEach(([label], j) => report(`${label} (median of ${RUNS}, alternating)`, spread(samples[j]!)));
  const median = (j: number) => summary(samples[j]!).p50;
  report(
    "launch overhead of cc-wt over the bare client (difference of medians)",
    `${ms(median(4) - median(0))} (minimal server's: ${ms(median(2) - median(0))}; with the safe lock: ${ms(median(3) - median(0))})`,
  );
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

async function ccWtTarget(cwd = repo): Promise<Target> {
  const ideDir = join(dir, "cfg", "ide");
  const before = new Set(lockNames(ideDir));
  // claude arguments pass through: /bin/sleep 600 stands in for a client that never connects.
  const p = Bun.spawn([CC_WT, "600"], { cwd, env: { ...env, CC_WT_CLAUDE: "/bin/sleep" }, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
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
  anonIdle: number;
  /** The private (anonymous) part of the RSS over idle at the last reading; the rest is mapped files (the executable's pages). */
  anonAfter: number;
  /** RSS at each of AFTER_S seconds after the load ended, read from /proc (the server's own). */
  rssAfter: number[];
  /** CPU time the server used in the quiet 30 s after the load. */
  cpuQuiet: number;
  /** RSS once the client has closed its connection (CLOSED_S later): what the connection itself kept. */
  rssClosed: number;
}

const CALLS = 10_000;
const MANY_CALLS = 100_000;
const AFTER_S = [0, 1, 5, 10, 20, 30];
const CLOSED_S = 3;

async function protocol(t: Target): Promise<ProtocolFigures> {
  await Bun.sleep(1000);
  const rssIdle = rssOf(t.pid);
  const anonIdle = rssOf(t.pid, "RssAnon");
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
  // The connection stays open, as Claude's does: the server's memory is read as it settles.
  const ended = performance.now();
  const cpu0 = cpuMs(t.pid);
  const rssAfter: number[] = [];
  for (const s of AFTER_S) {
    await Bun.sleep(Math.max(0, ended + s * 1000 - performance.now()));
    rssAfter.push(rssOf(t.pid));
  }
  const cpuQuiet = cpuMs(t.pid) - cpu0;
  const anonAfter = rssOf(t.pid, "RssAnon") - anonIdle;
  c.close();
  await Bun.sleep(CLOSED_S * 1000);
  const rssClosed = rssOf(t.pid);
  return { handshake: summary(hs).p50, call: summary(samples), bigDiff: summary(diffs).p50, rssIdle, anonIdle, anonAfter, rssAfter, cpuQuiet, rssClosed };
}

if (wanted("protocol")) {
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
  report("RSS idle, never-connected client (private part)", `${mib(ours.rssIdle)} (${mib(ours.anonIdle)}; ${ref.label}: ${mib(theirs.rssIdle)}, ${vsMem(ours.rssIdle, theirs.rssIdle)})`);
  const over = (f: ProtocolFigures) => f.rssAfter.map((r, i) => `${AFTER_S[i]} s ${r.toFixed(1)}`).join(", ");
  report(
    `RSS after ${MANY_CALLS.toLocaleString("en")} calls and twenty 5 MB diffs, over time (MiB)`,
    `${over(ours)}; ${delta(ours.rssAfter.at(-1)! - ours.rssIdle)} over idle at ${AFTER_S.at(-1)} s, of which private ${delta(ours.anonAfter)} (${ref.label}: ${over(theirs)})`,
  );
  const closed = (f: ProtocolFigures) => `${delta(f.rssClosed - f.rssIdle)} MiB`;
  report(`RSS over idle ${CLOSED_S} s after the client closed its connection`, `${closed(ours)} (${ref.label}: ${closed(theirs)})`);
  report(`CPU used in the ${AFTER_S.at(-1)} s after the load`, `${ours.cpuQuiet.toFixed(1)} ms (${ref.label}: ${theirs.cpuQuiet.toFixed(1)} ms)`);
}

// The floor after the same load: the minimal server, sent the same calls and twenty 5 MB messages
// over one WebSocket that stays open, its RSS read at the same moments as cc-wt's; then built as
// cc-wt is (its JIT policy, from the Makefile), without and with cc-wt's collection once quiet
// (src/ide/reclaim.ts): the floor like for like.
async function floorAfterLoad(bin: string, extraEnv: Record<string, string> = {}) {
  const p = Bun.spawn([bin, "/bin/sleep", "600"], { cwd: repo, env: { ...env, ...extraEnv }, stdin: "ignore", stdout: "pipe", stderr: "ignore" });
  const port = Number(new TextDecoder().decode((await p.stdout.getReader().read()).value!).trim());
  await Bun.sleep(1000);
  const idle = rssOf(p.pid);
  const anonIdle = rssOf(p.pid, "RssAnon");
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((r) => (ws.onopen = r));
  let answered = 0;
  let wake = () => {};
  ws.onmessage = () => (answered++, wake());
  /** Sends n copies of m and waits for all the answers (in batches: one round trip each would take minutes). */
  const send = (m: string, n = 1) => {
    const target = answered + n;
    for (let i = 0; i < n; i++) ws.send(m);
    return new Promise<void>((r) => (wake = () => answered >= target && r()));
  };
  const call = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "getDiagnostics", arguments: {} } });
  const big = "x".repeat(5 * 1024 * 1024);
  for (let i = 0; i < CALLS; i += 1000) await send(call, 1000);
  for (let i = 0; i < 20; i++) await send(big);
  for (let i = 0; i < MANY_CALLS - CALLS; i += 1000) await send(call, 1000);
  const ended = performance.now();
  const after: number[] = [];
  for (const s of AFTER_S) {
    await Bun.sleep(Math.max(0, ended + s * 1000 - performance.now()));
    after.push(rssOf(p.pid));
  }
  const anonAfter = rssOf(p.pid, "RssAnon") - anonIdle;
  ws.close();
  await Bun.sleep(CLOSED_S * 1000);
  const closed = rssOf(p.pid);
  p.kill("SIGTERM");
  await p.exited;
  return `idle ${idle.toFixed(1)}; ${after.map((r, i) => `${AFTER_S[i]} s ${r.toFixed(1)}`).join(", ")}; ${delta(after.at(-1)! - idle)} over idle at ${AFTER_S.at(-1)} s, of which private ${delta(anonAfter)}; ${delta(closed - idle)} ${CLOSED_S} s after the client closed`;
}

if (wanted("floor")) {
  report("floor: minimal compiled Bun server after the same load, over time (MiB)", await floorAfterLoad(SERVER));
  const policy = /--compile-jit-policy=(\d+)/.exec(readFileSync(join(ROOT, "Makefile"), "utf8"))?.[1];
  if (!policy) throw new Error("no --compile-jit-policy in the Makefile: the floor cannot be built as cc-wt is");
  const asCcWt = compile("server", [`--compile-jit-policy=${policy}`], "server-as-cc-wt");
  report(`floor built as cc-wt is (JIT policy ${policy}), after the same load (MiB)`, await floorAfterLoad(asCcWt));
  report("same, with cc-wt's collection once quiet (MiB)", await floorAfterLoad(asCcWt, { FLOOR_RECLAIM: "1" }));
}

// Idle memory next to the floors: a compiled hello world kept alive, the minimal server with a
// sleeping child, cc-wt with a sleeping child; the private part (RssAnon) is what each instance
// adds on its own, the rest is the executable's pages, shared by every instance of it.
if (wanted("instances")) {
  // Most of a process's RSS is pages of its executable, and how many of those a page fault maps
  // depends on what of the file is in the page cache at that moment (the kernel maps the cached
  // neighbours of a touched page too): the same binary measures 3 MiB apart from one moment to the
  // next. So each is measured just after its whole file was read, the same condition for all,
  // in turn, three times; the medians are shown.
  const ROUNDS = 3;
  const idle = async (cmd: string[], extraEnv: Record<string, string> = {}, connect = false) => {
    Bun.spawnSync(["cat", cmd[0]!], { stdout: "ignore" });
    if (connect) {
      const t = await ccWtTarget();
      const client = await handshake(t.port, t.token);
      await Bun.sleep(1500);
      const figures = { rss: rssOf(t.pid), anon: rssOf(t.pid, "RssAnon") };
      client.close();
      await t.stop();
      return figures;
    }
    const p = Bun.spawn(cmd, { cwd: repo, env: { ...env, ...extraEnv }, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
    await Bun.sleep(1500);
    const figures = { rss: rssOf(p.pid), anon: rssOf(p.pid, "RssAnon") };
    p.kill("SIGTERM");
    await p.exited;
    return figures;
  };
  const subjects: [string, string[], Record<string, string>, boolean][] = [
    ["RSS idle: Bun hello world, compiled", [HELLO, "idle"], {}, false],
    ["RSS idle: minimal compiled Bun server + one child", [SERVER, "/bin/sleep", "600"], {}, false],
    ["RSS idle: the same server writing its lock safely (node:fs) + one child", [LOCKED, "/bin/sleep", "600"], {}, false],
    ["RSS idle: cc-wt + one child", [CC_WT, "600"], { CC_WT_CLAUDE: "/bin/sleep" }, false],
    // A real Claude connects within a second: the instance idles with its client's session set up.
    ["RSS idle: cc-wt + one child, after a client connected (initialize, tools/list)", [CC_WT, "600"], { CC_WT_CLAUDE: "/bin/sleep" }, true],
  ];
  const measured = subjects.map((): { rss: number; anon: number }[] => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [j, [, cmd, e, connect]] of subjects.entries()) measured[j]!.push(await idle(cmd, e, connect));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  subjects.forEach(([label], j) => {
    const m = measured[j]!;
    report(`${label} (median of ${ROUNDS}, each after its file was read)`, `${mib(med(m.map((f) => f.rss)))} (private ${mib(med(m.map((f) => f.anon)))})`);
  });
  // An idle instance's CPU over a minute (its supervisor watches Claude's session records and polls
  // every 2 s), beside the safe-lock floor's over the same minute. Claude keeps its records in
  // <config>/sessions, which every real configuration directory has.
  mkdirSync(join(dir, "cfg", "sessions"), { recursive: true });
  const t = await ccWtTarget();
  const floor = Bun.spawn([LOCKED, "/bin/sleep", "600"], { cwd: repo, env, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  await Bun.sleep(1500);
  const [cpu0, floor0] = [cpuMs(t.pid), cpuMs(floor.pid)];
  await Bun.sleep(60_000);
  report("CPU used by an idle instance in 60 s (the safe-lock floor's)", `${(cpuMs(t.pid) - cpu0).toFixed(1)} ms (${(cpuMs(floor.pid) - floor0).toFixed(1)} ms)`);
  floor.kill("SIGTERM");
  await floor.exited;
  await t.stop();
}

// Memory of each further instance: every cc-wt is its own process.
if (wanted("instances")) {
  const extra: Target[] = [];
  // Each in a repository of its own, as a user's instances are: a second instance in one worktree
  // warns about the first (and loads the logger to say so).
  for (let i = 0; i < 5; i++) {
    const own = join(dir, `repo-${i}`);
    mkdirSync(own);
    Bun.spawnSync(["git", "init", "-q", "-b", "bench"], { cwd: own });
    extra.push(await ccWtTarget(own));
  }
  await Bun.sleep(1000);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  // PSS shares each page among the processes that map it: the executable's pages, counted once.
  const pss = (pid: number) => Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))![1]) / 1024;
  report(
    "memory of each further running instance (mean of 5): RSS / proportional (PSS) / private",
    `${mib(mean(extra.map((t) => rssOf(t.pid))))} / ${mib(mean(extra.map((t) => pss(t.pid))))} / ${mib(mean(extra.map((t) => rssOf(t.pid, "RssAnon"))))}`,
  );
  for (const t of extra) await t.stop();
}

// Launch to connected, with a stub client that connects as soon as it can (test/helpers/stub-claude).
if (wanted("connect")) {
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
if (wanted("list")) {
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
if (wanted("claude")) {
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
if (wanted("diagnostics")) {
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
    // Until the server has reported on the file as it now is, its diagnostics are not known and
    // the call fails at once (the client then skips the file): not yet.
    const reported = async () => (await diags.get(undefined, 1500).catch(() => undefined))?.some((f) => f.diagnostics.length > 0);
    await waitFor(async () => (await reported()) === broken, 10_000);
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
