import { selectionTool } from "./selectionTool.ts";

export default selectionTool(
  "getCurrentSelection",
  "Get the current text selection in the active editor",
  "No active editor found",
);
