import type { DiffVerdict } from "../ports.ts";
import { text, type ToolResult } from "../result.ts";
import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";

/**
 * The client's words for what the user did in the view (docs/protocol.md): accepted as proposed
 * (the tab closed), accepted with the user's own changes (saved, with the contents Claude then
 * writes), or rejected (the tab's name follows).
 */
export function reply(verdict: DiffVerdict, tabName: string): ToolResult {
  switch (verdict.kind) {
    case "accepted":
      return text("TAB_CLOSED");
    case "edited":
      return text("FILE_SAVED", verdict.contents);
    case "rejected":
      return text("DIFF_REJECTED", tabName);
  }
}

// Blocks until the tab is answered: in the diff view when there is one (accept, edit, reject), or
// when Claude closes the tab after its own terminal prompt was answered; failed on disconnect and
// shutdown. Whichever answers first wins in the client (docs/protocol.md).
export default defineTool({
  name: "openDiff",
  description: "Open a diff of a proposed file change and wait until the user answers it",
  input: s.object({
    old_file_path: s.string("Path of the file as it is"),
    new_file_path: s.string("Path of the file with the change"),
    new_file_contents: s.string("Proposed contents of the whole file"),
    tab_name: s.string("Name of the diff tab"),
  }),
  handler({ old_file_path, new_file_contents, tab_name }, { diffs, diffViews, diagnostics, peer }) {
    // Follow the file from before the edit lands, so its new diagnostics are due when Claude asks.
    diagnostics?.track(old_file_path);
    // No view (none configured, or none can be shown here): Claude's terminal prompt decides the edit.
    const view = diffViews?.open({ oldPath: old_file_path, proposed: new_file_contents, tabName: tab_name });
    if (!view) return diffs.open(tab_name, peer);
    const answered = diffs.open(tab_name, peer, view);
    view.done.then((verdict) => diffs.answer(tab_name, reply(verdict, tab_name)));
    return answered;
  },
});
