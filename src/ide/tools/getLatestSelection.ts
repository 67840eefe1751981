import { s } from "../schema.ts";
import { defineTool, json } from "./tool.ts";

export default defineTool({
  name: "getLatestSelection",
  description: "Get the most recent text selection, even if the editor no longer has focus",
  input: s.object({}),
  handler: (_args, { selection }) =>
    json(selection.latest ? { success: true, ...selection.latest } : { success: false, message: "No selection available" }),
});
