import { text } from "../result.ts";
import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";

export default defineTool({
  name: "closeAllDiffTabs",
  description: "Close every diff tab cc-wt opened for Claude",
  input: s.object({}),
  handler: (_args, { diffs, diagnostics }) => {
    // The client calls this at the start of every user turn (docs/protocol.md): Claude is about to
    // work, so its language servers start now, ready to give true baselines before its first edit.
    diagnostics?.warm();
    return text(`CLOSED_${diffs.closeAll()}_DIFF_TABS`);
  },
});
