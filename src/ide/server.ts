// The IDE server of one cc-wt instance: WebSocket transport, authentication and per-connection
// bookkeeping. Protocol logic lives in rpc.ts, tools in tools/, shared editor state beside them.
import type { ServerWebSocket } from "bun";
import { EVENTS_PATH } from "../control/routes.ts";
import { STATUS_PATH } from "../control/routes.ts";
import { checkSource, checkUpgrade, SUBPROTOCOL, type Verdict } from "./auth.ts";
import { handleNotify } from "./notify.ts";
import { NOTIFY_PATH } from "../control/routes.ts";
import {
  bodyHash,
  challengeAnswer,
  CHALLENGE_HEADER,
  CLIENT_NONCE_HEADER,
  directSignature,
  isNonce,
  macsEqual,
  NONCE_HEADER,
  NonceBook,
  PROOF_HEADER,
  requestSignature,
  responseProof,
  SeenNonces,
  SIGNATURE_HEADER,
  STREAM,
  TIME_HEADER,
  timeIsFresh,
} from "../control/proof.ts";
import { HELLO_PATH } from "../control/routes.ts";
import { readCapped } from "../control/body.ts";
import type { ToolContext } from "./context.ts";
import { DiffRegistry } from "./diffs.ts";
import { dispatch, ErrorCode, type DispatchDeps, type Peer } from "./rpc.ts";
import { reclaimer } from "./reclaim.ts";
import { SelectionStore } from "./selection.ts";
import { advertisedTools, tools } from "./tools/index.ts";

/**
 * The client drops notifications sent in its first moments after ide_connected (docs/protocol.md, "Notifications cc-wt sends"):
 * they are held until a client has been connected this long.
 */
export const READY_AFTER_MS = 1000;

/** openDiff carries whole files; Bun's 16 MiB default is too small for large ones (docs/protocol.md, "Transport"). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** A control request carries a selection at most: 8 MiB is a large file's worth of text. */
export const MAX_CONTROL_BODY_BYTES = 8 * 1024 * 1024;
/** Control bodies read at once; past that a request is refused (503) rather than buffered. */
const MAX_CONTROL_BODIES = 4;

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
  /**
   * Seconds between pings; a peer that has said nothing (not even a pong) for two is dropped.
   * CC_WT_PING_INTERVAL sets it for a launched instance (the tests' way to see liveness quickly).
   */
  pingInterval?: number;
  onClientPid?: (pid: number) => void;
  /**
   * Whether a client announcing this pid (ide_connected) is the one this instance serves. Any other
   * Claude of the same user can read the lock and connect; it is closed with SUPERSEDED and never
   * reaches onClientPid or notifications. Absent: every client is served.
   */
  ownsClient?: (pid: number) => boolean;
  /** Given to the client in initialize (docs/protocol.md: it reaches the model's context). */
  instructions?: DispatchDeps["instructions"];
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
  /** The workspace the tools answer for from now on (the instance followed its client elsewhere). */
  moveTo(workspace: string): void;
  stop(): Promise<void>;
}

type Socket = ServerWebSocket<{ peer: Peer }>;

