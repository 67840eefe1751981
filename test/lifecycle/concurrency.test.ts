// Many worktrees, many sessions at once: each must get its own port, lock and name, and every
// one must be cleaned up.
import { expect, test } from "bun:test";
import { signalStatus } from "../helpers/processes.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();
const N = 20;

test(
  `${N} instances in ${N} worktrees get distinct ports and locks, all removed after`,
  async () => {
    const worktrees = Array.from({ length: N }, (_, i) => sb().addWorktree(`wt-${i}`));
    const instances = worktrees.map((cwd) => sb().start([], { cwd, stub: { wait: true } }));
    const seen = await Promise.all(instances.map(async (cc) => ({ report: await cc.report(), found: await cc.lock() })));

    expect(new Set(seen.map((s) => s.found.port)).size).toBe(N);
    expect(sb().locks()).toHaveLength(N);
    seen.forEach(({ report, found }, i) => {
      expect(found.lock.workspaceFolders).toEqual([worktrees[i]!]);
      expect(found.lock.ideName).toBe(`cc-wt (wt-${i})`);
      expect(report.env.CLAUDE_CODE_SSE_PORT).toBe(String(found.port));
    });

    for (const cc of instances) cc.kill("SIGTERM");
    const done = await Promise.all(instances.map((cc) => cc.finished()));
    expect(done.map((d) => d.status)).toEqual(Array(N).fill(signalStatus("SIGTERM")));
    expect(sb().locks()).toEqual([]);
  },
  30_000,
);
