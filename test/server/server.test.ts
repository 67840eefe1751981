import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { networkInterfaces } from "node:os";
import { AUTH_HEADER, newToken } from "../../src/ide/auth.ts";
import { callInstance } from "../../src/control/client.ts";
import { CHALLENGE_HEADER } from "../../src/control/proof.ts";
import { HELLO_PATH } from "../../src/control/routes.ts";
import { ErrorCode } from "../../src/ide/rpc.ts";
import { READY_AFTER_MS, SUPERSEDED } from "../../src/ide/server.ts";
import { tools } from "../../src/ide/tools/index.ts";
import { STATUS_PATH } from "../../src/control/routes.ts";
import { waitFor } from "../helpers/wait.ts";
import {
  cleanup,
  connect,
  expectServes,
  lockOf,
  rawRequest,
  rawUpgrade,
  startTestServer,
  tcpAccepts,
  type Client,
  type TestServer,
} from "../helpers/server.ts";

afterEach(cleanup);

const textOf = (response: { result?: unknown }) => (response.result as { content: { text: string }[] }).content[0]!.text;

const diffArgs = (tab_name: string, new_file_contents = "new\n") => ({
  old_file_path: "/w/a.txt",
  new_file_path: "/w/a.txt",
  new_file_contents,
  tab_name,
});

/** Sends openDiff and waits until the server holds it open, unanswered; resolves to its pending answer. */
async function openPendingDiff(ts: TestServer, client: Client, args: Record<string, unknown>) {
  const answer = client.callTool("openDiff", args);
  // Tests that drop the client never read the answer, which then fails with the socket.
  answer.catch(() => {});
  const before = ts.server.diffs.size;
  await waitFor(() => ts.server.diffs.size > before, 3000, () => "the diff never opened");
  // Answers come in order: had the diff been answered, its answer would be here before the ping's.
  await client.request("ping");
  expect(client.unread).toEqual([]);
  // Wrapped: awaiting this function must not wait for the answer itself.
  return { answer };
}

describe("an authenticated client", () => {
  test("gets the mcp subprotocol, and is served through the whole handshake and a tool call", async () => {
    const pids: number[] = [];
    const ts = startTestServer({ onClientPid: (pid) => pids.push(pid) });
    const client = await connect(ts);
    expect(client.ws.protocol).toBe("mcp");

    const init = await client.request("initialize", { protocolVersion: "2025-06-18", capabilities: {} });
    expect(init.result).toMatchObject({ protocolVersion: "2025-06-18", serverInfo: { name: "cc-wt" } });

    client.ws.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    client.ws.send(JSON.stringify({ jsonrpc: "2.0", method: "ide_connected", params: { pid: 4242 } }));
    const listed = await client.request("tools/list");
    // The notifications came first and were answered by silence.
    expect(client.unread).toEqual([]);
    expect(pids).toEqual([4242]);
    expect([...ts.server.peers]).toMatchObject([{ initialized: true, clientPid: 4242 }]);
    // No language server here: the model is not offered a diagnostics tool that could only answer nothing.
    expect((listed.result as { tools: { name: string }[] }).tools.map((t) => t.name).sort()).toEqual([...tools.keys()].filter((n) => n !== "getDiagnostics").sort());

    const folders = await client.callTool("getWorkspaceFolders");
    expect(JSON.parse(textOf(folders)).rootPath).toBe(ts.workspace);
  });

  test("the upgrade answer names the mcp subprotocol on the wire, even when offered among others", async () => {
    const ts = startTestServer();
    for (const offered of ["mcp", "chat, mcp"]) {
      const response = await rawUpgrade(ts, { "sec-websocket-protocol": offered });
      expect(response.status).toBe(101);
      expect(response.headers.get("sec-websocket-protocol")).toBe("mcp");
    }
  });
});

