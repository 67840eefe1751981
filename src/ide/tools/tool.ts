import type { Schema } from "../schema.ts";
import type { ToolContext } from "../context.ts";

export interface TextContent {
  type: "text";
  text: string;
}

/** An MCP tools/call result. Tool failures are results with isError, not JSON-RPC errors (MCP spec). */
export interface ToolResult {
  content: TextContent[];
  isError?: boolean;
}

export interface Tool<A = any> {
  name: string;
  description: string;
  input: Schema<A>;
  handler(args: A, ctx: ToolContext): ToolResult | Promise<ToolResult>;
}

export function defineTool<A>(tool: Tool<A>): Tool<A> {
  return tool;
}

export const text = (...texts: string[]): ToolResult => ({ content: texts.map((t) => ({ type: "text", text: t })) });

/** Most IDE tool answers are a JSON document inside one text block (protocol.md §4). */
export const json = (value: unknown): ToolResult => text(JSON.stringify(value));

export const failure = (message: string): ToolResult => ({ ...text(message), isError: true });
