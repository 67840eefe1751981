// The control channel (POST /cc-wt/notify): authenticated like the socket, never an MCP peer,
// and holding notifications until a client is ready for them.
import { afterEach, expect, test } from "bun:test";
import { AUTH_HEADER } from "../../src/ide/auth.ts";
import { NOTIFY_PATH } from "../../src/ide/control.ts";
import { READY_AFTER_MS } from "../../src/ide/server.ts";
import { cleanup, connect, expectServes, startTestServer, type Client, type TestServer } from "./_helpers.ts";

afterEach(cleanup);

const mention = { method: "at_mentioned", params: { filePath: "/w/a.ts", lineStart: 2, lineEnd: 4 } };
const selection = {
  method: "selection_changed",
  params: {
    text: "two",
    filePath: "/w/a.ts",
    fileUrl: "file:///w/a.ts",
    selection: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 }, isEmpty: false },
  },
};

function post(ts: TestServer, body: unknown, { headers = { [AUTH_HEADER]: ts.token } as Record<string, string>, wait = 3000 } = {}) {
  return fetch(`http://127.0.0.1:${ts.server.port}${NOTIFY_PATH}?wait=${wait}`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A client as claude is after start-up: it has said ide_connected. */
async function connectedClient(ts: TestServer): Promise<Client> {
  const client = await connect(ts);
  await client.request("initialize", { protocolVersion: "2025-11-25" });
  client.ws.send(JSON.stringify({ jsonrpc: "2.0", method: "ide_connected", params: { pid: process.pid } }));
  await client.request("ping");
  return client;
}

test("without the token, or from a browser, nothing is sent and the server keeps serving", async () => {
  const ts = startTestServer();
  const client = await connectedClient(ts);
  expect((await post(ts, mention, { headers: {} })).status).toBe(401);
  expect((await post(ts, mention, { headers: { [AUTH_HEADER]: "wrong" } })).status).toBe(401);
  expect((await post(ts, mention, { headers: { [AUTH_HEADER]: ts.token, origin: "https://evil.example" } })).status).toBe(403);
  await Bun.sleep(READY_AFTER_MS + 100);
  expect(client.unread).toEqual([]);
  await expectServes(ts);
});

test("a control request cannot reach MCP: tool calls and unknown methods are refused", async () => {
  const ts = startTestServer();
  await connectedClient(ts);
  for (const body of [
    { method: "tools/call", params: { name: "openDiff", arguments: {} } },
    { method: "executeCode", params: {} },
    "not json",
  ]) {
    const res = await post(ts, body);
    expect(res.status).toBe(400);
  }
  expect(ts.server.diffs.size).toBe(0);
});

test("bad params are refused, naming the field, before anything is sent", async () => {
  const ts = startTestServer();
  const res = await post(ts, { method: "at_mentioned", params: { filePath: 7 } });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: string }).error).toContain("params.filePath must be a string");
});

test("a notification waits until the client is ready, then reaches it exactly as sent", async () => {
  const ts = startTestServer();
  const sent = post(ts, mention); // before anyone has connected
  await Bun.sleep(200);
  const client = await connectedClient(ts);
  const connectedAt = Date.now();
  const res = await sent;
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ delivered: 1 });
  const note = await client.next((m) => m.method === "at_mentioned");
  expect(Date.now() - connectedAt).toBeGreaterThanOrEqual(READY_AFTER_MS - 50);
  expect(note).toEqual({ jsonrpc: "2.0", ...mention } as never);
});

test("with no client within the wait, the answer is 503 and nothing is queued for later", async () => {
  const ts = startTestServer();
  const res = await post(ts, mention, { wait: 200 });
  expect(res.status).toBe(503);
  const client = await connectedClient(ts);
  await Bun.sleep(READY_AFTER_MS + 200);
  expect(client.unread).toEqual([]);
});

test("a selection becomes what getCurrentSelection and getLatestSelection answer", async () => {
  const ts = startTestServer();
  const client = await connectedClient(ts);
  expect((await post(ts, selection)).status).toBe(200);
  for (const tool of ["getCurrentSelection", "getLatestSelection"]) {
    const answer = await client.callTool(tool);
    const text = (answer.result as { content: { text: string }[] }).content[0]!.text;
    expect(JSON.parse(text)).toEqual({ success: true, ...selection.params });
  }
});
