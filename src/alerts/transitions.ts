// When a Claude needs the user: the pure rule that turns two successive readings of its session
// record into at most one event (docs/session-record.md lists the statuses and waitingFor values).
// No I/O here, so every case is a unit test (test/unit/alerts/transitions.test.ts).

export const EVENT_KINDS = ["waiting", "done", "exited"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One reading of the record: Claude's status and, when waiting, what for. */
export interface Observed {
  status: string;
  waitingFor?: string;
}

/** "dialog open" is a dialog the user opened themselves (/config, /model…): they are already there. */
export const USER_DIALOG = "dialog open";

/** Waiting for the user for a reason of Claude's own: worth an alert. */
export const needsUser = (o: Observed): boolean => o.status === "waiting" && o.waitingFor !== USER_DIALOG;

/** Claude has finished: idle, or idle with a background task running ("shell"). */
export const resting = (o: Observed): boolean => o.status === "idle" || o.status === "shell";

/** The same rules for an instance as listed (its report, a row of --list): waiting for the user. */
export const waitsForUser = (r: { status: string; waitingFor: string | null }): boolean => needsUser({ status: r.status, waitingFor: r.waitingFor ?? undefined });

/** A turn ended and nobody has looked since. */
export const unreadDone = (r: { status: string; done: boolean | null }): boolean => r.done === true && resting(r);

/** A turn is under way: working, or stopped in it on a question to the user. */
const inTurn = (o: Observed): boolean => o.status === "busy" || needsUser(o);

/**
 * The event a change of reading raises, if any. The first reading (start-up) raises nothing, nor
 * does a reading equal to the last. A turn that ends straight from a prompt (the answer came and
 * the turn finished between two readings) is a turn that ended: "done".
 */
export function transition(prev: Observed | undefined, next: Observed): "waiting" | "done" | undefined {
  if (prev === undefined) return undefined;
  if (needsUser(next)) return needsUser(prev) && prev.waitingFor === next.waitingFor ? undefined : "waiting";
  if (resting(next) && inTurn(prev)) return "done";
  return undefined;
}

/** claude's exit raises "exited" only when it failed: a normal /exit is the user's own doing. */
export const exitRaises = (status: number): boolean => status !== 0;