describe("one Claude per instance", () => {
  const hello = (client: Client, pid: number) => {
    client.ws.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    client.ws.send(JSON.stringify({ jsonrpc: "2.0", method: "ide_connected", params: { pid } }));
  };

  test("another client is closed with 4001 and the client's own reason; the instance's own stays, alone", async () => {
    const pids: number[] = [];
    const ts = startTestServer({ ownsClient: (pid) => pid === 100, onClientPid: (pid) => pids.push(pid) });
    const own = await connect(ts);
    await own.request("initialize", {});
    hello(own, 100);
    await own.request("ping");

    const other = await connect(ts);
    await other.request("initialize", {});
    hello(other, 200);
    const closed = await other.closed;
    expect({ code: closed.code, reason: closed.reason }).toEqual(SUPERSEDED);
    expect(SUPERSEDED).toEqual({ code: 4001, reason: "Another Claude Code session connected to this IDE" });

    // Never reported: the instance's claudePid, status and routing stay its own client's.
    expect(pids).toEqual([100]);
    expect(own.ws.readyState).toBe(WebSocket.OPEN);
    expect([...ts.server.peers].map((p) => p.clientPid)).toEqual([100]);
    expect((await own.callTool("getWorkspaceFolders")).result).toBeDefined();
  });

  test("notifications (mentions, selections) reach the instance's own client only", async () => {
    const ts = startTestServer({ ownsClient: (pid) => pid === 100 });
    const own = await connect(ts);
    hello(own, 100);
    await own.request("ping");
    const other = await connect(ts);
    hello(other, 200);
    await other.closed;
    await Bun.sleep(READY_AFTER_MS);
    expect(await ts.server.notify("at_mentioned", { filePath: "/w/a.ts" }, 0)).toBe(1);
    expect((await own.next((m) => m.method === "at_mentioned")).params).toEqual({ filePath: "/w/a.ts" });
  });

  test("the instance's own client may reconnect", async () => {
    const pids: number[] = [];
    const ts = startTestServer({ ownsClient: (pid) => pid === 100, onClientPid: (pid) => pids.push(pid) });
    const first = await connect(ts);
    hello(first, 100);
    await first.request("ping");
    first.ws.close();
    await first.closed;
    const again = await connect(ts);
    hello(again, 100);
    await again.request("ping");
    expect(again.ws.readyState).toBe(WebSocket.OPEN);
    expect(pids).toEqual([100, 100]);
  });
});

describe("the tools offered", () => {
  const names = (r: { result?: unknown }) => (r.result as { tools: { name: string }[] }).tools.map((t) => t.name);

  test("getDiagnostics is offered once a language server applies, and the client is told the list changed", async () => {
    let available = false;
    const diagnostics = { get: async () => [], track: () => {}, warm: () => {}, available: () => available };
    const ts = startTestServer({ diagnostics });
    const client = await connect(ts);
    const init = await client.request("initialize", {});
    expect(init.result).toMatchObject({ capabilities: { tools: { listChanged: true } } });
    expect(names(await client.request("tools/list"))).not.toContain("getDiagnostics");
    available = true;
    expect(names(await client.request("tools/list"))).toContain("getDiagnostics");
  });

  test("initialize carries the instance's instructions", async () => {
    const ts = startTestServer({ instructions: "This session owns the git worktree /w." });
    const client = await connect(ts);
    expect((await client.request("initialize", {})).result).toMatchObject({ instructions: "This session owns the git worktree /w." });
  });
});

describe("refused connections, after which the server still serves", () => {
  const refusals: [string, Record<string, string | null>, number][] = [
    ["a missing token", { [AUTH_HEADER]: null }, 401],
    ["a wrong token", { [AUTH_HEADER]: newToken() }, 401],
    ["an Origin header (a browser)", { origin: "https://evil.example" }, 403],
    ["a foreign Host (DNS rebinding)", { host: "evil.example:1234" }, 403],
    ["no mcp subprotocol", { "sec-websocket-protocol": null }, 400],
  ];
  for (const [label, changes, status] of refusals) {
    test(`${label}: ${status}`, async () => {
      const ts = startTestServer();
      expect((await rawUpgrade(ts, changes)).status).toBe(status);
      await expectServes(ts);
    });
  }

  test("a WebSocket client without the token never opens", async () => {
    const ts = startTestServer();
    await expect(connect(ts, {})).rejects.toThrow("closed before it opened");
    await expectServes(ts);
  });

  test("plain HTTP is never upgraded: 401 without the token, 426 with it", async () => {
    const ts = startTestServer();
    const url = `http://127.0.0.1:${ts.server.port}/`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { [AUTH_HEADER]: ts.token } })).status).toBe(426);
    expect(ts.server.peers.size).toBe(0);
    await expectServes(ts);
  });

  test("the status endpoint answers signed requests only (never the bare token), and never a browser", async () => {
    const ts = startTestServer({ status: () => ({ status: "idle" }) });
    const url = `http://127.0.0.1:${ts.server.port}${STATUS_PATH}`;
    const ok = await callInstance(lockOf(ts), { method: "GET", target: STATUS_PATH, timeoutMs: 3000 });
    expect(await ok.json()).toEqual({ status: "idle" });
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { [AUTH_HEADER]: ts.token } })).status).toBe(401);
    const head = `GET ${HELLO_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\norigin: https://evil.example\r\n${CHALLENGE_HEADER}: ${"a".repeat(43)}`;
    expect((await rawRequest(ts.server.port, head)).status).toBe(403);
  });
});

