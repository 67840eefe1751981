import { mkdtempSync, rmSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTH_HEADER, newToken } from "../../src/ide/auth.ts";
import type { RpcResponse } from "../../src/ide/rpc.ts";
import type { FoundLock } from "../../src/lockfile.ts";
import { startIdeServer, type IdeServer, type IdeServerOptions } from "../../src/ide/server.ts";

export interface TestServer {
  server: IdeServer;
  token: string;
  workspace: string;
}

const cleanups: (() => void | Promise<void>)[] = [];

/** Undoes every server and client started since the last call; for afterEach. */
export async function cleanup(): Promise<void> {
  for (const undo of cleanups.splice(0).reverse()) await undo();
}

/** A real server on a free port, with a fresh workspace and token. */
export function startTestServer(options: Partial<IdeServerOptions> = {}): TestServer {
  const workspace = mkdtempSync(join(tmpdir(), "cc-wt-server-"));
  cleanups.push(() => rmSync(workspace, { recursive: true, force: true }));
  const token = newToken();
  const server = startIdeServer({ workspace, token, ...options });
  cleanups.push(() => server.stop());
  return { server, token, workspace };
}

/** The lock a real instance would have written for this server: what cc-wt's own clients start from. */
export const lockOf = (ts: TestServer): FoundLock => ({
  path: join(ts.workspace, `${ts.server.port}.lock`),
  port: ts.server.port,
  lock: { pid: process.pid, workspaceFolders: [ts.workspace], ideName: "cc-wt", transport: "ws", authToken: ts.token, runningInWindows: false },
});

/** Anything the server sent, parsed; a JSON-RPC response in every case the server handles. */
type Message = RpcResponse & Record<string, unknown>;

/** A client that speaks to the server as the Claude client does: one JSON-RPC message per text frame. */
export class Client {
  readonly closed: Promise<CloseEvent>;
  readonly #inbox: Message[] = [];
  readonly #waiting = new Set<() => void>();
  #nextId = 1;

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      this.#inbox.push(JSON.parse(String(e.data)));
      this.#wakeAll();
    });
    this.closed = new Promise((resolve) => ws.addEventListener("close", resolve));
    this.closed.then(() => this.#wakeAll());
  }

  #wakeAll() {
    for (const wake of this.#waiting) wake();
  }

  /** The next message, or the first that matches; fails, saying what came, before the test itself times out. */
  async next(matches: (m: Message) => boolean = () => true, timeoutMs = 3000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.#inbox.findIndex(matches);
      if (i >= 0) return this.#inbox.splice(i, 1)[0]!;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error("the socket closed before the message came");
      const wait = deadline - Date.now();
      if (wait <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.#inbox)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, wait);
        this.#waiting.add(wake);
      });
    }
  }

  /** Sends a request without waiting; the promise is its response. */
  request(method: string, params?: unknown): Promise<Message> {
    const id = this.#nextId++;
    this.ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    return this.next((m) => m.id === id);
  }

  callTool(name: string, args: Record<string, unknown> = {}): Promise<Message> {
    return this.request("tools/call", { name, arguments: args });
  }

  /** Messages received but not yet taken by next(). */
  get unread(): readonly Message[] {
    return this.#inbox;
  }
}

/** Opens an authenticated client (or, with other headers, tries to); rejects if the socket does not open. */
export async function connect(
  { server, token }: TestServer,
  headers: Record<string, string> = { [AUTH_HEADER]: token },
): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { headers, protocols: ["mcp"] });
  const client = new Client(ws);
  cleanups.push(() => ws.close());
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve());
    ws.addEventListener("close", (e) => reject(new Error(`the socket closed before it opened (${e.code})`)));
  });
  return client;
}

/** A fresh client can still connect and be served: whatever came before did not break the server. */
export async function expectServes(ts: TestServer): Promise<void> {
  const client = await connect(ts);
  const response = await client.request("tools/list");
  if (!Array.isArray((response.result as { tools?: unknown })?.tools)) {
    throw new Error(`a fresh client was not served: ${JSON.stringify(response)}`);
  }
  client.ws.close();
}

export interface RawResponse {
  status: number;
  headers: Headers;
}

/** Sends a handcrafted HTTP request over TCP and reads the response head: no client library second-guesses the headers. */
export function rawRequest(port: number, head: string, host = "127.0.0.1"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port }, () => socket.write(`${head}\r\n\r\n`));
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.destroy();
      const [statusLine, ...lines] = received.slice(0, end).split("\r\n");
      const headers = new Headers(lines.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine!.split(" ")[1]), headers });
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`closed without a response head: ${JSON.stringify(received)}`)));
  });
}

/** A WebSocket upgrade as the Claude client sends it (docs/protocol.md, "Transport"); lower-case keys replace, null drops. */
export function rawUpgrade({ server, token }: TestServer, changes: Record<string, string | null> = {}): Promise<RawResponse> {
  const headers: Record<string, string | null> = {
    host: `127.0.0.1:${server.port}`,
    upgrade: "websocket",
    connection: "Upgrade",
    "sec-websocket-key": Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"),
    "sec-websocket-version": "13",
    "sec-websocket-protocol": "mcp",
    [AUTH_HEADER]: token,
    ...changes,
  };
  const lines = Object.entries(headers).flatMap(([k, v]) => (v === null ? [] : [`${k}: ${v}`]));
  return rawRequest(server.port, ["GET / HTTP/1.1", ...lines].join("\r\n"));
}

/** Whether a TCP connection to host:port is accepted. */
export function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port, timeout: 2000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
