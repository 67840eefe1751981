// One Claude per instance: another real client of the same user in the same worktree (`claude
// --ide`) finds the instance's lock and connects; it is sent away with the close code the client
// understands, and the instance goes on serving the Claude it launched: status, routing, mentions.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { join, resolve } from "node:path";
import { CC_WT, startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

const CLAUDE = resolve(import.meta.dir, "../../node_modules/.bin/claude");

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude();
});
afterEach(() => run.cleanup());

function listed(): { worktree: string; claudePid: number | null; connected: boolean | null; status: string }[] {
  const p = Bun.spawnSync([CC_WT, "--list", "--json"], { cwd: run.worktree, env: run.env, stdout: "pipe", stderr: "pipe" });
  return JSON.parse(p.stdout.toString());
}

test(
  "a second claude in the worktree is closed with 4001 and told why; the instance keeps its own claude",
  async () => {
    run.launch();
    const ownPid = await run.clientPid();
    await run.tmux.waitForScreen(/❯\s*$/m);

    // Another terminal, same user, same worktree: `claude --ide` (no cc-wt, no CLAUDE_CODE_SSE_PORT).
    const other = run.tmux
      .run("new-window", "-d", "-P", "-F", "#{pane_id}", "-c", run.worktree, `exec '${CLAUDE}' --ide`)
      .trim();
    const otherScreen = () => run.tmux.run("capture-pane", "-p", "-J", "-t", other);
    await waitFor(
      () => /is not this instance's claude; closing it \(4001\)/.test(run.debugLog()),
      60_000,
      () => `the second claude was never sent away; its screen:\n${otherScreen()}\nlog:\n${run.debugLog()}`,
    );
    // The client recognised the close: it says so, and does not come back.
    await waitFor(
      () => /cc-wt \(feature-x\) switched to another Claude Code session/.test(otherScreen()),
      30_000,
      () => `the second claude never said why; its screen:\n${otherScreen()}`,
    );
    const otherPid = Number(/ide_connected pid=(\d+) is not this instance's claude/.exec(run.debugLog())![1]);
    expect(otherPid).not.toBe(ownPid);

    // The instance still belongs to its own claude: --list, and a mention reaches it (not the other).
    const row = listed().find((r) => r.worktree === run.worktree)!;
    expect(row).toMatchObject({ claudePid: ownPid, connected: true, status: "idle" });
    const mention = Bun.spawnSync([CC_WT, "--mention", "hello.txt:1"], { cwd: run.worktree, env: run.env, stdout: "pipe", stderr: "pipe" });
    expect(mention.exitCode).toBe(0);
    await run.tmux.waitForScreen(/❯\s@hello\.txt#L1/);
    expect(otherScreen()).not.toContain("@hello.txt");
    // Sent away once, it stayed away: exactly one refusal in the log.
    expect(run.debugLog().match(/is not this instance's claude/g)).toHaveLength(1);
    const log = run.debugLog();
    expect(log.match(/ide_connected pid=\d+$/gm)).toEqual([`ide_connected pid=${ownPid}`]);
  },
  120_000,
);
