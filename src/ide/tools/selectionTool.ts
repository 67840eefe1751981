import { json } from "../result.ts";
import { s } from "../schema.ts";
import { defineTool } from "./tool.ts";

/**
 * getCurrentSelection and getLatestSelection answer from the same store: in a terminal the
 * "current" selection is the last one sent to cc-wt. They differ only in what they say without one.
 */
export const selectionTool = (name: string, description: string, noneMessage: string) =>
  defineTool({
    name,
    description,
    input: s.object({}),
    handler: (_args, { selection }) =>
      json(selection.latest ? { success: true, ...selection.latest } : { success: false, message: noneMessage }),
  });
