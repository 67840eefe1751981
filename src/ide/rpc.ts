// JSON-RPC 2.0 / MCP dispatch for one IDE connection. Everything off the wire is validated here
// before it reaches a handler; whatever a message contains, the answer is a response or silence,
// never an exception that could take the connection down.
import { VERSION } from "../version.ts";
import type { ToolContext } from "./context.ts";
import { s, SchemaError, type Schema } from "./schema.ts";
import { type Tool } from "./tools/tool.ts";

export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/** Newest first; the client's version is echoed when we know it (docs/protocol.md, "Messages"). */
export const PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

type Id = string | number | null;

export interface RpcResponse {
  jsonrpc: "2.0";
  id: Id;
  result?: unknown;
  error?: { code: number; message: string };
}

/** One connected client, as the dispatcher knows it. */
export interface Peer {
  id: number;
  initialized: boolean;
  clientPid?: number;
  /** When an accepted ide_connected arrived: the client is ready for notifications a moment after. */
  connectedAt?: number;
  /** Not a client this instance serves (another Claude session): its tool calls are refused until it is closed. */
  refused?: boolean;
}

export interface DispatchDeps {
  tools: ReadonlyMap<string, Tool>;
  /** What tools/list advertises now (it may change: notifications/tools/list_changed). */
  readonly toolList: readonly unknown[];
  /**
   * Given to the client in initialize; the client puts a server's instructions in the model's
   * context. A function is asked at each initialize (the workspace can follow the client's).
   */
  instructions?: string | (() => Promise<string | undefined> | string | undefined);
  context(peer: Peer): ToolContext;
  /**
   * The client said who it is (ide_connected). false: not a client this instance serves; it is
   * not marked connected (the server closes it).
   */
  onClientPid?(peer: Peer, pid: number): boolean | void;
  log(message: string): void;
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const initializeParams = s.object({ protocolVersion: s.optional(s.string()) });
const callParams = s.object({ name: s.string("tool name") });
const idePid = s.object({ pid: s.integer() });

function params<T>(schema: Schema<T>, value: unknown, path = "params"): T {
  try {
    return schema.parse(value ?? {}, path);
  } catch (e) {
    if (e instanceof SchemaError) throw new RpcError(ErrorCode.InvalidParams, e.message);
    throw e;
  }
}

type Handler = (params: unknown, peer: Peer, deps: DispatchDeps) => unknown;

const requests: Record<string, Handler> = {
  async initialize(raw, _peer, deps) {
    const { protocolVersion } = params(initializeParams, raw);
    const instructions = typeof deps.instructions === "function" ? await deps.instructions() : deps.instructions;
    return {
      protocolVersion:
        protocolVersion && PROTOCOL_VERSIONS.includes(protocolVersion) ? protocolVersion : PROTOCOL_VERSIONS[0],
      // listChanged: the tool list grows when a language server appears (docs/protocol.md).
      capabilities: { tools: { listChanged: true } },
      serverInfo: { name: "cc-wt", version: VERSION },
      ...(instructions && { instructions }),
    };
  },
  ping: () => ({}),
  "tools/list": (_raw, _peer, deps) => ({ tools: deps.toolList }),
  async "tools/call"(raw, peer, deps) {
    if (peer.refused) throw new RpcError(ErrorCode.InvalidRequest, "This IDE serves another Claude Code session");
    const { name } = params(callParams, raw);
    const tool = deps.tools.get(name);
    if (!tool) throw new RpcError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    const args = params(tool.input, (raw as { arguments?: unknown }).arguments, "arguments");
    try {
      return await tool.handler(args, deps.context(peer));
    } catch (e) {
      // A tool that fails is reported to the model as a failed call (MCP isError), not a protocol error.
      deps.log(`tool ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { content: [{ type: "text", text: `${name} failed: ${e instanceof Error ? e.message : String(e)}` }], isError: true };
    }
  },
};

const notifications: Record<string, Handler> = {
  "notifications/initialized"(_raw, peer) {
    peer.initialized = true;
  },
  ide_connected(raw, peer, deps) {
    const { pid } = params(idePid, raw);
    peer.clientPid = pid;
    if (deps.onClientPid?.(peer, pid) === false) peer.refused = true;
    else peer.connectedAt = Date.now();
  },
};

const isId = (v: unknown): v is Id => typeof v === "string" || typeof v === "number" || v === null;
const reply = (id: Id, result: unknown): RpcResponse => ({ jsonrpc: "2.0", id, result });
const fail = (id: Id, code: number, message: string): RpcResponse => ({ jsonrpc: "2.0", id, error: { code, message } });

/** Handles one text frame; resolves to the response to send, or undefined when none is due. */
export async function dispatch(raw: string, peer: Peer, deps: DispatchDeps): Promise<RpcResponse | undefined> {
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    return fail(null, ErrorCode.ParseError, "Parse error: the message is not valid JSON");
  }
  if (Array.isArray(msg)) return fail(null, ErrorCode.InvalidRequest, "Batches are not supported");
  if (typeof msg !== "object" || msg === null) return fail(null, ErrorCode.InvalidRequest, "A message must be a JSON object");
  const m = msg as Record<string, unknown>;
  const hasId = "id" in m;
  const id = hasId && isId(m.id) ? m.id : null;

  if (!("method" in m) && hasId && ("result" in m || "error" in m)) return undefined; // a reply to us: nothing to answer
  if (m.jsonrpc !== "2.0" || typeof m.method !== "string" || (hasId && !isId(m.id))) {
    return fail(id, ErrorCode.InvalidRequest, 'Invalid request: expected {"jsonrpc":"2.0","method":string,...}');
  }
  if (m.params !== undefined && (typeof m.params !== "object" || m.params === null)) {
    return fail(id, ErrorCode.InvalidRequest, "Invalid request: params must be an object or an array");
  }

  const table = hasId ? requests : notifications;
  const handler = Object.hasOwn(table, m.method) ? table[m.method] : undefined;
  if (!handler) {
    if (!hasId) {
      deps.log(`ignored notification ${m.method}`);
      return undefined;
    }
    return fail(id, ErrorCode.MethodNotFound, `Method not found: ${m.method}`);
  }
  try {
    const result = await handler(m.params, peer, deps);
    return hasId ? reply(id, result) : undefined;
  } catch (e) {
    if (!hasId) {
      deps.log(`bad notification ${m.method}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    if (e instanceof RpcError) return fail(id, e.code, e.message);
    deps.log(`internal error in ${m.method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fail(id, ErrorCode.InternalError, "Internal error");
  }
}
