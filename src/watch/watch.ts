// `cc-wt --watch`: every Claude of the repository (or machine), live. Each instance pushes its
// report over its own event stream (events.ts); new and gone instances are noticed by watching
// the lock directory; the worktree list is re-read when locks change and every few seconds. The
// keys reuse the plain functions of --jump, --mute and --panes.
import { watch as watchDir, type FSWatcher } from "node:fs";
import { goToPane } from "../alerts/jump.ts";
import { isMuted, setMuted } from "../alerts/mute.ts";
import { rowName } from "../alerts/target.ts";
import type { Colors } from "../colors.ts";
import type { Log } from "../debuglog.ts";
import { listWorktrees, type Worktree } from "../git.ts";
import { arrange } from "../list/collect.ts";
import { liveLocks, silentInstance, type Instance, type Row } from "../control/instances.ts";
import { shortPath } from "../list/render.ts";
import type { FoundLock } from "../lockfile.ts";
import { Exit } from "../errors.ts";
import { logger } from "../logger.ts";
import { selfCommand } from "../panes/open.ts";
import { ideLockDir } from "../paths.ts";
import { openEventStream } from "../control/events.ts";
import { rowKey, sortRows } from "./order.ts";
import { renderView } from "./render.ts";
import { Screen, type Key, type KeyInput, type Tty } from "./terminal.ts";
import type { Env } from "../env.ts";

/** Durations on screen count in seconds. */
const TICK_MS = 1000;
/** New worktrees (git worktree add elsewhere), instances that would not answer: looked at again this often. */
const SLOW_MS = 5000;
/** Lock directory events come in bursts (temp file, rename): one look after the burst. */
const SETTLE_MS = 30;

export interface WatchOptions {
  cwd: string;
  env: Env;
  /** Every instance on the machine, not only this repository's worktrees. */
  all: boolean;
  /** Running in a tmux popup: going to a pane also ends the view (the popup closes with it). */
  popup: boolean;
  out: Tty;
  input: KeyInput;
  pc: Colors;
  /** The debug log (CC_WT_DEBUG): streams followed and dropped, keys, what each action did. */
  log: Log;
}

/** A popup's command gets the server's environment (TMUX) but, unlike a pane's, no TMUX_PANE. */
export const inTmuxPopup = (env: Env): boolean => Boolean(env.TMUX) && !env.TMUX_PANE;

interface Followed {
  found: FoundLock;
  instance: Instance;
  /** The stream failed or ended while the instance was not exiting: shown from its lock, retried slowly. */
  failed: boolean;
  stop: AbortController;
}

const lockKey = (f: FoundLock): string => `${f.port}:${f.lock.pid}`;

/** What a child cc-wt said last, without its colours: shown on one line of the view. */
const lastLine = (text: string): string | undefined =>
  text.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).filter(Boolean).at(-1);

