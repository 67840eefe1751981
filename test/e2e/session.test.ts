// What the instance tells the real client about itself: instructions that reach the model (which
// worktree and branch this session owns), and a tool list that offers getDiagnostics only where a
// language server can answer it, growing (tools/list_changed) when one appears.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude();
});
afterEach(() => run.cleanup());

/** Everything of a request the model sees besides the conversation itself: system prompt and tool names. */
const contextOf = (i: number) => JSON.stringify([run.api.requests[i]?.system, run.api.requests[i]?.messages]);
const toolsOf = (i: number) => (run.api.requests[i]?.tools ?? []).map((t) => t.name);
/** The client names deferred tools in its context instead of sending their schemas: either way, offered. */
const offersDiagnostics = (i: number) => toolsOf(i).includes("mcp__ide__getDiagnostics") || contextOf(i).includes("mcp__ide__getDiagnostics");

async function turn(prompt: string, requests: number) {
  await run.tmux.type(prompt);
  await waitFor(() => run.api.requests.length >= requests, 30_000, () => `no request for "${prompt}"; screen:\n${run.tmux.screen()}`);
}

test(
  "the model is told which worktree and branch this session owns; no diagnostics tool until a language server applies",
  async () => {
    run.launch();
    await run.clientPid();
    await run.tmux.waitForScreen(/❯\s*$/m);

    await turn("hello", 1);
    const instructions =
      `This session owns the git worktree ${run.worktree} (branch feature-x); make your changes there. ` +
      "Sibling worktrees of the same repository belong to other Claude sessions: do not edit them.";
    expect(contextOf(0)).toContain(JSON.stringify(instructions).slice(1, -1));
    // No language server for a worktree holding only hello.txt: nothing offered that could only say "none".
    expect(offersDiagnostics(0)).toBe(false);

    // The worktree becomes a TypeScript project: at the next turn cc-wt finds its server and tells the client.
    symlinkSync(resolve(import.meta.dir, "../../node_modules"), join(run.worktree, "node_modules"));
    writeFileSync(join(run.worktree, "tsconfig.json"), "{}");
    await run.tmux.waitForScreen(/OK\./);
    await turn("again", 2);
    // The client lists the tools again when told (notifications/tools/list_changed)…
    await waitFor(
      () => run.debugLog().split("\n").filter((l) => l.includes('"method":"tools/list"')).length >= 2,
      30_000,
      () => `the client never listed the tools again:\n${run.debugLog()}`,
    );
    expect(run.debugLog()).toContain("notify notifications/tools/list_changed to 1 client(s)");
    // …and from then on the model is offered getDiagnostics.
    await run.tmux.waitForScreen(/OK\.[\s\S]*OK\./);
    await turn("and again", 3);
    expect(offersDiagnostics(2)).toBe(true);
  },
  120_000,
);
