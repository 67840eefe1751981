// Diagnostics with the real client: an edit that breaks the types comes back to the model as
// <new-diagnostics>, and the model's own mcp__ide__getDiagnostics call sees the same error.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
beforeEach(() => {
  run = startRealClaude();
  // A TypeScript project as users have them: its compiler in node_modules (TypeScript 7 here).
  symlinkSync(resolve(import.meta.dir, "../../node_modules"), join(run.worktree, "node_modules"));
  writeFileSync(join(run.worktree, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["*.ts"] }));
  writeFileSync(join(run.worktree, "a.ts"), "export const x: number = 1;\n");
});
afterEach(() => run.cleanup());

const lastToolResult = (i: number) => JSON.stringify(run.api.requests[i]?.messages.at(-1) ?? null);

test(
  "a type error from an edit reaches the model as <new-diagnostics>, and through getDiagnostics",
  async () => {
    const file = join(run.worktree, "a.ts");
    run.api.script(
      { tool: "Read", input: { file_path: file } },
      { tool: "Edit", input: { file_path: file, old_string: "= 1", new_string: '= "nope"' } },
      { tool: "mcp__ide__getDiagnostics", input: {} },
      { text: "Checked." },
    );
    // Edits and the model's diagnostics call go ahead without asking: this test is about what they return.
    run.launch("--permission-mode", "acceptEdits", "--allowedTools", "mcp__ide__getDiagnostics");
    await run.clientPid();
    await run.tmux.waitForScreen(/❯\s*$/m);
    await run.tmux.type("break the types");

    // The request after the Edit carries its result, with the new error attached.
    await waitFor(() => run.api.requests.length >= 3, 30_000, () => `no request after the edit; screen:\n${run.tmux.screen()}`);
    const afterEdit = lastToolResult(2);
    expect(afterEdit).toContain("<new-diagnostics>");
    expect(afterEdit).toContain("Type 'string' is not assignable to type 'number'.");

    // The model's own call gets the error from cc-wt.
    await waitFor(() => run.api.requests.length >= 4, 30_000, () => `the getDiagnostics call never returned; screen:\n${run.tmux.screen()}`);
    const fromTool = lastToolResult(3);
    expect(fromTool).toContain("Type 'string' is not assignable to type 'number'.");
    expect(fromTool).toContain(JSON.stringify(`file://${file}`).slice(1, -1));
    await run.tmux.waitForScreen(/Checked\./);
  },
  90_000,
);
