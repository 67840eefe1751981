// The control channel (POST /cc-wt/notify): signed with the token (the token itself never
// travels), never an MCP peer, and holding notifications until a client is ready for them.
import { afterEach, expect, test } from "bun:test";
import { AUTH_HEADER } from "../../src/ide/auth.ts";
import { callInstance } from "../../src/control/client.ts";
import { NOTIFY_PATH } from "../../src/control/routes.ts";
import { CHALLENGE_HEADER, newNonce, NONCE_HEADER, requestSignature, SIGNATURE_HEADER } from "../../src/control/proof.ts";
import { HELLO_PATH } from "../../src/control/routes.ts";
import { READY_AFTER_MS } from "../../src/ide/server.ts";
import { cleanup, connect, expectServes, lockOf, startTestServer, type Client, type TestServer } from "../helpers/server.ts";

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

/** As cc-wt --mention sends it: proven and signed. */
function post(ts: TestServer, body: unknown, { wait = 3000 } = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return callInstance(lockOf(ts), { method: "POST", target: `${NOTIFY_PATH}?wait=${wait}`, body: text, timeoutMs: wait + 5000 });
}

/** Unsigned, or signed wrongly: as anyone else on the machine might try. */
function postRaw(ts: TestServer, body: unknown, headers: Record<string, string>) {
  return fetch(`http://127.0.0.1:${ts.server.port}${NOTIFY_PATH}?wait=0`, { method: "POST", headers, body: JSON.stringify(body) });
}

/** A client as claude is after start-up: it has said ide_connected. */
async function connectedClient(ts: TestServer): Promise<Client> {
  const client = await connect(ts);
  await client.request("initialize", { protocolVersion: "2025-11-25" });
  client.ws.send(JSON.stringify({ jsonrpc: "2.0", method: "ide_connected", params: { pid: process.pid } }));
  await client.request("ping");
  return client;
}

test("unsigned, wrongly signed, replayed, with the raw token, or from a browser: nothing is sent and the server keeps serving", async () => {
  const ts = startTestServer();
  const client = await connectedClient(ts);
  const hello = async () =>
    ((await (await fetch(`http://127.0.0.1:${ts.server.port}${HELLO_PATH}`, { headers: { [CHALLENGE_HEADER]: newNonce() } })).json()) as { nonce: string }).nonce;
  const body = new TextEncoder().encode(JSON.stringify(mention));
  const signed = (nonce: string, token = ts.token) => ({
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: requestSignature(token, nonce, "POST", `${NOTIFY_PATH}?wait=0`, body),
  });
  expect((await postRaw(ts, mention, {})).status).toBe(401);
  // The token itself is no longer a key to the control channel: only a signature is.
  expect((await postRaw(ts, mention, { [AUTH_HEADER]: ts.token })).status).toBe(401);
  expect((await postRaw(ts, mention, signed(await hello(), "wrong-token"))).status).toBe(401);
  expect((await postRaw(ts, mention, signed(newNonce()))).status).toBe(401); // a nonce the server never issued
  const nonce = await hello();
  expect((await postRaw(ts, mention, { ...signed(nonce), origin: "https://evil.example" })).status).toBe(403);
  // A right signature is good once: the nonce is spent by the first use.
  const once = await hello();
  expect((await postRaw(ts, mention, signed(once))).status).toBe(503); // accepted; no client ready within wait=0
  expect((await postRaw(ts, mention, signed(once))).status).toBe(401);
  // The answer to a challenge is never a valid signature (the two MACs carry different labels).
  const challenge = newNonce();
  const answer = ((await (await fetch(`http://127.0.0.1:${ts.server.port}${HELLO_PATH}`, { headers: { [CHALLENGE_HEADER]: challenge } })).json()) as { answer: string }).answer;
  expect((await postRaw(ts, mention, { [NONCE_HEADER]: challenge, [SIGNATURE_HEADER]: answer })).status).toBe(401);
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