test("an error inside a route is logged, answered briefly, and the server keeps serving", async () => {
  const logged: string[] = [];
  const ts = startTestServer({
    log: (m) => logged.push(m),
    status: () => {
      throw new Error("status exploded");
    },
  });
  const res = await callInstance(lockOf(ts), { method: "GET", target: STATUS_PATH, timeoutMs: 3000 });
  expect(res.status).toBeGreaterThanOrEqual(400);
  const body = await res.text();
  expect(body.length).toBeLessThan(100);
  expect(body).not.toContain("status exploded");
  expect(logged.some((m) => m.includes("status exploded"))).toBe(true);
  await expectServes(ts);
});

describe("hostile messages are answered, and the server still serves", () => {
  let ts: TestServer;
  let client: Client;

  async function expectStillServed() {
    expect((await client.request("ping")).result).toEqual({});
    await expectServes(ts);
  }

  beforeEach(async () => {
    ts = startTestServer();
    client = await connect(ts);
  });

  test("malformed JSON: a parse error with a null id", async () => {
    client.ws.send('{"jsonrpc":"2.0","id":1,"method":');
    expect(await client.next()).toMatchObject({ id: null, error: { code: ErrorCode.ParseError } });
    await expectStillServed();
  });

  test("binary frames: a parse error", async () => {
    client.ws.send(new TextEncoder().encode(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })));
    expect(await client.next()).toMatchObject({ id: null, error: { code: ErrorCode.ParseError } });
    await expectStillServed();
  });

  test("unknown methods: method not found", async () => {
    expect(await client.request("resources/list")).toMatchObject({ error: { code: ErrorCode.MethodNotFound } });
    await expectStillServed();
  });

  test("unknown notifications: silence", async () => {
    client.ws.send(JSON.stringify({ jsonrpc: "2.0", method: "no/such/notification" }));
    await client.request("ping");
    expect(client.unread).toEqual([]);
    await expectStillServed();
  });

  test("deeply nested JSON: an error, not a crash", async () => {
    const depth = 100_000;
    client.ws.send("[".repeat(depth) + "]".repeat(depth));
    expect((await client.next()).error?.code).toBeOneOf([ErrorCode.ParseError, ErrorCode.InvalidRequest]);
    client.ws.send(`{"jsonrpc":"2.0","id":1,"method":"ping","params":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`);
    expect(await client.next()).toMatchObject({ id: 1, result: {} });
    await expectStillServed();
  });
});

describe("diffs", () => {
  test("a ~20 MiB openDiff, beyond Bun's default limit, is accepted and pends until close_tab", async () => {
    const ts = startTestServer();
    const client = await connect(ts);
    const diff = await openPendingDiff(ts, client, diffArgs("big", "x".repeat(20 * 1024 * 1024)));

    expect(textOf(await client.callTool("close_tab", { tab_name: "big" }))).toBe("TAB_CLOSED");
    expect((await diff.answer).result).toEqual({ content: [{ type: "text", text: "TAB_CLOSED" }] });
    expect(ts.server.diffs.size).toBe(0);
  });

  test("a client that disconnects with a diff pending leaves none behind", async () => {
    const ts = startTestServer();
    const client = await connect(ts);
    await openPendingDiff(ts, client, diffArgs("left"));
    client.ws.close();
    await waitFor(() => ts.server.diffs.size === 0, 3000, () => `${ts.server.diffs.size} diffs still pending`);
    await expectServes(ts);
  });

  test("a disconnecting client settles only its own diffs", async () => {
    const ts = startTestServer();
    const [leaving, staying] = [await connect(ts), await connect(ts)];
    await openPendingDiff(ts, leaving, diffArgs("theirs"));
    const mine = await openPendingDiff(ts, staying, diffArgs("mine"));
    leaving.ws.close();
    await waitFor(() => ts.server.diffs.size === 1, 3000, () => `${ts.server.diffs.size} diffs pending, not 1`);
    expect(textOf(await staying.callTool("closeAllDiffTabs"))).toBe("CLOSED_1_DIFF_TABS");
    expect(textOf(await mine.answer)).toBe("TAB_CLOSED");
  });

  test("stop() settles pending diffs and closes the sockets as going away", async () => {
    const ts = startTestServer();
    const client = await connect(ts);
    const pending = await openPendingDiff(ts, client, diffArgs("pending"));
    await ts.server.stop();
    expect(ts.server.diffs.size).toBe(0);
    // The blocked call is answered (as a failed tool call) before the socket goes.
    const answer = await pending.answer;
    expect(answer.result).toMatchObject({ isError: true, content: [{ type: "text", text: "cc-wt is shutting down" }] });
    expect((await client.closed).code).toBe(1001);
  });
});

