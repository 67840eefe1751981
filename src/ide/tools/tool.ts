import type { ToolContext } from "../context.ts";
import type { ToolResult } from "../result.ts";
import type { Schema } from "../schema.ts";

export interface Tool<A = any> {
  name: string;
  description: string;
  input: Schema<A>;
  handler(args: A, ctx: ToolContext): ToolResult | Promise<ToolResult>;
}

export function defineTool<A>(tool: Tool<A>): Tool<A> {
  return tool;
}
