import type { DiffRegistry } from "./diffs.ts";
import type { DiagnosticsSource, DiffViews } from "./ports.ts";
import type { SelectionStore } from "./selection.ts";

/** What a tool handler may see: the instance's shared state plus the connection that called it. */
export interface ToolContext {
  workspace: string;
  diffs: DiffRegistry;
  selection: SelectionStore;
  /** Where proposed edits are shown, when the user has a diff view (a tmux popup or pane). */
  diffViews?: DiffViews;
  /** Language-server diagnostics for the worktree (unless turned off in the configuration). */
  diagnostics?: Pick<DiagnosticsSource, "get" | "track" | "warm" | "available">;
  log(message: string): void;
  peer: number;
}
