import type { Subprocess } from "bun";
import type { Log } from "../debuglog.ts";

/** Signals that mean "stop": passed on to claude, which then exits, and cc-wt cleans up after it. */
const STOP = ["SIGTERM", "SIGHUP", "SIGQUIT"] as const;
type StopSignal = (typeof STOP)[number];

/** How long claude gets to exit after a forwarded signal before it is killed, so nothing is orphaned. */
export const KILL_AFTER_MS = 5000;

/**
 * cc-wt's signal handling for one launch, installed before the lock file exists and kept until the
 * process exits, so no signal can end cc-wt while a lock is there, or during its last cleanup.
 *
 * SIGINT is ignored throughout: the terminal sends Ctrl-C to the whole foreground group, and it is
 * claude's to interpret (cancel a turn, clear the input), not a reason for cc-wt to die under it.
 * A stop signal before claude starts cancels the launch; while claude runs it is forwarded; once
 * claude has exited, cc-wt is already cleaning up and exits with claude's status regardless.
 */
export class Signals {
  #child: Subprocess | undefined;
  #childExited = false;
  #killTimer: Timer | undefined;
  /** A stop signal that came before claude was started: the launch must not go ahead. */
  cancelledBy: StopSignal | undefined;
  /** A stop signal passed on to claude: its exit was asked for (a closed pane, a kill), not a failure. */
  forwarded: StopSignal | undefined;
  readonly #handlers: [NodeJS.Signals, () => void][];

  constructor(private readonly log: Log) {
    this.#handlers = [
      ["SIGINT", () => log("SIGINT: left to claude")],
      ...STOP.map((sig): [NodeJS.Signals, () => void] => [sig, () => this.#stop(sig)]),
    ];
    for (const [sig, fn] of this.#handlers) process.on(sig, fn);
  }

  #stop(sig: StopSignal) {
    if (this.#childExited) return this.log(`${sig}: claude has exited, cleanup is under way`);
    const child = this.#child;
    if (!child) {
      this.cancelledBy ??= sig;
      return this.log(`${sig} before claude started: not starting it`);
    }
    this.log(`${sig}: forwarding to claude (pid ${child.pid})`);
    this.forwarded ??= sig;
    child.kill(sig);
    this.#killTimer ??= setTimeout(() => {
      this.log(`claude did not exit ${KILL_AFTER_MS} ms after ${sig}: killing it`);
      child.kill("SIGKILL");
    }, KILL_AFTER_MS);
  }

  /** claude is running: stop signals now go to it. */
  attach(child: Subprocess): void {
    this.#child = child;
  }

  childExited(): void {
    this.#childExited = true;
    clearTimeout(this.#killTimer);
  }

  /** Only for a launch that ends before claude starts (the lock could not be written). */
  dispose(): void {
    clearTimeout(this.#killTimer);
    for (const [sig, fn] of this.#handlers) process.off(sig, fn);
  }
}
