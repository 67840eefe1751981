// What a tool answers: MCP tools/call results. Apart from the tools so that the editor state
// (src/ide/diffs.ts) can settle a call without depending on the tool definitions.

export interface TextContent {
  type: "text";
  text: string;
}

/** An MCP tools/call result. Tool failures are results with isError, not JSON-RPC errors (MCP spec). */
export interface ToolResult {
  content: TextContent[];
  isError?: boolean;
}

export const text = (...texts: string[]): ToolResult => ({ content: texts.map((t) => ({ type: "text", text: t })) });

/** Most IDE tool answers are a JSON document inside one text block (docs/protocol.md). */
export const json = (value: unknown): ToolResult => text(JSON.stringify(value));

export const failure = (message: string): ToolResult => ({ ...text(message), isError: true });
