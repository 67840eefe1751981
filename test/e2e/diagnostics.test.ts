// Diagnostics with the real client: an edit that breaks the types comes back to the model as
// <new-diagnostics>, and the model's own mcp__ide__getDiagnostics call sees the same error; an
// error that was there before the edit never does (the client's baseline is true, or absent).
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
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

/**
 * What the client sent back after the tool call whose input holds `fragment`: the message with
 * its tool_result and anything after it (where <new-diagnostics> rides along).
 */
function resultAfter(fragment: string): string | undefined {
  for (const r of run.api.requests) {
    const at = r.messages.findLastIndex((m) => JSON.stringify(m.content).includes('"type":"tool_result"'));
    if (at > 0 && JSON.stringify(r.messages[at - 1]).includes(fragment)) return JSON.stringify(r.messages.slice(at));
  }
  return undefined;
}

test(
  "unattended (acceptEdits): an error already in the file is not reported as new; one the edit makes is",
  async () => {
    const file = join(run.worktree, "a.ts");
    writeFileSync(file, 'export const x: number = "already wrong";\nexport const y: number = 1;\n');
    run.api.script(
      { text: "Ready." },
      { tool: "Read", input: { file_path: file } },
      { tool: "Edit", input: { file_path: file, old_string: "y: number = 1", new_string: "y: number = 2" } },
      { tool: "Edit", input: { file_path: file, old_string: "y: number = 2", new_string: 'y: number = "newly wrong"' } },
      { text: "Done." },
    );
    run.launch("--permission-mode", "acceptEdits");
    await run.clientPid();
    await run.tmux.waitForScreen(/❯\s*$/m);
    // Claude's first turn warms the worktree's language server, as any turn would.
    await run.tmux.type("hello");
    await run.tmux.waitForScreen(/Ready\./);
    await waitFor(() => run.debugLog().includes("diagnostics: typescript is warm"), 30_000, () => `tsc never warmed:\n${run.debugLog()}`);

    await run.tmux.type("edit line 2 twice");
    await run.tmux.waitForScreen(/Done\./, 60_000);
    expect(readFileSync(file, "utf8")).toBe('export const x: number = "already wrong";\nexport const y: number = "newly wrong";\n');
    // The client asked for a baseline before each edit, and got one.
    expect(run.debugLog()).toContain(`"name":"getDiagnostics","arguments":{"uri":"file://${file}"}`);

    const afterHarmless = resultAfter('"new_string":"y: number = 2"')!;
    expect(afterHarmless).toBeDefined();
    expect(afterHarmless).not.toContain("<new-diagnostics>");
    expect(afterHarmless).not.toContain("already wrong");

    const afterBreaking = resultAfter('"new_string":"y: number = \\"newly wrong\\""')!;
    expect(afterBreaking).toContain("<new-diagnostics>");
    expect(afterBreaking).toContain("[Line 2:");
    expect(afterBreaking).not.toContain("[Line 1:");
  },
  120_000,
);

test(
  "a file its language server has not reported on yet gets no baseline, so nothing already there is reported as new",
  async () => {
    // A server that says nothing about a file until it changes: its baseline cannot be known in time.
    const fake = resolve(import.meta.dir, "../helpers/fake-lsp.ts");
    mkdirSync(join(run.dir, ".config", "cc-wt"), { recursive: true });
    writeFileSync(
      join(run.dir, ".config", "cc-wt", "config.toml"),
      `[[diagnostics.server]]\nname = "fake"\ncommand = ${JSON.stringify(["env", "FAKE_LSP_SILENT_OPEN=1", process.execPath, fake])}\nfiletypes = ["txt"]\n`,
    );
    const file = join(run.worktree, "notes.txt");
    writeFileSync(file, "ERROR already here\nfine\n");
    run.api.script(
      { tool: "Read", input: { file_path: file } },
      { tool: "Edit", input: { file_path: file, old_string: "fine", new_string: "fine too" } },
      { text: "Done." },
    );
    run.launch("--permission-mode", "acceptEdits");
    await run.clientPid();
    await run.tmux.waitForScreen(/❯\s*$/m);
    await run.tmux.type("edit line 2");
    await run.tmux.waitForScreen(/Done\./, 60_000);
    expect(readFileSync(file, "utf8")).toBe("ERROR already here\nfine too\n");
    // The error the server reports after the edit was there all along: it is not the model's news…
    const afterEdit = resultAfter('"new_string":"fine too"')!;
    expect(afterEdit).toBeDefined();
    expect(afterEdit).not.toContain("<new-diagnostics>");
    // …because the baseline call failed instead of answering "no problems".
    expect(run.debugLog()).toMatch(/tool getDiagnostics failed: .*the diagnostics of .*notes\.txt are not known yet/);
  },
  120_000,
);
