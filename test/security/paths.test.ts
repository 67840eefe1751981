// Workspace paths git and the terminal find awkward: a newline in a worktree's name is announced
// exactly (in the lock, to --list); bytes that are not UTF-8 are refused with a message naming the
// problem, never truncated and never reported as "not in a git repository".
import { expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CC_WT, sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();

test("a worktree whose path holds a newline is announced exactly, and listed exactly", async () => {
  const odd = join(sb().dir, "feature\nx ");
  sb().git("worktree", "add", "-q", "-b", "odd", odd);
  mkdirSync(join(odd, "sub"));
  const cc = sb().start([], { cwd: join(odd, "sub"), stub: { wait: true } });
  const { lock } = await cc.lock();
  expect(lock.workspaceFolders).toEqual([odd]);
  expect(lock.ideName).toBe("cc-wt (odd)");
  const rows = JSON.parse((await sb().run(["--list", "--json"], { cwd: odd })).stdout) as { worktree: string; status: string }[];
  expect(rows.map((r) => [r.worktree, r.status])).toEqual([
    [sb().repo, "none"],
    [odd, "starting"],
  ]);
});

test("a directory whose name is not UTF-8 is refused with the reason: status 65, not 'not in a git repository'", async () => {
  // Made and entered by the shell: the name cannot travel through a JavaScript string intact.
  const p = Bun.spawn(["sh", "-c", 'd=$(printf "bad\\377name") && mkdir "$d" && cd "$d" && exec "$0"', CC_WT], {
    cwd: sb().repo,
    env: sb().env,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stderr, status] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  expect(status).toBe(65);
  expect(stderr).toContain("has bytes in its path that are not UTF-8");
  expect(stderr).not.toContain("Not in a git repository");
  expect(sb().locks()).toEqual([]);
});
