import { text, type ToolResult } from "../ide/tools/tool.ts";

/**
 * What the viewer's exit means to Claude (protocol.md §5): accepted as proposed, accepted with the
 * user's own changes, or rejected. cc-wt never writes the file; Claude does, with these contents.
 */
export function outcome(exitCode: number, proposed: string, final: string, tabName: string): ToolResult {
  if (exitCode !== 0) return text("DIFF_REJECTED", tabName);
  return final === proposed ? text("TAB_CLOSED") : text("FILE_SAVED", final);
}
