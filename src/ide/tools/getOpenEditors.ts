import { json } from "../result.ts";
import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";

export default defineTool({
  name: "getOpenEditors",
  description: "List the editor tabs that are open (none in a terminal)",
  input: s.object({}),
  handler: () => json({ tabs: [] }),
});
