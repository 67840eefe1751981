// The IDE server of one cc-wt instance: WebSocket transport, authentication and per-connection
// bookkeeping. Protocol logic lives in rpc.ts, tools in tools/, shared editor state beside them.
import type { ServerWebSocket } from "bun";
import { EVENTS_PATH } from "../alerts/stream.ts";
import { STATUS_PATH } from "../status.ts";
import { checkRequest, checkUpgrade, SUBPROTOCOL, type Verdict } from "./auth.ts";
import { handleNotify, NOTIFY_PATH } from "./control.ts";
import type { ToolContext } from "./context.ts";
import { DiffRegistry } from "./diffs.ts";
import { dispatch, ErrorCode, type DispatchDeps, type Peer } from "./rpc.ts";
import { reclaimer } from "./reclaim.ts";
import { SelectionStore } from "./selection.ts";
import { advertisedTools, tools } from "./tools/index.ts";

/**
 * The client drops notifications sent in its first moments after ide_connected (protocol.md §6):
 * they are held until a client has been connected this long.
 */
export const READY_AFTER_MS = 1000;

/** openDiff carries whole files; Bun's 16 MiB default is too small for large ones (protocol.md §3). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * How a client that is not this instance's own is sent away: the client recognises exactly this
 * code and reason, says the IDE "switched to another Claude Code session" and does not reconnect
 * (docs/protocol.md).
 */
export const SUPERSEDED = { code: 4001, reason: "Another Claude Code session connected to this IDE" } as const;

export interface IdeServerOptions {
  workspace: string;
  token: string;
  log?: (message: string) => void;
  /** Inclusive port range to bind in; port 0 (any free port) when absent. */
  portRange?: readonly [number, number];
  /** Seconds between pings; a peer that has said nothing (not even a pong) for two is dropped. */
  pingInterval?: number;
  onClientPid?: (pid: number) => void;
  /**
   * Whether a client announcing this pid (ide_connected) is the one this instance serves. Any other
   * Claude of the same user can read the lock and connect; it is closed with SUPERSEDED and never
   * reaches onClientPid or notifications. Absent: every client is served.
   */
  ownsClient?: (pid: number) => boolean;
  /** Given to the client in initialize (docs/protocol.md: it reaches the model's context). */
  instructions?: string;
  /** The instance's self-report for `cc-wt --list`, served at STATUS_PATH to token holders. */
  status?: () => unknown;
  /** The instance's live events (server-sent events), served at EVENTS_PATH to token holders. */
  events?: () => Response;
  /** Where openDiff shows proposed edits; none by default. */
  diffViews?: ToolContext["diffViews"];
  /** Language-server diagnostics; none by default. */
  diagnostics?: ToolContext["diagnostics"];
}

export interface IdeServer {
  readonly port: number;
  readonly peers: ReadonlySet<Peer>;
  readonly diffs: DiffRegistry;
  readonly selection: SelectionStore;
  /** Sends a notification to every ready client, waiting up to waitMs for one; resolves to the count. */
  notify(method: string, params: unknown, waitMs: number): Promise<number>;
  stop(): Promise<void>;
}

type Socket = ServerWebSocket<{ peer: Peer }>;

