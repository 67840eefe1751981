import { answerForDocument, documentInput } from "./document.ts";
import { defineTool } from "./tool.ts";

export default defineTool({
  name: "saveDocument",
  description: "Save a document with unsaved changes",
  input: documentInput,
  handler: ({ filePath }, { workspace }) =>
    answerForDocument(filePath, workspace, () => ({
      saved: false,
      message: "No unsaved changes: cc-wt has no editor buffers, the file on disk is current",
    })),
});
