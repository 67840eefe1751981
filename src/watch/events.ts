// Following one instance live: its GET /cc-wt/events stream (server-sent events, src/alerts/stream.ts).
// This is the one place the live view hands an instance its token; keep it so.
import { EVENTS_PATH, STATUS_EVENT } from "../alerts/stream.ts";
import { AUTH_HEADER } from "../ide/auth.ts";
import { instanceOf, keepLoopbackOffProxies, type Instance } from "../list/collect.ts";
import type { FoundLock } from "../lockfile.ts";

/** More than any report needs; an instance sending more without a frame end is not one to follow. */
const MAX_PENDING = 1 << 20;

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
 * cannot be reached or refuses (then it is alive by its lock but not answering).
 */
export async function openEventStream(found: FoundLock, onReport: (i: Instance) => void, signal: AbortSignal): Promise<void> {
  keepLoopbackOffProxies();
  const res = await fetch(`http://127.0.0.1:${found.port}${EVENTS_PATH}`, { headers: { [AUTH_HEADER]: found.lock.authToken }, signal });
  if (!res.ok || !res.body) throw new Error(`the instance answered ${res.status}`);
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of res.body) {
    const { frames, rest } = parseFrames(pending + decoder.decode(chunk, { stream: true }));
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
}
