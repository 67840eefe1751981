// `bun run bench/status-line.ts [N]`: how long `cc-wt --status-line` takes with N live instances
// (default 20; clients that never connect, as in run.ts's --list figures). tmux runs it every
// status-interval (1 s is common), so it must stay far below that. Nothing here asserts on time.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { waitFor } from "../test/helpers/wait.ts";
import { ms, summary } from "./stats.ts";

const CC_WT = join(resolve(import.meta.dir, ".."), "dist", "cc-wt");
const N = Number(process.argv[2] ?? 20);
const RUNS = 30;

const dir = mkdtempSync(join(tmpdir(), "cc-wt-bench-sl-"));
const repo = join(dir, "repo");
mkdirSync(repo);
Bun.spawnSync(["git", "init", "-q", "-b", "bench"], { cwd: repo });
const env = { ...process.env, CLAUDE_CONFIG_DIR: join(dir, "cfg"), HOME: dir, XDG_STATE_HOME: join(dir, "state"), CLAUDE_CODE_SSE_PORT: "" };
const ideDir = join(dir, "cfg", "ide");
const locks = () => {
  try {
    return readdirSync(ideDir).filter((f) => f.endsWith(".lock")).length;
  } catch {
    return 0;
  }
};

const live = Array.from({ length: N }, () =>
  Bun.spawn([CC_WT, "600"], { cwd: repo, env: { ...env, CC_WT_CLAUDE: "/bin/sleep" }, stdin: "ignore", stdout: "ignore", stderr: "ignore" }),
);
try {
  await waitFor(() => locks() >= N, 60_000);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const p = Bun.spawnSync([CC_WT, "--status-line"], { cwd: repo, env, stdout: "pipe", stderr: "ignore" });
    samples.push(performance.now() - t0);
    if (!p.success) throw new Error("cc-wt --status-line failed");
  }
  const s = summary(samples);
  console.log(`cc-wt --status-line with ${N} live instances: p50 ${ms(s.p50)}, p90 ${ms(s.p90)}, max ${ms(Math.max(...samples))} (${RUNS} runs)`);
} finally {
  for (const p of live) p.kill("SIGTERM");
  await Promise.all(live.map((p) => p.exited));
  rmSync(dir, { recursive: true, force: true });
}
