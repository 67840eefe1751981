import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";

// Blocks until the tab is answered: in the diff view when there is one (accept, edit, reject), or
// when Claude closes the tab after its own terminal prompt was answered; failed on disconnect and
// shutdown. Whichever answers first wins in the client (protocol.md §5).
export default defineTool({
  name: "openDiff",
  description: "Open a diff of a proposed file change and wait until the user answers it",
  input: s.object({
    old_file_path: s.string("Path of the file as it is"),
    new_file_path: s.string("Path of the file with the change"),
    new_file_contents: s.string("Proposed contents of the whole file"),
    tab_name: s.string("Name of the diff tab"),
  }),
  handler({ old_file_path, new_file_contents, tab_name }, { diffs, diffViews, diagnostics, peer, log }) {
    // Follow the file from before the edit lands, so its new diagnostics are due when Claude asks.
    diagnostics?.track(old_file_path);
    if (!diffViews) return diffs.open(tab_name, peer);
    let view;
    try {
      view = diffViews.open({ oldPath: old_file_path, proposed: new_file_contents, tabName: tab_name });
    } catch (e) {
      // No view after all: Claude's terminal prompt still decides the edit.
      log(`diff view for ${tab_name} failed: ${(e as Error).message}`);
      return diffs.open(tab_name, peer);
    }
    const answered = diffs.open(tab_name, peer, view);
    view.done.then((result) => diffs.answer(tab_name, result));
    return answered;
  },
});
