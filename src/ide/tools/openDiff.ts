import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";

// Blocks until the tab is answered. cc-wt has no diff viewer yet, so the answer comes when Claude
// closes the tab (close_tab, closeAllDiffTabs), or the call is failed on disconnect and shutdown;
// meanwhile Claude's own terminal prompt decides the edit (protocol.md §5).
export default defineTool({
  name: "openDiff",
  description: "Open a diff of a proposed file change and wait until the user answers it",
  input: s.object({
    old_file_path: s.string("Path of the file as it is"),
    new_file_path: s.string("Path of the file with the change"),
    new_file_contents: s.string("Proposed contents of the whole file"),
    tab_name: s.string("Name of the diff tab"),
  }),
  handler: ({ tab_name }, { diffs, peer }) => diffs.open(tab_name, peer),
});
