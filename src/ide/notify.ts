// The server's side of POST /cc-wt/notify: validate, hold until the client is ready, deliver.
// A control request is plain HTTP: it never becomes an MCP peer and never reaches a tool.
import { DEFAULT_WAIT_MS, MAX_WAIT_MS } from "../control/routes.ts";
import { NOTIFICATIONS, type NotificationMethod, type NotificationParams } from "../control/notifications.ts";
import { SchemaError } from "./schema.ts";
import type { SelectionStore } from "./selection.ts";

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
