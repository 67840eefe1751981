// The control channel: editors and shells hand notifications to Claude through the instance's own
// server, signed with the token from the owner-only lock file (proof.ts; the client is client.ts).
// A control request is plain HTTP: it never becomes an MCP peer and never reaches a tool.
import { s, SchemaError, type Infer } from "./schema.ts";
import type { SelectionStore } from "./selection.ts";

export const NOTIFY_PATH = "/cc-wt/notify";

/** How long a notification may wait for claude to connect, unless the request says otherwise. */
export const DEFAULT_WAIT_MS = 10_000;
export const MAX_WAIT_MS = 60_000;

const position = s.object({ line: s.integer(), character: s.integer() });

/** The notifications cc-wt forwards, with the shapes the client validates (protocol.md §6). */
export const NOTIFICATIONS = {
  at_mentioned: s.object({
    filePath: s.string(),
    lineStart: s.optional(s.integer()),
    lineEnd: s.optional(s.integer()),
  }),
  selection_changed: s.object({
    text: s.string(),
    filePath: s.string(),
    fileUrl: s.optional(s.string()),
    selection: s.object({ start: position, end: position, isEmpty: s.boolean() }),
  }),
};

export type NotificationMethod = keyof typeof NOTIFICATIONS;
export type NotificationParams<M extends NotificationMethod> = Infer<(typeof NOTIFICATIONS)[M]>;

export interface Notifier {
  /** Sends to every ready client, waiting up to waitMs for one; resolves to how many got it. */
  notify(method: string, params: unknown, waitMs: number): Promise<number>;
  selection: SelectionStore;
}

const problem = (status: number, error: string) => Response.json({ error }, { status });

export async function handleNotify(text: string, query: URLSearchParams, target: Notifier): Promise<Response> {
  let body: { method?: unknown; params?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return problem(400, "the body must be JSON: {method, params}");
  }
  const method = body?.method;
  if (typeof method !== "string" || !Object.hasOwn(NOTIFICATIONS, method)) {
    return problem(400, `method must be one of ${Object.keys(NOTIFICATIONS).join(", ")}`);
  }
  let params: unknown;
  try {
    params = NOTIFICATIONS[method as NotificationMethod].parse(body.params, "params");
  } catch (e) {
    if (e instanceof SchemaError) return problem(400, e.message);
    throw e;
  }
  // The selection is the editor state getCurrentSelection/getLatestSelection answer from,
  // whether or not a client is there to be told right now.
  if (method === "selection_changed") target.selection.latest = params as NotificationParams<"selection_changed">;
  const wait = Number(query.get("wait") ?? DEFAULT_WAIT_MS);
  const delivered = await target.notify(method, params, Number.isFinite(wait) ? Math.min(Math.max(wait, 0), MAX_WAIT_MS) : DEFAULT_WAIT_MS);
  return delivered
    ? Response.json({ delivered })
    : problem(503, "claude has not connected to this cc-wt yet");
}
