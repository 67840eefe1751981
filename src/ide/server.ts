// The IDE server of one cc-wt instance: WebSocket transport, authentication and per-connection
// bookkeeping. Protocol logic lives in rpc.ts, tools in tools/, shared editor state beside them.
import type { ServerWebSocket } from "bun";
import { STATUS_PATH } from "../status.ts";
import { checkRequest, checkUpgrade, SUBPROTOCOL, type Verdict } from "./auth.ts";
import { DiffRegistry } from "./diffs.ts";
import { dispatch, ErrorCode, type DispatchDeps, type Peer } from "./rpc.ts";
import { SelectionStore } from "./selection.ts";
import { toolList, tools } from "./tools/index.ts";

/** openDiff carries whole files; Bun's 16 MiB default is too small for large ones (protocol.md §3). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface IdeServerOptions {
  workspace: string;
  token: string;
  log?: (message: string) => void;
  /** Inclusive port range to bind in; port 0 (any free port) when absent. */
  portRange?: readonly [number, number];
  /** Seconds without traffic before a peer is pinged and then dropped. */
  idleTimeout?: number;
  onClientPid?: (pid: number) => void;
  /** The instance's self-report for `cc-wt --list`, served at STATUS_PATH to token holders. */
  status?: () => unknown;
}

export interface IdeServer {
  readonly port: number;
  readonly peers: ReadonlySet<Peer>;
  readonly diffs: DiffRegistry;
  readonly selection: SelectionStore;
  stop(): Promise<void>;
}

type Socket = ServerWebSocket<{ peer: Peer }>;

export function startIdeServer(opts: IdeServerOptions): IdeServer {
  const log = opts.log ?? (() => {});
  const diffs = new DiffRegistry();
  const selection = new SelectionStore();
  const sockets = new Map<Peer, Socket>();
  let nextPeer = 1;

  const deps: DispatchDeps = {
    tools,
    toolList,
    context: (peer) => ({ workspace: opts.workspace, diffs, selection, peer: peer.id }),
    onClientPid: (peer, pid) => {
      log(`peer ${peer.id}: ide_connected pid=${pid}`);
      opts.onClientPid?.(pid);
    },
    log,
  };

  const handlers = {
    fetch(req: Request, server: Bun.Server<{ peer: Peer }>) {
      const refuse = (verdict: Verdict & { ok: false }) => {
        log(`refused ${req.method} ${new URL(req.url).pathname}: ${verdict.status} ${verdict.reason}`);
        return new Response(`${verdict.reason}\n`, { status: verdict.status });
      };
      // A status read is a plain authenticated GET: it never becomes a peer and never reaches MCP.
      if (req.method === "GET" && opts.status && new URL(req.url).pathname === STATUS_PATH) {
        const verdict = checkRequest(req, opts.token);
        return verdict.ok ? Response.json(opts.status()) : refuse(verdict);
      }
      const verdict = checkUpgrade(req, opts.token);
      if (!verdict.ok) return refuse(verdict);
      const peer: Peer = { id: nextPeer++, initialized: false };
      if (server.upgrade(req, { headers: { "Sec-WebSocket-Protocol": SUBPROTOCOL }, data: { peer } })) return undefined;
      return new Response("WebSocket upgrade failed\n", { status: 400 });
    },
    websocket: {
      maxPayloadLength: MAX_MESSAGE_BYTES,
      idleTimeout: opts.idleTimeout ?? 30,
      sendPings: true,
      open(ws: Socket) {
        sockets.set(ws.data.peer, ws);
        log(`peer ${ws.data.peer.id}: connected from ${ws.remoteAddress}`);
      },
      async message(ws: Socket, message: string | Buffer) {
        const { peer } = ws.data;
        if (typeof message !== "string") {
          send(ws, { jsonrpc: "2.0", id: null, error: { code: ErrorCode.ParseError, message: "Binary frames are not JSON-RPC" } });
          return;
        }
        log(`peer ${peer.id} => ${message.length > 300 ? `${message.slice(0, 300)}… (${message.length} bytes)` : message}`);
        const response = await dispatch(message, peer, deps);
        if (response) send(ws, response);
      },
      close(ws: Socket, code: number, reason: string) {
        const { peer } = ws.data;
        sockets.delete(peer);
        diffs.dropPeer(peer.id);
        log(`peer ${peer.id}: closed ${code} ${reason}`);
      },
      error(error: Error, ws: Socket) {
        log(`peer ${ws.data.peer.id}: handler error ${error.stack ?? error.message}`);
      },
    },
  };

  function send(ws: Socket, value: unknown) {
    // The peer may have gone while a blocking call (openDiff) was pending.
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(value));
  }

  const server = bind(opts.portRange, (port) =>
    Bun.serve<{ peer: Peer }>({ hostname: "127.0.0.1", port, ...handlers }),
  );
  log(`listening on 127.0.0.1:${server.port} for ${opts.workspace}`);

  return {
    port: server.port!,
    get peers() {
      return new Set(sockets.keys());
    },
    diffs,
    selection,
    async stop() {
      diffs.shutdown();
      // Let the shutdown answers reach the client before the sockets close.
      for (const ws of sockets.values()) ws.close(1001, "cc-wt is stopping");
      await server.stop(true);
    },
  };
}

/** Binding is the only race-free way to own a port: try the range in order, never probe first. */
function bind<S>(range: readonly [number, number] | undefined, serve: (port: number) => S): S {
  if (!range) return serve(0);
  const [lo, hi] = range;
  for (let port = lo; port <= hi; port++) {
    try {
      return serve(port);
    } catch (e) {
      if ((e as { code?: string }).code !== "EADDRINUSE") throw e;
    }
  }
  throw new Error(`no free port in ${lo}-${hi}: every port in the range is in use (set CC_WT_PORT_RANGE to a wider range)`);
}
