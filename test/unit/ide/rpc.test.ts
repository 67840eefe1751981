import { beforeEach, describe, expect, test } from "bun:test";
import { dispatch, ErrorCode, PROTOCOL_VERSIONS, type DispatchDeps, type Peer, type RpcResponse } from "../../../src/ide/rpc.ts";
import { s } from "../../../src/ide/schema.ts";
import { toolList, tools } from "../../../src/ide/tools/index.ts";
import { defineTool, type Tool } from "../../../src/ide/tools/tool.ts";
import { text, type ToolResult } from "../../../src/ide/result.ts";
import { VERSION } from "../../../src/version.ts";
import { jsonOf, toolContext, useTempDir } from "../../helpers/unit.ts";

const workspace = useTempDir("cc-wt-rpc-");

let peer: Peer;
let logs: string[];
let pids: number[];
let deps: DispatchDeps;

beforeEach(() => {
  peer = { id: 1, initialized: false };
  logs = [];
  pids = [];
  deps = {
    tools,
    toolList,
    context: (p) => toolContext(workspace(), p.id),
    onClientPid: (p, pid) => {
      expect(p).toBe(peer);
      pids.push(pid);
    },
    log: (m) => logs.push(m),
  };
});

const send = (message: unknown) => dispatch(typeof message === "string" ? message : JSON.stringify(message), peer, deps);
const request = (method: string, params?: unknown, id: string | number = 1) => send({ jsonrpc: "2.0", id, method, params });
const notify = (method: string, params?: unknown) => send({ jsonrpc: "2.0", method, params });
const callTool = (name: string, args?: unknown) => request("tools/call", { name, arguments: args });

function expectError(response: RpcResponse | undefined, code: number, id: string | number | null = 1): string {
  expect(response).toMatchObject({ jsonrpc: "2.0", id, error: { code } });
  expect(response).not.toHaveProperty("result");
  return response!.error!.message;
}

const resultOf = (response: RpcResponse | undefined) => response?.result as ToolResult;

/** The real registry plus test-only tools, for behaviour no real tool shows. */
function withTools(...extra: Tool[]) {
  deps.tools = new Map([...tools, ...extra.map((t) => [t.name, t] as const)]);
}

describe("handshake", () => {
  test("initialize echoes every supported protocol version", async () => {
    for (const version of PROTOCOL_VERSIONS) {
      expect((await request("initialize", { protocolVersion: version }))?.result).toMatchObject({ protocolVersion: version });
    }
  });

  test("initialize falls back to the newest version for an unknown or absent one", async () => {
    for (const params of [{ protocolVersion: "1999-01-01" }, {}, undefined]) {
      expect((await request("initialize", params))?.result).toMatchObject({ protocolVersion: PROTOCOL_VERSIONS[0] });
    }
  });

  test("initialize advertises tools and names the server", async () => {
    const response = await request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "claude-code" } }, 0);
    expect(response).toEqual({
      jsonrpc: "2.0",
      id: 0,
      result: {
        protocolVersion: "2025-11-25",
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: "cc-wt", version: VERSION },
      },
    });
  });

  test("initialize carries the instance's instructions when it has some", async () => {
    deps.instructions = "This session owns the worktree /w.";
    expect((await request("initialize", {}, 0))?.result).toMatchObject({ instructions: "This session owns the worktree /w." });
  });

  test("tools/list advertises what the deps offer at the moment of asking", async () => {
    let offered: unknown[] = [{ name: "a" }];
    Object.defineProperty(deps, "toolList", { get: () => offered });
    expect((await request("tools/list"))?.result).toEqual({ tools: [{ name: "a" }] });
    offered = [{ name: "a" }, { name: "b" }];
    expect((await request("tools/list"))?.result).toEqual({ tools: [{ name: "a" }, { name: "b" }] });
  });

  test("notifications/initialized marks the peer initialized, silently", async () => {
    expect(await notify("notifications/initialized")).toBeUndefined();
    expect(peer.initialized).toBe(true);
  });

  test("ide_connected records the client's pid and reports it, silently", async () => {
    expect(await notify("ide_connected", { pid: 4242 })).toBeUndefined();
    expect(peer.clientPid).toBe(4242);
    expect(peer.connectedAt).toBeNumber();
    expect(pids).toEqual([4242]);
  });

  test("a client the instance does not serve is not marked connected", async () => {
    deps.onClientPid = () => false;
    expect(await notify("ide_connected", { pid: 4343 })).toBeUndefined();
    expect(peer.clientPid).toBe(4343);
    expect(peer.connectedAt).toBeUndefined();
    expectError(await callTool("getWorkspaceFolders"), ErrorCode.InvalidRequest);
  });

  test("ping answers an empty object", async () => {
    expect(await request("ping", undefined, "p")).toEqual({ jsonrpc: "2.0", id: "p", result: {} });
  });

  test("a null id is still a request, and is answered", async () => {
    expect(await send({ jsonrpc: "2.0", id: null, method: "ping" })).toEqual({ jsonrpc: "2.0", id: null, result: {} });
  });
});

