// The real judge: the pinned @anthropic-ai/claude-code client, in a private tmux server, talking
// to a local fake model API, launched through the compiled dist/cc-wt.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;

beforeEach(() => {
  run = startRealClaude();
});
afterEach(() => run.cleanup());

test(
  "claude connects to cc-wt, opens an edit in it, applies it when accepted, and cc-wt exits clean",
  async () => {
    const file = join(run.worktree, "hello.txt");
    run.api.script(
      { tool: "Read", input: { file_path: file } },
      { tool: "Edit", input: { file_path: file, old_string: "hello world", new_string: "hello cc-wt" } },
      { text: "Edited." },
    );
    // Manual permission mode, passed through cc-wt untouched: the edit must ask, so openDiff runs.
    run.launch("--permission-mode", "default");

    const clientPid = await run.clientPid();
    const lock = run.lock();
    // The client that connected is the claude that cc-wt started, not some other one.
    expect(run.parentOf(clientPid)).toBe(lock.pid);
    expect(lock.workspaceFolders).toEqual([run.worktree]);
    expect(lock.ideName).toBe("cc-wt (feature-x)");

    await run.tmux.waitForScreen(/❯\s*$/m);
    await run.tmux.type("please edit hello.txt");
    await run.tmux.waitForScreen(/Opened changes in cc-wt \(feature-x\) ⧉/);
    await run.tmux.waitForScreen(/Do you want to make this edit/);
    expect(run.debugLog()).toContain('"name":"openDiff"');
    expect(readFileSync(file, "utf8")).toBe("hello world\n");

    await run.acceptEdit(file, "hello cc-wt\n");
    await run.tmux.waitForScreen(/Edited\./);
    // Answering in the terminal makes the client close our tab; the blocked openDiff must be released.
    await waitFor(() => run.debugLog().includes('"name":"close_tab"'), 10_000, () => "close_tab never came");

    await run.tmux.type("/ide");
    await run.tmux.waitForScreen(/✔ cc-wt \(feature-x\)/);
    run.tmux.keys("Escape");
    await run.tmux.waitForScreen(/Kept IDE selection/);

    await run.tmux.type("/exit");
    expect(await run.exitStatus()).toBe(0);
    expect(existsSync(run.lockPath)).toBe(false);
    expect(readdirSync(run.ideDir).filter((f) => f.endsWith(".lock"))).toEqual([]);
  },
  90_000,
);
