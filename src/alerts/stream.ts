// The instance's events as a server-sent-event stream (GET /cc-wt/events, authenticated like every
// control route), so a live view (`cc-wt --watch`, issue #15) can follow every instance without
// polling: one `status` event (the instance's whole report, as GET /cc-wt/status answers) at once
// and on every change of anything in it, and each `waiting`/`done`/`exited` as it is raised (muted
// or not: muting silences alerts, not views).

import { STATUS_EVENT } from "../control/routes.ts";

/** Bun closes an HTTP connection idle for 10 s: a comment line well before that keeps it open. */
export const KEEPALIVE_MS = 5000;

export type Listener = (event: string, data: unknown) => void;

/** Listeners of one instance; a failing listener (a closed stream) is dropped, never fatal. */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  emit(event: string, data: unknown): void {
    for (const l of this.listeners) {
      try {
        l(event, data);
      } catch {
        this.listeners.delete(l);
      }
    }
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get size(): number {
    return this.listeners.size;
  }
}

/** One SSE frame: JSON on one data line (JSON.stringify leaves no raw newline in it). */
export const sseFrame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The streaming response: `report()` (the instance's current status) at once and again on every
 * "status" the hub emits, so a view never has to merge partial updates; other events as emitted.
 */
// A STATUS_EVENT emitted on the hub means "the report changed": the stream sends the report itself.
export function eventStream(hub: EventHub, report: () => unknown): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      send(sseFrame(STATUS_EVENT, report()));
      const unsubscribe = hub.subscribe((event, data) => send(sseFrame(event, event === STATUS_EVENT ? report() : data)));
      const keepalive = setInterval(() => {
        try {
          send(": keepalive\n\n");
        } catch {
          stop();
        }
      }, KEEPALIVE_MS);
      keepalive.unref();
      stop = () => {
        clearInterval(keepalive);
        unsubscribe();
      };
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream", "cache-control": "no-store" } });
}