describe("tools", () => {
  test("tools/list lists exactly the registry's tools, with their schemas, and no executeCode", async () => {
    const listed = ((await request("tools/list"))?.result as { tools: { name: string; description: string; inputSchema: unknown }[] })
      .tools;
    expect(listed.map((t) => t.name).sort()).toEqual([...tools.keys()].sort());
    expect(listed.map((t) => t.name)).not.toContain("executeCode");
    for (const t of listed) {
      expect(t.inputSchema).toEqual(tools.get(t.name)!.input.json);
      expect(t.description.length).toBeGreaterThan(0);
    }
  });

  test("tools/call runs the tool with the connection's context", async () => {
    const response = await callTool("getWorkspaceFolders", {});
    expect(response?.id).toBe(1);
    expect(jsonOf(resultOf(response)).rootPath).toBe(workspace());
  });

  test("tools/call without arguments is a call with none", async () => {
    expect(jsonOf(resultOf(await callTool("getOpenEditors")))).toEqual({ tabs: [] });
  });

  test("an unknown tool is invalid params, naming it", async () => {
    expect(expectError(await callTool("executeCode", { code: "1" }), ErrorCode.InvalidParams)).toContain("executeCode");
  });

  test("a missing tool name is invalid params", async () => {
    expect(expectError(await request("tools/call", {}), ErrorCode.InvalidParams)).toContain("params.name");
  });

  test("bad arguments are invalid params naming the field, and the tool does not run", async () => {
    let ran = false;
    const spy = defineTool({
      name: "spy",
      description: "",
      input: s.object({ count: s.integer() }),
      handler: () => {
        ran = true;
        return text("ran");
      },
    });
    withTools(spy);
    expect(expectError(await callTool("spy", { count: "2" }), ErrorCode.InvalidParams)).toContain("arguments.count");
    expect(expectError(await callTool("openDiff", { tab_name: 5 }), ErrorCode.InvalidParams)).toContain("arguments.old_file_path");
    expect(expectError(await callTool("close_tab", { tab_name: 5 }), ErrorCode.InvalidParams)).toContain("arguments.tab_name");
    expect(ran).toBe(false);
  });

  test("a tool that throws is a failed call (isError), not a protocol error, and is logged", async () => {
    const boom = (name: string, handler: () => never | Promise<never>) => defineTool({ name, description: "", input: s.object({}), handler });
    withTools(
      boom("sync", () => {
        throw new Error("kaput");
      }),
      boom("async", async () => {
        throw new Error("later");
      }),
    );
    for (const [name, message] of [["sync", "kaput"], ["async", "later"]] as const) {
      const response = await callTool(name, {});
      expect(response?.error).toBeUndefined();
      expect(response?.result).toMatchObject({ isError: true, content: [{ type: "text", text: expect.stringContaining(message) }] });
      expect(logs.join("\n")).toContain(message);
    }
  });
});

describe("malformed messages", () => {
  test("invalid JSON is a parse error with a null id", async () => {
    for (const raw of ["{", "", "{'jsonrpc':'2.0'}", '{"jsonrpc":"2.0","id":1,"method":"ping"'] as const) {
      expectError(await send(raw), ErrorCode.ParseError, null);
    }
  });

  test("a message that is not an object is an invalid request with a null id", async () => {
    for (const raw of ["42", "null", '"ping"', "true", "[]", '[{"jsonrpc":"2.0","id":1,"method":"ping"}]']) {
      expectError(await send(raw), ErrorCode.InvalidRequest, null);
    }
  });

  test("a request without jsonrpc 2.0 or a string method is an invalid request, keeping its id", async () => {
    expectError(await send({ id: 3, method: "ping" }), ErrorCode.InvalidRequest, 3);
    expectError(await send({ jsonrpc: "1.0", id: 3, method: "ping" }), ErrorCode.InvalidRequest, 3);
    expectError(await send({ jsonrpc: "2.0", id: 3, method: 7 }), ErrorCode.InvalidRequest, 3);
    expectError(await send({ jsonrpc: "2.0", id: 3 }), ErrorCode.InvalidRequest, 3);
  });

  test("an id that is not a string, number or null is an invalid request answered with a null id", async () => {
    expectError(await send({ jsonrpc: "2.0", id: { x: 1 }, method: "ping" }), ErrorCode.InvalidRequest, null);
  });

  test("params that are not an object are an invalid request", async () => {
    for (const params of ["x", 5, null, true]) {
      expectError(await request("ping", params), ErrorCode.InvalidRequest);
    }
  });

  test("an unknown method is method-not-found, keeping its id", async () => {
    expect(expectError(await request("resources/list", {}, "r1"), ErrorCode.MethodNotFound, "r1")).toContain("resources/list");
  });

  test("names inherited from Object.prototype are not methods", async () => {
    for (const method of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expectError(await request(method), ErrorCode.MethodNotFound);
    }
  });
});

describe("silence", () => {
  test("notifications never get a response, even unknown ones or ones with bad params", async () => {
    expect(await notify("notifications/cancelled", { requestId: 1 })).toBeUndefined();
    expect(await notify("no/such/notification")).toBeUndefined();
    expect(await notify("ide_connected", { pid: "not a pid" })).toBeUndefined();
    expect(await notify("ide_connected")).toBeUndefined();
    // A method that only exists as a request is still a notification when sent without an id.
    expect(await notify("tools/call", { name: "nope" })).toBeUndefined();
    expect(peer.clientPid).toBeUndefined();
    expect(pids).toEqual([]);
  });

  test("responses from the client are not answered", async () => {
    expect(await send({ jsonrpc: "2.0", id: 7, result: {} })).toBeUndefined();
    expect(await send({ jsonrpc: "2.0", id: 7, error: { code: -1, message: "no" } })).toBeUndefined();
  });
});
