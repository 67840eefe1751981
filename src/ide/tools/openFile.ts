import { resolveInWorkspace } from "../paths.ts";
import { failure, text } from "../result.ts";
import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";
import { existsSync } from "node:fs";

// A terminal has no editor to show the file in: say so rather than claim it was opened.
export default defineTool({
  name: "openFile",
  description: "Open a file in the editor",
  input: s.object({
    filePath: s.string("Path of the file to open"),
    preview: s.optional(s.boolean()),
    startText: s.optional(s.string()),
    endText: s.optional(s.string()),
    selectToEndOfLine: s.optional(s.boolean()),
    makeFrontmost: s.optional(s.boolean()),
  }),
  handler: ({ filePath }, { workspace }) => {
    const path = resolveInWorkspace(workspace, filePath);
    if (!existsSync(path)) return failure(`File not found: ${path}`);
    return text(`cc-wt runs in a terminal and has no editor view: ${path} was not opened`);
  },
});