/** Runs the view until q, Esc or Ctrl-C (0), a jump from a popup (0), SIGTERM (143) or SIGHUP (129). */
export async function runWatch(o: WatchOptions): Promise<number> {
  const dir = ideLockDir(o.env);
  const screen = new Screen(o.out, o.input);
  const followed = new Map<string, Followed>();
  /** Instances whose stream ended with claude exited: gone, though their lock lingers a moment. */
  const gone = new Set<string>();
  let worktrees: Worktree[] | undefined;
  let scope = "every repository";
  let shown: Row[] = [];
  /** The row the user moved to; until they move, the selection is the top row (who needs them most). */
  let selectedKey: string | undefined;
  let message: string | undefined;
  let prompt: string | undefined;
  let finish!: (code: number) => void;
  const ended = new Promise<number>((r) => (finish = r));

  function currentRows(): Row[] {
    const rows = arrange([...followed.values()].map((f) => f.instance.row), worktrees).rows;
    // Muting is the user's file, read here: it also covers worktrees where nothing runs.
    return sortRows(rows.map((r) => ({ ...r, muted: isMuted(o.env, r.worktree) })));
  }

  const selectedIndex = (rows: readonly Row[]) => {
    const i = selectedKey === undefined ? 0 : rows.findIndex((r) => rowKey(r) === selectedKey);
    if (i < 0) selectedKey = undefined;
    return Math.max(0, i);
  };

  function draw() {
    shown = currentRows();
    const view = { rows: shown, selected: selectedIndex(shown), scope, message, prompt, now: Date.now() };
    screen.draw(renderView(view, screen.width, screen.height, o.pc));
  }

  let drawQueued = false;
  function redraw() {
    if (drawQueued) return;
    drawQueued = true;
    queueMicrotask(() => {
      drawQueued = false;
      draw();
    });
  }

  function follow(found: FoundLock) {
    const key = lockKey(found);
    // Until its first report, an instance is shown from its lock: its worktree never looks empty
    // (where Enter would start a second Claude).
    const entry: Followed = { found, instance: followed.get(key)?.instance ?? silentInstance(found), failed: false, stop: new AbortController() };
    followed.set(key, entry);
    const onReport = (i: Instance) => {
      entry.instance = i;
      redraw();
    };
    o.log(`watch: following ${found.path} (pid ${found.lock.pid})`);
    let failure: unknown;
    openEventStream(found, onReport, entry.stop.signal)
      .catch((e) => {
        failure = e;
        o.log(`watch: stream of ${found.path}: ${(e as Error).message}`);
      })
      .then(() => {
        o.log(`watch: stream of ${found.path} ended${entry.stop.signal.aborted ? " (dropped)" : ""}`);
        if (entry.stop.signal.aborted || followed.get(key) !== entry) return;
        if (entry.instance.row.status === "exited") {
          followed.delete(key);
          gone.add(key);
        } else {
          entry.failed = true;
          entry.instance = silentInstance(found, failure);
        }
        redraw();
      });
  }

  function refreshLocks(retryFailed: boolean) {
    const live = liveLocks(o.env);
    const keys = new Set(live.map(lockKey));
    for (const [key, f] of followed) {
      if (keys.has(key)) continue;
      f.stop.abort();
      followed.delete(key);
    }
    for (const key of gone) if (!keys.has(key)) gone.delete(key);
    for (const found of live) {
      const key = lockKey(found);
      const f = followed.get(key);
      if (!gone.has(key) && (!f || (f.failed && retryFailed))) follow(found);
    }
    redraw();
  }

  async function refreshWorktrees() {
    if (o.all) return;
    worktrees = await listWorktrees(o.cwd);
    const repo = worktrees?.[0]?.path;
    scope = repo ? `repository ${shortPath(repo)}` : "every repository (not in a git repository)";
    redraw();
  }

  let lockWatcher: FSWatcher | undefined;
  let settle: ReturnType<typeof setTimeout> | undefined;
  function watchLocks() {
    if (lockWatcher) return;
    try {
      lockWatcher = watchDir(dir, { persistent: false }, () => {
        clearTimeout(settle);
        settle = setTimeout(() => {
          refreshLocks(false);
          void refreshWorktrees();
        }, SETTLE_MS);
      });
      lockWatcher.on("error", () => {
        lockWatcher?.close();
        lockWatcher = undefined; // the slow timer watches again
      });
    } catch {
      // no lock directory yet: the first cc-wt creates it; the slow timer tries again
    }
  }

  function move(by: number) {
    if (shown.length === 0) return;
    const i = Math.min(shown.length - 1, Math.max(0, selectedIndex(shown) + by));
    selectedKey = rowKey(shown[i]!);
  }

  async function startClaude(name: string) {
    if (name.startsWith("-")) {
      message = `"${name}" is not a branch name: a branch cannot begin with "-".`;
      return redraw();
    }
    message = `Starting Claude in ${name}…`;
    redraw();
    // --panes itself, as a child: its messages come back here instead of onto the view's screen,
    // and with no terminal it never attaches to a new session from inside the view.
    const p = Bun.spawn([...selfCommand(), "--panes", "--new", name], { cwd: o.cwd, env: o.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    const said = lastLine(`${err}\n${out}`);
    o.log(`watch: --panes --new ${name}: exit ${code}\n${err}${out}`);
    message = code === 0 ? (said ?? `Started Claude in ${name}.`) : `cc-wt --panes ${name} failed (exit ${code})${said ? `: ${said}` : ""}`;
    await refreshWorktrees();
    refreshLocks(false);
  }

  async function enter(row: Row) {
    if (row.status === "none") return startClaude(row.worktree);
    const problem = await goToPane(row, o.env);
    o.log(`watch: go to ${row.tmuxPane}: ${problem ?? "done"}${o.popup ? " (popup)" : ""}`);
    if (problem === undefined && o.popup) return finish(0);
    message = problem ?? `Went to ${rowName(row)}.`;
    redraw();
  }

  function toggleMute(row: Row) {
    try {
      setMuted(o.env, row.worktree, !row.muted);
      message = row.muted ? `Alerts from ${row.worktree} are on.` : `Alerts from ${row.worktree} are off (m again to turn them on).`;
    } catch (e) {
      message = `Cannot record the mute for ${row.worktree}: ${(e as Error).message}`;
    }
  }

  /** An action that failed unexpectedly is said on the view's message line; the view goes on. */
  const act = (p: Promise<unknown>) =>
    void p.catch((e) => {
      message = `Failed: ${(e as Error).message}`;
      redraw();
    });

  function promptKey(k: Key) {
    if (k === "interrupt") return finish(0);
    if (k === "escape") prompt = undefined;
    else if (k === "backspace") prompt = [...prompt!].slice(0, -1).join("");
    else if (k === "enter") {
      const name = prompt!.trim();
      prompt = undefined;
      if (name) act(startClaude(name));
    } else if (typeof k === "object") prompt += k.text;
    redraw();
  }

  function onKey(k: Key) {
    o.log(`watch: key ${typeof k === "object" ? JSON.stringify(k.text) : k}`);
    if (prompt !== undefined) return promptKey(k);
    const text = typeof k === "object" ? k.text : undefined;
    if (k === "interrupt" || k === "escape" || text === "q") return finish(0);
    const row = shown[selectedIndex(shown)];
    if (k === "up" || text === "k") move(-1);
    else if (k === "down" || text === "j") move(1);
    else if (k === "enter" && row) act(enter(row));
    else if (text === "n") {
      prompt = "";
      message = undefined;
    } else if (text === "m" && row) toggleMute(row);
    redraw();
  }

  const restore = () => screen.restore();
  const bySignal = (code: number) => () => finish(code);
  /** A bug must not leave the terminal raw and on the alternate screen: give it back, then say what broke. */
  const crash = (e: unknown) => {
    restore();
    logger.error(`cc-wt --watch stopped on an error: ${(e as Error)?.stack ?? String(e)}`);
    finish(Exit.Software);
  };
  const handlers = { SIGTERM: bySignal(143), SIGHUP: bySignal(129), SIGINT: bySignal(0), uncaughtException: crash, unhandledRejection: crash } as const;
  process.on("exit", restore);
  for (const [s, f] of Object.entries(handlers)) process.on(s, f);
  const tick = setInterval(redraw, TICK_MS);
  const slow = setInterval(() => {
    watchLocks();
    refreshLocks(true);
    void refreshWorktrees();
  }, SLOW_MS);
  try {
    screen.start(onKey, redraw);
    watchLocks();
    refreshLocks(false); // before the first drawing, so that it already has every instance
    await refreshWorktrees();
    return await ended;
  } finally {
    clearInterval(tick);
    clearInterval(slow);
    clearTimeout(settle);
    lockWatcher?.close();
    for (const f of followed.values()) f.stop.abort();
    for (const [s, f] of Object.entries(handlers)) process.off(s, f);
    restore();
    process.off("exit", restore);
  }
}
