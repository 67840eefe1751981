import { fileUri } from "../paths.ts";
import { json } from "../result.ts";
import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";
import { basename } from "node:path";

export default defineTool({
  name: "getWorkspaceFolders",
  description: "Get the workspace folders (the git worktree cc-wt was started in)",
  input: s.object({}),
  handler: (_args, { workspace }) =>
    json({
      success: true,
      folders: [{ name: basename(workspace), uri: fileUri(workspace), path: workspace }],
      rootPath: workspace,
    }),
});
