// Memory back to the system once traffic has settled. The runtime frees dead objects at its own
// pace and keeps the pages it freed for reuse, so after a burst (a 5 MB openDiff answered,
// thousands of calls) an instance would sit near its peak for a long while, all day, once per
// worktree (README, Benchmarks). One full collection once the server has been quiet a moment
// lets the runtime hand those pages back. Nothing happens while idle: only handled traffic arms it.

/** How long the server must have been quiet before collecting. */
export const QUIET_MS = 1000;
/** How much handled traffic is worth a collection (a full one costs a few milliseconds of CPU). */
export const RECLAIM_AFTER_BYTES = 1 << 20;

export interface Reclaimer {
  /** A message of this many bytes has been handled (answered, or settled: a diff closed). */
  handled(bytes: number): void;
  /** A collection is waiting for the quiet moment. */
  readonly armed: boolean;
  stop(): void;
}

export function reclaimer(
  collect: () => void = () => Bun.gc(true),
  quietMs = QUIET_MS,
  afterBytes = RECLAIM_AFTER_BYTES,
  now: () => number = () => performance.now(),
): Reclaimer {
  let bytes = 0;
  let last = 0;
  let timer: Timer | undefined;
  const arm = (ms: number) => {
    timer = setTimeout(fire, ms);
    timer.unref();
  };
  function fire() {
    // Traffic since the timer was set pushes the collection back, without a timer per message.
    const wait = last + quietMs - now();
    if (wait > 0) return arm(wait);
    timer = undefined;
    bytes = 0;
    collect();
  }
  return {
    handled(n) {
      bytes += n;
      last = now();
      if (bytes >= afterBytes && !timer) arm(quietMs);
    },
    get armed() {
      return timer !== undefined;
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
