import { json } from "../result.ts";
import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";

/**
 * How long an answer may wait for a language server (docs/protocol.md, "Calls the client makes by itself"): the client gives up after
 * about 500 ms before an edit (the call with a uri) and 2 s after a turn (the call without).
 */
export const DEADLINE_MS = { file: 350, all: 1500 };

// Without a language server for the worktree, the honest answer is "no diagnostics known"; with a
// uri the client reads the first element as that file's entry, so it gets one with an empty list.
export default defineTool({
  name: "getDiagnostics",
  description:
    "Get language diagnostics (errors, warnings) for a file, or for every file known when no uri is given",
  input: s.object({
    uri: s.optional(s.string("file:// URI of the file to get diagnostics for; omit for all files")),
  }),
  handler: async ({ uri }, { diagnostics }) => {
    if (diagnostics) return json(await diagnostics.get(uri, uri ? DEADLINE_MS.file : DEADLINE_MS.all));
    return json(uri ? [{ uri, diagnostics: [] }] : []);
  },
});
