// `cc-wt --panes a b` from inside tmux with the real client: two Claudes, each connected to the
// cc-wt in its own pane, and `cc-wt --list` shows both.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import { parentPid } from "../../src/proc.ts";
import { CC_WT, startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude({ branches: ["a", "b"] });
});
afterEach(() => run.cleanup());

interface Row {
  worktree: string;
  status: string;
  pid: number | null;
  claudePid: number | null;
  connected: boolean | null;
}

test(
  "two panes, two Claudes, each connected to the cc-wt of its own pane",
  async () => {
    const [a, b] = [join(run.dir, "a"), join(run.dir, "b")];
    run.tmux.start(`${CC_WT} --panes a b; sleep 600`, run.worktree);

    let rows: Row[] = [];
    await waitFor(
      async () => {
        const p = Bun.spawn([CC_WT, "--list", "--json"], { cwd: run.worktree, env: run.env, stdout: "pipe" });
        rows = JSON.parse(await new Response(p.stdout).text());
        return [a, b].every((wt) => rows.some((r) => r.worktree === wt && r.connected && r.status === "idle"));
      },
      40_000,
      () => `not both connected and idle: ${JSON.stringify(rows)}\n${run.tmux.screen()}`,
    );

    const panes = run.tmux
      .run("list-panes", "-a", "-F", "#{pane_pid}|#{pane_current_path}|#{pane_title}")
      .trim()
      .split("\n")
      .map((l) => l.split("|"));
    for (const wt of [a, b]) {
      const row = rows.find((r) => r.worktree === wt)!;
      // The client that connected (its ide_connected pid) is the child of that worktree's cc-wt…
      expect(parentPid(row.claudePid!)).toBe(row.pid!);
      // …which runs in the pane opened for that worktree, titled with its branch.
      const [panePid, , title] = panes.find(([, path]) => path === wt)!;
      const ancestors: number[] = [];
      for (let p: number | undefined = row.pid!; p && p > 1; p = parentPid(p)) ancestors.push(p);
      expect(ancestors).toContain(Number(panePid));
      expect(title).toBe(wt.endsWith("a") ? "a" : "b");
    }
  },
  90_000,
);
