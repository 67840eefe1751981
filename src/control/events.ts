// Following one instance live: its GET /cc-wt/events stream (server-sent events, src/alerts/stream.ts),
// asked for through callInstance like every request to an instance: the instance proves itself
// first, and the request is signed rather than carrying the token (src/control/client.ts).
import { EVENTS_PATH, STATUS_EVENT } from "./routes.ts";
import { callInstance } from "./client.ts";
import { instanceOf, type Instance } from "./instances.ts";
import type { FoundLock } from "../lockfile.ts";

/** More than any report needs; an instance sending more without a frame end is not one to follow. */
const MAX_PENDING = 1 << 20;
/** For the proof and the stream's head; the stream itself lasts as long as the instance. */
const CONNECT_TIMEOUT_MS = 2000;

export interface Frame {
  event: string;
  data: string;
}

/** Complete frames at the front of `text` (each ends with a blank line), and what is left to complete. */
export function parseFrames(text: string): { frames: Frame[]; rest: string } {
  const parts = text.replaceAll("\r\n", "\n").split("\n\n");
  const rest = parts.pop()!;
  const frames = parts.flatMap((p) => {
    let event = "message";
    const data: string[] = [];
    for (const line of p.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    return data.length ? [{ event, data: data.join("\n") }] : []; // a comment (keepalive) alone
  });
  return { frames, rest };
}

/**
 * Follows one instance until its stream ends (the instance stopped) or `signal` aborts it: every
 * `status` frame that holds a well-formed report is handed to onReport. Rejects when the instance
 * cannot be reached, cannot prove it is the instance of the lock (InstanceError), or refuses.
 */
export async function openEventStream(found: FoundLock, onReport: (i: Instance) => void, signal: AbortSignal): Promise<void> {
  const res = await callInstance(found, { method: "GET", target: EVENTS_PATH, stream: true, timeoutMs: CONNECT_TIMEOUT_MS });
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new Error(`the instance answered ${res.status}`);
  }
  const reader = res.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  if (signal.aborted) stop();
  signal.addEventListener("abort", stop, { once: true });
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const { frames, rest } = parseFrames(pending + decoder.decode(value, { stream: true }));
      if (rest.length > MAX_PENDING) throw new Error("the instance sent an endless frame");
      pending = rest;
      for (const f of frames) {
        if (f.event !== STATUS_EVENT) continue;
        let data: unknown;
        try {
          data = JSON.parse(f.data);
        } catch {
          continue;
        }
        const instance = instanceOf(data, found);
        if (instance) onReport(instance);
      }
    }
  } finally {
    signal.removeEventListener("abort", stop);
    stop();
  }
}
