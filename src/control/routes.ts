// The control channel's routes, beside the IDE's WebSocket on the same loopback port: every one
// takes only requests signed with the lock's token, after the instance proved itself (proof.ts),
// and none reaches an MCP tool. docs/control.md describes the exchange.

/** The challenge: GET, answered with a MAC of the challenge and a fresh nonce (proof.ts). */
export const HELLO_PATH = "/cc-wt/hello";

/** GET: the instance's report, an InstanceInfo (instances.ts). */
export const STATUS_PATH = "/cc-wt/status";

/** GET: server-sent events: a "status" frame holding the report at once and on every change, then each alert as raised. */
export const EVENTS_PATH = "/cc-wt/events";

/** The event whose data is the instance's whole report (as STATUS_PATH answers). */
export const STATUS_EVENT = "status";

/** POST {method, params}: one notification handed to the instance's Claude (notifications.ts). */
export const NOTIFY_PATH = "/cc-wt/notify";

/** How long a notification may wait for claude to connect, unless the request says otherwise. */
export const DEFAULT_WAIT_MS = 10_000;
export const MAX_WAIT_MS = 60_000;
