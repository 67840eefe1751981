// Mentions and selections sent from a shell reach the real client: it shows them in its input
// line and attaches the selection to the next prompt it sends to the model.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CC_WT, startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude();
  writeFileSync(join(run.worktree, "six.txt"), "line one\nline two\nline three\nline four\nline five\nline six\n");
});
afterEach(() => run.cleanup());

function cc(...args: string[]) {
  const p = Bun.spawnSync([CC_WT, ...args], { cwd: run.worktree, env: run.env, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, err: p.stderr.toString() };
}

test(
  "--mention puts @file#L3-5 in claude's input; --select shows the selection and sends it with the next prompt",
  async () => {
    run.launch();
    await run.instanceUp();
    // Sent before claude has connected: cc-wt holds it until the client is ready for it.
    const mentioned = cc("--mention", "six.txt:3-5");
    expect(mentioned).toMatchObject({ code: 0 });
    await run.tmux.waitForScreen(/❯\s@six\.txt#L3-5/);

    expect(cc("--select", "six.txt:2-4:5")).toMatchObject({ code: 0 });
    await run.tmux.waitForScreen(/3 lines selected/);

    await run.tmux.type("what do these lines say?");
    let sent = "";
    await waitFor(
      () => {
        sent = JSON.stringify(run.api.requests.at(-1)?.messages ?? []);
        return sent.includes("what do these lines say?");
      },
      20_000,
      () => `the prompt never reached the model; screen:\n${run.tmux.screen()}`,
    );
    // The mention went out as part of the prompt…
    expect(sent).toContain("@six.txt#L3-5 what do these lines say?");
    // …and the selection as context: lines 2 to 4, up to and including column 5 of line 4.
    const file = join(run.worktree, "six.txt");
    const selection = `The user selected the lines 2 to 4 from ${file}:\nline two\nline three\nline \n`;
    expect(sent).toContain(JSON.stringify(selection).slice(1, -1));
  },
  90_000,
);

test("with no cc-wt for the file, the error lists the running instances and exits 69", () => {
  const elsewhere = cc("--mention", "/etc/hostname");
  expect(elsewhere.code).toBe(69);
  expect(elsewhere.err).toContain("No cc-wt runs in a worktree holding /etc/hostname");
  expect(elsewhere.err).toContain("(none is running)");
});

test("an instance that no longer answers (its pid alive, its port closed): a clear error and 69", () => {
  const ide = join(run.dir, "claude-config", "ide");
  mkdirSync(ide, { recursive: true });
  writeFileSync(
    join(ide, "9.lock"),
    JSON.stringify({ pid: process.pid, workspaceFolders: [run.worktree], ideName: "cc-wt (feature-x)", transport: "ws", authToken: "t", runningInWindows: false }),
  );
  const r = cc("--mention", "six.txt:1");
  expect(r.code).toBe(69);
  expect(r.err).toContain("(port 9) did not answer");
});

test("--select on a directory, and --wait beyond the limit, are refused clearly", () => {
  expect(cc("--select", ".")).toMatchObject({ code: 66, err: expect.stringContaining(".: not a file") });
  expect(cc("--mention", "six.txt", "--wait", "99999999999999999999")).toMatchObject({ code: 64, err: expect.stringContaining("at most 60 seconds") });
});
