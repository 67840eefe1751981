import { text } from "../result.ts";
import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";

export default defineTool({
  name: "close_tab",
  description: "Close a diff tab opened by openDiff",
  input: s.object({ tab_name: s.string("Name of the tab to close") }),
  handler: ({ tab_name }, { diffs }) => {
    diffs.close(tab_name);
    return text("TAB_CLOSED");
  },
});
