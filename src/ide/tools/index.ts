import checkDocumentDirty from "./checkDocumentDirty.ts";
import closeAllDiffTabs from "./closeAllDiffTabs.ts";
import close_tab from "./close_tab.ts";
import getCurrentSelection from "./getCurrentSelection.ts";
import getDiagnostics from "./getDiagnostics.ts";
import getLatestSelection from "./getLatestSelection.ts";
import getOpenEditors from "./getOpenEditors.ts";
import getWorkspaceFolders from "./getWorkspaceFolders.ts";
import openDiff from "./openDiff.ts";
import openFile from "./openFile.ts";
import saveDocument from "./saveDocument.ts";
import type { Tool } from "./tool.ts";

// No executeCode: cc-wt has no kernel to run code in, and advertising it would invite the model to try.
export const tools: ReadonlyMap<string, Tool> = new Map(
  [
    getWorkspaceFolders,
    getDiagnostics,
    openDiff,
    close_tab,
    closeAllDiffTabs,
    openFile,
    getOpenEditors,
    getCurrentSelection,
    getLatestSelection,
    checkDocumentDirty,
    saveDocument,
  ].map((tool) => [tool.name, tool as Tool]),
);

export const toolList = [...tools.values()].map(({ name, description, input }) => ({
  name,
  description,
  inputSchema: input.json,
}));

/**
 * What tools/list offers: getDiagnostics is the one tool the model itself sees (as
 * mcp__ide__getDiagnostics), so it is offered only where a language server can answer it; the
 * client may still call it for its own baselines, and it answers them.
 */
export function advertisedTools({ diagnostics }: { diagnostics: boolean }): typeof toolList {
  return diagnostics ? toolList : toolList.filter((t) => t.name !== "getDiagnostics");
}