describe("the debug log", () => {
  test("records what cc-wt answered, not only what it received: openDiff's outcome, close_tab, errors", async () => {
    const lines: string[] = [];
    const ts = startTestServer({ log: (m) => lines.push(m) });
    const client = await connect(ts);
    const { answer } = await openPendingDiff(ts, client, diffArgs("logged"));
    expect(textOf(await client.callTool("close_tab", { tab_name: "logged" }))).toBe("TAB_CLOSED");
    expect(textOf(await answer)).toBe("TAB_CLOSED");
    await client.request("no/such/method");
    const answers = lines.filter((l) => l.includes(" <= "));
    // close_tab's answer, then the openDiff it closed, then the error; each names the request it answers.
    expect(answers.some((l) => /"id":\d+,"result":\{"content":\[\{"type":"text","text":"TAB_CLOSED"\}/.test(l))).toBe(true);
    expect(answers.filter((l) => l.includes("TAB_CLOSED"))).toHaveLength(2);
    expect(answers.some((l) => l.includes('"error":{"code":-32601,"message":"Method not found: no/such/method"}'))).toBe(true);
    // Long messages are clipped in the log (whole files travel in openDiff).
    const big = "x".repeat(5000);
    await client.request("initialize", { protocolVersion: big });
    expect(lines.every((l) => l.length < 500)).toBe(true);
  });
});

describe("binding", () => {
  // Every address of this machine that is not loopback: the server must not be reachable on any.
  const otherAddresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal)
    .map((a) => a!.address);

  test.skipIf(otherAddresses.length === 0)("listens on 127.0.0.1 only", async () => {
    const { server } = startTestServer();
    expect(await tcpAccepts("127.0.0.1", server.port)).toBe(true);
    for (const address of otherAddresses) expect(await tcpAccepts(address, server.port)).toBe(false);
  });

  test("a port range is bound inside, skipping ports in use", () => {
    const busy = startTestServer().server.port;
    // The range begins (or, at the top of the port space, ends) at the busy port: binding must step past it.
    const range: [number, number] = busy + 10 <= 65535 ? [busy, busy + 10] : [busy - 10, busy];
    const { port } = startTestServer({ portRange: range }).server;
    expect(port).toBeGreaterThanOrEqual(range[0]);
    expect(port).toBeLessThanOrEqual(range[1]);
    expect(port).not.toBe(busy);
  });

  test("a full range fails, telling the user about CC_WT_PORT_RANGE", () => {
    const busy = startTestServer().server.port;
    expect(() => startTestServer({ portRange: [busy, busy] })).toThrow("CC_WT_PORT_RANGE");
  });
});

describe("liveness", () => {
  test("a peer that stops answering pings is dropped; one that answers stays", async () => {
    const ts = startTestServer({ pingInterval: 0.5 });
    const alive = await connect(ts); // Bun's client answers pings by itself
    // A raw socket completes the upgrade and then never answers anything.
    const { connect: tcp } = await import("node:net");
    const dead = tcp({ host: "127.0.0.1", port: ts.server.port });
    const deadClosed = new Promise<void>((r) => dead.on("close", () => r()));
    dead.on("error", () => {});
    dead.resume(); // read (and ignore) what the server sends, pings included, so its close is seen
    await new Promise<void>((r) => dead.on("connect", () => r()));
    dead.write(
      [
        "GET / HTTP/1.1",
        `host: 127.0.0.1:${ts.server.port}`,
        "upgrade: websocket",
        "connection: Upgrade",
        "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version: 13",
        "sec-websocket-protocol: mcp",
        `${AUTH_HEADER}: ${ts.token}`,
        "",
        "",
      ].join("\r\n"),
    );
    await waitFor(() => ts.server.peers.size === 2, 3000);
    const t0 = Date.now();
    await deadClosed;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(ts.server.peers.size).toBe(1);
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
    expect((await alive.request("ping")).result).toEqual({});
  }, 10_000);
});
