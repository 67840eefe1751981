import { selectionTool } from "./selectionTool.ts";

export default selectionTool(
  "getLatestSelection",
  "Get the most recent text selection, even if the editor no longer has focus",
  "No selection available",
);
