// Claude's own `-w NAME`: the real client makes a worktree (<main worktree>/.claude/worktrees/NAME)
// and moves into it; the instance follows it there, so --list, mentions and what the model is told
// all name that worktree, not the one cc-wt was started in.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CC_WT, startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude();
});
afterEach(() => run.cleanup());

async function cc(cwd: string, ...args: string[]) {
  const p = Bun.spawn([CC_WT, ...args], { cwd, env: run.env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { out, err, code };
}

test(
  "cc-wt -w tryit: the instance takes the client's worktree as its own (lock, --list, instructions, mentions)",
  async () => {
    run.launch("-w", "tryit");
    const pid = await run.clientPid();
    // The client made the worktree in the main worktree's .claude/worktrees and works there.
    const tryit = join(run.dir, "repo", ".claude", "worktrees", "tryit");
    await waitFor(() => run.lock().workspaceFolders[0] === tryit, 20_000, () => `lock: ${JSON.stringify(run.lock())}\nlog:\n${run.debugLog()}`);
    expect(run.lock().workspaceFolders).toEqual([tryit]);
    const branch = (await Bun.$`git -C ${tryit} branch --show-current`.text()).trim();
    expect(branch).toBe("worktree-tryit"); // the client's own naming
    expect(run.lock().ideName).toBe(`cc-wt (${branch})`);

    // --list, from the launch worktree's repository: the instance is in tryit, none in feature-x.
    const rows = JSON.parse((await cc(run.worktree, "--list", "--json")).out) as { worktree: string; branch: string; pid: number | null; claudePid: number | null }[];
    const mine = rows.filter((r) => r.pid !== null);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ worktree: tryit, branch, claudePid: pid });
    expect(rows.find((r) => r.worktree === run.worktree)?.pid ?? null).toBeNull();

    // The model was told it owns tryit (the initialize answer, in the debug log).
    expect(run.debugLog()).toContain(`This session owns the git worktree ${tryit}`);

    // A mention of a file there reaches this Claude.
    writeFileSync(join(tryit, "notes.txt"), "one\ntwo\n");
    const mentioned = await cc(tryit, "--mention", "notes.txt:2");
    expect(mentioned.code).toBe(0);
    await run.tmux.waitForScreen(/❯\s@notes\.txt#L2/, 20_000);
  },
  120_000,
);
