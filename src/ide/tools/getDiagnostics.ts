import { s } from "../schema.ts";
import { defineTool, json } from "./tool.ts";

// No diagnostics provider exists yet, so the honest answer is "no diagnostics known". With a uri the
// client reads the first element as that file's entry, so it gets an entry with an empty list.
export default defineTool({
  name: "getDiagnostics",
  description:
    "Get language diagnostics (errors, warnings) for a file, or for every file known when no uri is given",
  input: s.object({
    uri: s.optional(s.string("file:// URI of the file to get diagnostics for; omit for all files")),
  }),
  handler: ({ uri }) => json(uri ? [{ uri, diagnostics: [] }] : []),
});
