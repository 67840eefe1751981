import { basename } from "node:path";
import { s } from "../schema.ts";
import { fileUri } from "../paths.ts";
import { defineTool, json } from "./tool.ts";

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
