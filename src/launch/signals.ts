import type { Subprocess } from "bun";
import type { Log } from "../debuglog.ts";

/** Signals that mean "stop": passed on to claude, which then exits, and cc-wt cleans up after it. */
const FORWARDED = ["SIGTERM", "SIGHUP", "SIGQUIT"] as const;

/** How long claude gets to exit after a forwarded signal before it is killed, so nothing is orphaned. */
export const KILL_AFTER_MS = 5000;

/**
 * Installs cc-wt's signal handling for the life of one claude child; returns the undo.
 * SIGINT is ignored: the terminal sends Ctrl-C to the whole foreground group, and it is claude's
 * to interpret (cancel a turn, clear the input), not a reason for cc-wt to die under it.
 */
export function handleSignals(child: Subprocess, log: Log): () => void {
  let killTimer: Timer | undefined;
  const onInt = () => log("SIGINT: left to claude");
  const forwarders = FORWARDED.map((sig) => {
    const fn = () => {
      log(`${sig}: forwarding to claude (pid ${child.pid})`);
      child.kill(sig);
      killTimer ??= setTimeout(() => {
        log(`claude did not exit ${KILL_AFTER_MS} ms after ${sig}: killing it`);
        child.kill("SIGKILL");
      }, KILL_AFTER_MS);
    };
    process.on(sig, fn);
    return [sig, fn] as const;
  });
  process.on("SIGINT", onInt);
  return () => {
    clearTimeout(killTimer);
    process.off("SIGINT", onInt);
    for (const [sig, fn] of forwarders) process.off(sig, fn);
  };
}
