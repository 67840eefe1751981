import type { DiffRegistry } from "./diffs.ts";
import type { SelectionStore } from "./selection.ts";

/** What a tool handler may see: the instance's shared state plus the connection that called it. */
export interface ToolContext {
  workspace: string;
  diffs: DiffRegistry;
  selection: SelectionStore;
  peer: number;
}
