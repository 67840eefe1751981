// The instance's eye on its Claude: follows the session record (file watching, with a slow poll as
// a fallback), turns each change into at most one event (transitions.ts), and sends it to the
// sinks unless the worktree is muted. It also keeps what --list, --jump and --status-line read:
// whether a finished turn is still unread (until the user looks at that pane).
import { watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config.ts";
import type { Log } from "../debuglog.ts";
import { paneFromRecord, readSessionRecord, type SessionRecord } from "../status.ts";
import { chooseDesktop } from "./desktop.ts";
import { isLookedAt, tmuxSocketOf, watchedPanes } from "./focus.ts";
import { isPaneId } from "../tmux.ts";
import { isMuted } from "./mute.ts";
import { clearMark, commandAlert, desktopAlert, ringBell, tmuxAlert, type AlertEvent } from "./sinks.ts";
import { EventHub } from "./stream.ts";
import { STATUS_EVENT } from "../control/routes.ts";
import { exitRaises, needsUser, resting, transition, type EventKind, type Observed } from "./transitions.ts";
import type { Env } from "../env.ts";

/** The fallback poll: catches what file watching missed (a directory created late, a lost event). */
export const POLL_MS = 2000;
/** While the sessions folder is watched, the poll reads the record itself only every this many ticks. */
export const WATCHED_READ_EVERY = 5;

export interface SupervisorOptions {
  configDir: string;
  worktree: string;
  branch: string | null;
  env: Env;
  notify: Config["notify"];
  log: Log;
  /** The pid whose record to follow: the connected client's, or the child's until it connects. */
  claudePid(): number | undefined;
  pollMs?: number;
  /** Replaces the terminal bell (tests). */
  bell?: () => void;
}

/** What the instance reports about alerts in its status (see InstanceInfo). */
export interface AlertState {
  done: boolean;
  tmuxPane: string | null;
  tmuxSocket: string | null;
  sessionId: string | null;
  muted: boolean;
}

export interface Supervisor {
  /** Every status change and every event, for live views (src/alerts/stream.ts). */
  readonly hub: EventHub;
  /** Reads the record now (also done on every file event and poll). */
  check(): void;
  /** claude exited with this status. */
  exited(status: number): void;
  state(): AlertState;
  /** Resolves once every alert raised so far has been handed to its sinks (tests). */
  settled(): Promise<void>;
  stop(): void;
}

export function startSupervisor(o: SupervisorOptions): Supervisor {
  const sessions = join(o.configDir, "sessions");
  const socket = tmuxSocketOf(o.env);
  let last: Observed | undefined;
  let record: SessionRecord | undefined;
  let done = false;
  let marked = false;
  let watcher: FSWatcher | undefined;
  let pending: Promise<unknown> = Promise.resolve();
  const hub = new EventHub();
  // Looked up at the first alert, not at start: the start is on the launch path, before claude runs.
  let desktop: ReturnType<typeof chooseDesktop> | undefined;
  const desktopMethod = () => (desktop ??= chooseDesktop(o.notify.desktop, o.env, process.platform, (cmd) => Bun.which(cmd, { PATH: o.env.PATH ?? "" }) !== null));

  // claude's own record names its pane; our environment says the same when the record is older than tmux.
  const envPane = socket && isPaneId(o.env.TMUX_PANE) ? o.env.TMUX_PANE : null;
  const pane = () => paneFromRecord(record?.tmux) ?? envPane;

  async function raise(kind: EventKind, waitingFor: string | null, exitStatus?: number) {
    const event: AlertEvent = {
      kind,
      worktree: o.worktree,
      branch: o.branch,
      waitingFor,
      exitStatus,
      tmuxPane: pane(),
      pid: process.pid,
    };
    const lookedAt = socket !== null && isLookedAt(await watchedPanes(o.env), event.tmuxPane);
    // Unread unless looked at, and unless a new turn began while tmux was asked.
    if (kind === "done") setDone(!lookedAt && last !== undefined && resting(last));
    hub.emit(kind, event);
    if (isMuted(o.env, o.worktree)) return o.log(`alert ${kind}: muted`);
    if (!o.notify.events.includes(kind)) return o.log(`alert ${kind}: not in notify.events`);
    o.log(`alert ${kind}${event.waitingFor ? ` (${event.waitingFor})` : ""}, pane ${event.tmuxPane ?? "-"}, ${lookedAt ? "looked at" : "not looked at"}`);
    if (o.notify.command) commandAlert(o.notify.command, event, o.env, lookedAt, o.log);
    if (lookedAt) return; // quiet where the user is already looking
    const method = desktopMethod();
    if (method) desktopAlert(method, event, o.env, o.log);
    if (o.notify.tmux && socket !== null && event.tmuxPane) {
      marked = true;
      await tmuxAlert(o.env, event, o.bell ?? ringBell);
    }
  }

  /** Whether a finished turn is unread is part of the report: live views hear of every change. */
  function setDone(value: boolean) {
    if (value === done) return;
    done = value;
    hub.emit(STATUS_EVENT, undefined);
  }

  const later = (f: () => Promise<unknown>) => {
    pending = pending.then(f).catch((e) => o.log(`alert failed: ${(e as Error).message}`));
  };

  function check() {
    const pid = o.claudePid();
    if (pid === undefined) return;
    const next = readSessionRecord(o.configDir, pid);
    if (!next) return;
    record = next;
    const observed: Observed = { status: next.status, waitingFor: next.waitingFor };
    const kind = transition(last, observed);
    const changed = last === undefined || last.status !== observed.status || last.waitingFor !== observed.waitingFor;
    last = observed;
    // A new turn, or a question: whatever finished before has been seen.
    if (observed.status === "busy" || needsUser(observed)) done = false;
    if (changed) hub.emit(STATUS_EVENT, undefined);
    if (kind) later(() => raise(kind, kind === "waiting" ? (observed.waitingFor ?? null) : null));
  }

  /** Once the user looks at the pane, the unread turn is read and the window mark goes. */
  async function lookForUser() {
    const p = pane();
    if (!(done || marked) || socket === null || !p) return;
    if (!isLookedAt(await watchedPanes(o.env), p)) return;
    setDone(false);
    if (marked) {
      marked = false;
      await clearMark(o.env, p);
    }
  }

  function startWatching() {
    if (watcher) return;
    try {
      watcher = watch(sessions, { persistent: false }, (_type, file) => {
        const pid = o.claudePid();
        if (pid !== undefined && file === `${pid}.json`) check();
      });
      watcher.on("error", () => {
        watcher?.close();
        watcher = undefined; // the poll starts it again
      });
    } catch {
      // no sessions directory yet: the client creates it; the poll retries
    }
  }

  // Watching starts once the launch has run claude (the next turn of the event loop): a record
  // appears only after claude starts, and the launch has nothing to wait for meanwhile.
  const first = setTimeout(startWatching, 0);
  first.unref();
  let ticks = 0;
  const poll = setInterval(() => {
    startWatching();
    // Watched, every change of the record arrives as an event: an idle instance then only wakes up
    // here, reading the record itself once every few ticks in case an event was lost.
    if (!watcher || ++ticks % WATCHED_READ_EVERY === 0) check();
    // Only an unread turn or a window mark waits for the user to look (which asks tmux).
    if (done || marked) later(lookForUser);
  }, o.pollMs ?? POLL_MS);
  poll.unref();

  return {
    hub,
    check,
    exited(status) {
      if (exitRaises(status)) later(() => raise("exited", null, status));
    },
    state() {
      check(); // a fresh reading for whoever asks (cheap: one small file)
      return {
        done,
        tmuxPane: pane(),
        tmuxSocket: socket,
        sessionId: record?.sessionId ?? null,
        muted: isMuted(o.env, o.worktree),
      };
    },
    settled: async () => {
      let seen;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
    stop() {
      clearTimeout(first);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
