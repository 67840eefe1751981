// `cc-wt --list` against the real client: the status it shows is the one Claude itself reports,
// through each stage of a turn.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import { CC_WT, startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude();
});
afterEach(() => run.cleanup());

interface ListedRow {
  worktree: string;
  status: string;
  waitingFor: string | null;
  claudePid: number | null;
  connected: boolean | null;
}

async function list(): Promise<ListedRow[]> {
  const p = Bun.spawn([CC_WT, "--list", "--json"], { cwd: run.worktree, env: run.env, stdout: "pipe", stderr: "pipe" });
  const [out, code] = await Promise.all([new Response(p.stdout).text(), p.exited]);
  expect(code).toBe(0);
  return JSON.parse(out) as ListedRow[];
}

const mine = async () => (await list()).find((r) => r.worktree === run.worktree)!;

test(
  "status follows Claude's own signals: starting, idle, busy, waiting for permission, idle",
  async () => {
    const file = join(run.worktree, "hello.txt");
    const release = run.api.heldEdit(file, "hello world", "hello list");
    run.launch("--permission-mode", "default");
    await run.instanceUp(); // from its lock on, the instance is listed: never "none" from here

    const seen: string[] = [];
    const until = async (status: string, timeoutMs = 30_000) => {
      let row: ListedRow | undefined;
      await waitFor(
        async () => {
          row = await mine();
          if (seen.at(-1) !== row.status) seen.push(row.status);
          return row.status === status;
        },
        timeoutMs,
        () => `never saw ${status}; saw ${seen.join(" → ")}; screen:\n${run.tmux.screen()}`,
      );
      return row!;
    };

    // The other worktree of the repository is listed too, with nothing running in it.
    const first = await list();
    expect(first.find((r) => r.worktree !== run.worktree)?.status).toBe("none");

    await until("starting", 5000);
    const idle = await until("idle");
    expect(idle.connected).toBe(true);
    expect(idle.claudePid).toBe(await run.clientPid());

    await run.tmux.waitForScreen(/❯\s*$/m);
    await run.tmux.type("please edit hello.txt");
    await until("busy");
    release();
    const waiting = await until("waiting");
    expect(waiting.waitingFor).toBe("permission prompt");

    await run.acceptEdit(file, "hello list\n");
    await until("idle");
    expect(seen).toEqual(["starting", "idle", "busy", "waiting", "idle"]);

    await run.tmux.type("/exit");
    expect(await run.exitStatus()).toBe(0);
    expect((await mine()).status).toBe("none");
  },
  90_000,
);
