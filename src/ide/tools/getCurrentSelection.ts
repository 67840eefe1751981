import { s } from "../schema.ts";
import { defineTool, json } from "./tool.ts";

export default defineTool({
  name: "getCurrentSelection",
  description: "Get the current text selection in the active editor",
  input: s.object({}),
  handler: (_args, { selection }) =>
    json(selection.latest ? { success: true, ...selection.latest } : { success: false, message: "No active editor found" }),
});
