import { resolveInWorkspace } from "../paths.ts";
import { json, type ToolResult } from "../result.ts";
import { s } from "../schema.ts";
import { existsSync } from "node:fs";

export const documentInput = s.object({ filePath: s.string("Path of the document") });

/**
 * checkDocumentDirty and saveDocument share one truth: in a terminal every document is the file on
 * disk, never dirty and never in need of saving. They differ only in how they report an existing file.
 */
export function answerForDocument(
  filePath: string,
  workspace: string,
  existing: (path: string) => Record<string, unknown>,
): ToolResult {
  const path = resolveInWorkspace(workspace, filePath);
  if (!existsSync(path)) return json({ success: false, message: `Document not open: ${path}` });
  return json({ success: true, filePath: path, ...existing(path) });
}