/** A message for the debug log: whole files travel in openDiff, so only its start is kept. */
const clip = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} bytes)` : text);

type ControlRoute = (body: string, url: URL) => Response | Promise<Response>;

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
  const nonces = new NonceBook();
  /** Client nonces of the direct requests accepted: none is accepted twice. */
  const seen = new SeenNonces();
  /** Control bodies being read now: anyone on the machine can ask for a nonce, so reading is bounded. */
  let bodiesInFlight = 0;
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

  /** Any request, however malformed, gets a short answer: nothing it sends can throw out of here. */
  async function answer(req: Request, server: Bun.Server<{ peer: Peer }>): Promise<Response | undefined> {
    // Bun builds req.url from the Host header: an empty or malformed one makes it unparseable.
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      log(`refused ${req.method} with an unparseable target or Host: 400`);
      return new Response("malformed request target or Host\n", { status: 400 });
    }
    const refuse = (verdict: Verdict & { ok: false }) => {
      log(`refused ${req.method} ${url.pathname}: ${verdict.status} ${verdict.reason}`);
      return new Response(`${verdict.reason}\n`, { status: verdict.status });
    };
    // Control requests are plain HTTP, proven with the token (proof.ts) rather than carrying it:
    // they never become peers, never reach MCP.
    if (url.pathname === HELLO_PATH || controlRoutes[`${req.method} ${url.pathname}`]) {
      const source = checkSource(req);
      if (!source.ok) return refuse(source);
      if (url.pathname === HELLO_PATH) return hello(req);
      const route = controlRoutes[`${req.method} ${url.pathname}`]!;
      if (req.headers.has(CLIENT_NONCE_HEADER)) return direct(req, url, route, refuse);
      const nonce = req.headers.get(NONCE_HEADER);
      const unsigned = { ok: false, status: 401, reason: "missing or wrong signature (ask /cc-wt/hello for a nonce first)" } as const;
      // The nonce is spent before anything else, whether or not the signature is right: one hello
      // buys one body at most, and no body is read for a request that cannot be signed.
      if (!nonces.take(nonce)) return refuse(unsigned);
      if (bodiesInFlight >= MAX_CONTROL_BODIES) return refuse({ ok: false, status: 503, reason: "busy: too many control requests at once" });
      bodiesInFlight++;
      let body: Uint8Array | undefined;
      try {
        body = await readCapped(req, MAX_CONTROL_BODY_BYTES);
      } finally {
        bodiesInFlight--;
      }
      if (!body) return refuse({ ok: false, status: 413, reason: `a control request carries at most ${MAX_CONTROL_BODY_BYTES} bytes` });
      const signature = requestSignature(opts.token, nonce ?? "", req.method, url.pathname + url.search, body);
      if (!macsEqual(req.headers.get(SIGNATURE_HEADER), signature)) return refuse(unsigned);
      return route(new TextDecoder().decode(body), url);
    }
    const verdict = checkUpgrade(req, opts.token);
    if (!verdict.ok) return refuse(verdict);
    const peer: Peer = { id: nextPeer++, initialized: false };
    if (server.upgrade(req, { headers: { "Sec-WebSocket-Protocol": SUBPROTOCOL }, data: { peer } })) return undefined;
    return new Response("WebSocket upgrade failed\n", { status: 400 });
  }

  /**
   * A direct request (one round trip, no body: proof.ts): fresh, signed, never seen before; its
   * answer carries the proof that this instance holds the token and is answering that request.
   */
  async function direct(req: Request, url: URL, route: ControlRoute, refuse: (v: Verdict & { ok: false }) => Response): Promise<Response> {
    const clientNonce = req.headers.get(CLIENT_NONCE_HEADER);
    const time = req.headers.get(TIME_HEADER);
    const refused = (reason: string, status = 401) => refuse({ ok: false, status, reason });
    // A body is only ever sent after the server proved itself (the challenge first): none is read here.
    if (req.method !== "GET") return refused("only a GET may be signed without a challenge (ask /cc-wt/hello first)", 400);
    if (!isNonce(clientNonce)) return refused(`${CLIENT_NONCE_HEADER} must be 22 to 86 base64url characters`, 400);
    if (!timeIsFresh(time)) return refused(`${TIME_HEADER} missing or too far from this instance's clock`);
    const target = url.pathname + url.search;
    if (!macsEqual(req.headers.get(SIGNATURE_HEADER), directSignature(opts.token, clientNonce, time, req.method, target))) {
      return refused("missing or wrong signature");
    }
    const admitted = seen.admit(clientNonce);
    if (admitted === "replayed") return refused("this request was already answered");
    if (admitted === "full") return refused("busy: too many direct requests within the window", 503);
    const res = await route("", url);
    // An event stream never ends: its proof covers the head, before any event.
    if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
      res.headers.set(PROOF_HEADER, responseProof(opts.token, clientNonce, res.status, STREAM));
      return res;
    }
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    headers.set(PROOF_HEADER, responseProof(opts.token, clientNonce, res.status, bodyHash(body)));
    return new Response(body, { status: res.status, headers });
  }

  /** The instance proves it holds the token (an answer to the caller's challenge) and hands out a nonce to sign with. */
  function hello(req: Request): Response {
    const challenge = req.headers.get(CHALLENGE_HEADER);
    if (req.method !== "GET" || !isNonce(challenge)) {
      return new Response(`GET with a ${CHALLENGE_HEADER} header of 22 to 86 base64url characters\n`, { status: 400 });
    }
    return Response.json({ answer: challengeAnswer(opts.token, challenge), nonce: nonces.issue() });
  }

  const handlers = {
    async fetch(req: Request, server: Bun.Server<{ peer: Peer }>) {
      try {
        return await answer(req, server);
      } catch (e) {
        log(`request handler error: ${(e as Error).stack ?? e}`);
        return new Response("bad request\n", { status: 400 });
      }
    },
    // Whatever escapes the handler: logged, answered briefly, never a page or a trace on claude's terminal.
    error(e: Error) {
      log(`server error: ${e.stack ?? e.message}`);
      return new Response("internal error\n", { status: 500 });
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
        log(`peer ${peer.id} => ${clip(message)}`);
        const handled = dispatch(message, peer, deps).then((response) => {
          if (!response) return;
          // What cc-wt answered matters as much as what it was asked (an openDiff's outcome, an error).
          log(`peer ${peer.id} <= ${clip(JSON.stringify(response))}`);
          send(ws, response);
        });
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

  /** Routes for cc-wt's own clients, reached once the request's signature checks out. */
  const controlRoutes: Record<string, ControlRoute> = {
    ...(opts.status && { [`GET ${STATUS_PATH}`]: () => Response.json(opts.status!()) }),
    ...(opts.events && { [`GET ${EVENTS_PATH}`]: () => opts.events!() }),
    [`POST ${NOTIFY_PATH}`]: (body, url) => handleNotify(body, url.searchParams, { notify, selection }),
  };

  function send(ws: Socket, value: unknown) {
    // The peer may have gone while a blocking call (openDiff) was pending.
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(value));
  }

  // The client answers pings but sends none (docs/protocol.md, "Transport"): a peer silent for two intervals is gone.
  const pingMs = (opts.pingInterval ?? 30) * 1000;
  let lastTick = Date.now();
  const pinger = setInterval(() => {
    const now = Date.now();
    // A tick this late means cc-wt itself was not running (SIGSTOP, a closed laptop lid): its
    // peers' pongs could not be seen, so their silence says nothing. Each gets a fresh interval.
    if (now - lastTick > 1.5 * pingMs) {
      log(`ping timer ran ${Math.round((now - lastTick) / 1000)} s after the last: cc-wt was suspended; re-arming every peer`);
      for (const peer of lastHeard.keys()) lastHeard.set(peer, now);
    }
    lastTick = now;
    for (const [peer, ws] of sockets) {
      if (now - (lastHeard.get(peer) ?? now) > 2 * pingMs) {
        log(`peer ${peer.id}: no answer to pings for ${Math.round((now - lastHeard.get(peer)!) / 1000)} s, dropping it`);
        ws.terminate();
      } else ws.ping();
    }
  }, pingMs);
  pinger.unref();

  const server = bind(opts.portRange, (port) =>
    // Not `development: false`: with it Bun 1.4.5 lets a second server bind a port already in use
    // (no EADDRINUSE). The error handler above keeps Bun's development error page away instead.
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
    moveTo(workspace) {
      log(`workspace is now ${workspace}`);
      opts.workspace = workspace; // the tools' context reads it at each call
    },
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
