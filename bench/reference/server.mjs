// The IDE server a user would otherwise build: Node, the `ws` package and the official MCP SDK,
// with the same checks and tools cc-wt's benchmark touches. Prints its port; token from REF_TOKEN.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { WebSocketServer } from "ws";

const token = process.env.REF_TOKEN;
const pending = new Map();

/** The SDK has no WebSocket server transport: this is the obvious one. */
class WsTransport {
  constructor(ws) {
    this.ws = ws;
    ws.on("message", (data) => {
      try {
        this.onmessage?.(JSON.parse(String(data)));
      } catch (e) {
        this.onerror?.(e);
      }
    });
    ws.on("close", () => this.onclose?.());
  }
  async start() {}
  async send(message) {
    this.ws.send(JSON.stringify(message));
  }
  async close() {
    this.ws.close();
  }
}

const tools = [
  { name: "getDiagnostics", description: "diagnostics", inputSchema: { type: "object", properties: { uri: { type: "string" } } } },
  { name: "openDiff", description: "diff", inputSchema: { type: "object", properties: {} } },
  { name: "close_tab", description: "close", inputSchema: { type: "object", properties: {} } },
];

const wss = new WebSocketServer({
  host: "127.0.0.1",
  port: 0,
  maxPayload: 64 * 1024 * 1024,
  verifyClient: ({ req }) => !req.headers.origin && req.headers["x-claude-code-ide-authorization"] === token,
  handleProtocols: (protocols) => (protocols.has("mcp") ? "mcp" : false),
});

wss.on("connection", (ws) => {
  const server = new Server({ name: "reference", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const { name, arguments: args = {} } = req.params;
    if (name === "getDiagnostics") return { content: [{ type: "text", text: "[]" }] };
    if (name === "openDiff") return new Promise((resolve) => pending.set(args.tab_name, resolve));
    if (name === "close_tab") {
      pending.get(args.tab_name)?.({ content: [{ type: "text", text: "TAB_CLOSED" }] });
      pending.delete(args.tab_name);
      return { content: [{ type: "text", text: "TAB_CLOSED" }] };
    }
    throw new Error(`unknown tool ${name}`);
  });
  server.connect(new WsTransport(ws));
});

wss.on("listening", () => console.log(wss.address().port));
