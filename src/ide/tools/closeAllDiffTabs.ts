import { s } from "../schema.ts";
import { defineTool, text } from "./tool.ts";

export default defineTool({
  name: "closeAllDiffTabs",
  description: "Close every diff tab cc-wt opened for Claude",
  input: s.object({}),
  handler: (_args, { diffs }) => text(`CLOSED_${diffs.closeAll()}_DIFF_TABS`),
});