export function startIdeServer(opts: IdeServerOptions): IdeServer {
  const log = opts.log ?? (() => {});
  const diffs = new DiffRegistry();
  const selection = new SelectionStore();
  const sockets = new Map<Peer, Socket>();
  /** When each peer was last heard from (any message or pong). */
  const lastHeard = new Map<Peer, number>();
  /** Messages being handled; stop() lets them answer before the sockets close. */
  const inflight = new Set<Promise<unknown>>();
  let nextPeer = 1;
  const reclaim = reclaimer();

  const deps: DispatchDeps = {
    tools,
    get toolList() {
      return advertisedTools({ diagnostics: opts.diagnostics?.available() ?? false });
    },
    instructions: opts.instructions,
    context: (peer) => ({ workspace: opts.workspace, diffs, selection, diffViews: opts.diffViews,
      diagnostics: opts.diagnostics,
      log,
      peer: peer.id,
    }),
    onClientPid: (peer, pid) => {
      if (opts.ownsClient && !opts.ownsClient(pid)) {
        log(`peer ${peer.id}: ide_connected pid=${pid} is not this instance's claude; closing it (${SUPERSEDED.code})`);
        // The client heeds the close code only once it has finished connecting (tools/list follows
        // ide_connected at once); closed sooner, it takes it for a failed connection and says nothing.
        setTimeout(() => sockets.get(peer)?.close(SUPERSEDED.code, SUPERSEDED.reason), READY_AFTER_MS);
        return false;
      }
      log(`peer ${peer.id}: ide_connected pid=${pid}`);
      opts.onClientPid?.(pid);
      return true;
    },
    log,
  };

  const handlers = {
    fetch(req: Request, server: Bun.Server<{ peer: Peer }>) {
      const refuse = (verdict: Verdict & { ok: false }) => {
        log(`refused ${req.method} ${new URL(req.url).pathname}: ${verdict.status} ${verdict.reason}`);
        return new Response(`${verdict.reason}\n`, { status: verdict.status });
      };
      // Control requests are plain authenticated HTTP: they never become peers, never reach MCP.
      const route = controlRoutes[`${req.method} ${new URL(req.url).pathname}`];
      if (route) {
        const verdict = checkRequest(req, opts.token);
        return verdict.ok ? route(req) : refuse(verdict);
      }
      const verdict = checkUpgrade(req, opts.token);
      if (!verdict.ok) return refuse(verdict);
      const peer: Peer = { id: nextPeer++, initialized: false };
      if (server.upgrade(req, { headers: { "Sec-WebSocket-Protocol": SUBPROTOCOL }, data: { peer } })) return undefined;
      return new Response("WebSocket upgrade failed\n", { status: 400 });
    },
    websocket: {
      maxPayloadLength: MAX_MESSAGE_BYTES,
      // Liveness is ours (below): one explicit interval and drop rule, tested, rather than Bun's idle timer.
      idleTimeout: 0,
      sendPings: false,
      open(ws: Socket) {
        sockets.set(ws.data.peer, ws);
        lastHeard.set(ws.data.peer, Date.now());
        log(`peer ${ws.data.peer.id}: connected from ${ws.remoteAddress}`);
      },
      pong(ws: Socket) {
        lastHeard.set(ws.data.peer, Date.now());
      },
      async message(ws: Socket, message: string | Buffer) {
        const { peer } = ws.data;
        lastHeard.set(peer, Date.now());
        if (typeof message !== "string") {
          send(ws, { jsonrpc: "2.0", id: null, error: { code: ErrorCode.ParseError, message: "Binary frames are not JSON-RPC" } });
          return;
        }
        log(`peer ${peer.id} => ${message.length > 300 ? `${message.slice(0, 300)}… (${message.length} bytes)` : message}`);
        const handled = dispatch(message, peer, deps).then((response) => response && send(ws, response));
        inflight.add(handled);
        // Counted once handled: a diff's contents become garbage when the diff is settled, not when it arrives.
        await handled.finally(() => {
          inflight.delete(handled);
          reclaim.handled(message.length);
        });
      },
      close(ws: Socket, code: number, reason: string) {
        const { peer } = ws.data;
        sockets.delete(peer);
        lastHeard.delete(peer);
        diffs.dropPeer(peer.id);
        log(`peer ${peer.id}: closed ${code} ${reason}`);
      },
      error(error: Error, ws: Socket) {
        log(`peer ${ws.data.peer.id}: handler error ${error.stack ?? error.message}`);
      },
    },
  };

  const ready = () => [...sockets].filter(([p]) => p.connectedAt !== undefined && Date.now() - p.connectedAt >= READY_AFTER_MS);

  async function notify(method: string, params: unknown, waitMs: number): Promise<number> {
    const deadline = Date.now() + waitMs;
    while (ready().length === 0 && Date.now() < deadline) await Bun.sleep(50);
    const to = ready();
    for (const [, ws] of to) send(ws, { jsonrpc: "2.0", method, params });
    log(`notify ${method} to ${to.length} client(s)`);
    return to.length;
  }

  const controlRoutes: Record<string, (req: Request) => Response | Promise<Response>> = {
    ...(opts.status && { [`GET ${STATUS_PATH}`]: () => Response.json(opts.status!()) }),
    ...(opts.events && { [`GET ${EVENTS_PATH}`]: opts.events }),
    [`POST ${NOTIFY_PATH}`]: (req) => handleNotify(req, { notify, selection }),
  };

  function send(ws: Socket, value: unknown) {
    // The peer may have gone while a blocking call (openDiff) was pending.
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(value));
  }

  // The client answers pings but sends none (protocol.md §3): a peer silent for two intervals is gone.
  const pingMs = (opts.pingInterval ?? 30) * 1000;
  const pinger = setInterval(() => {
    const now = Date.now();
    for (const [peer, ws] of sockets) {
      if (now - (lastHeard.get(peer) ?? now) > 2 * pingMs) {
        log(`peer ${peer.id}: no answer to pings for ${Math.round((now - lastHeard.get(peer)!) / 1000)} s, dropping it`);
        ws.terminate();
      } else ws.ping();
    }
  }, pingMs);
  pinger.unref();

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
    notify,
    async stop() {
      clearInterval(pinger);
      diffs.shutdown();
      // Let the answers that shutdown released (and any other in flight) reach the client before
      // the sockets close; a handler that hangs does not hold the exit for long.
      await Promise.race([Promise.allSettled(inflight), Bun.sleep(500)]);
      for (const ws of sockets.values()) ws.close(1001, "cc-wt is stopping");
      await server.stop(true);
      reclaim.stop();
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
