import { answerForDocument, documentInput } from "./document.ts";
import { defineTool } from "./tool.ts";

export default defineTool({
  name: "checkDocumentDirty",
  description: "Check whether a document has unsaved changes",
  input: documentInput,
  handler: ({ filePath }, { workspace }) =>
    answerForDocument(filePath, workspace, () => ({ isDirty: false, isUntitled: false })),
});
