// The instance's watcher against a session record written the way the client writes it: events
// reach the user's command with the documented environment, once per transition, never when muted.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setMuted } from "../../../src/alerts/mute.ts";
import { startSupervisor, type Supervisor } from "../../../src/alerts/supervisor.ts";
import { DEFAULTS } from "../../../src/config.ts";
import { waitFor } from "../../helpers/wait.ts";

const PID = 4_000_001; // no such process: only its record matters
let dir: string;
let out: string;
let sup: Supervisor | undefined;
const env = () => ({ PATH: process.env.PATH, HOME: dir, XDG_STATE_HOME: join(dir, "state") });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-wt-sup-"));
  out = join(dir, "events");
  mkdirSync(join(dir, "config", "sessions"), { recursive: true });
});
afterEach(() => {
  sup?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Written as the client does: a temp file renamed over the record. */
function record(status: string, extra: Record<string, unknown> = {}) {
  const file = join(dir, "config", "sessions", `${PID}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify({ pid: PID, sessionId: "s-1", kind: "interactive", status, updatedAt: Date.now(), statusUpdatedAt: Date.now(), ...extra }));
  renameSync(`${file}.tmp`, file);
}

/** Each event the command saw, as its CC_WT_* variables. */
const events = (): Record<string, string>[] =>
  existsSync(out) ? readFileSync(out, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];

function start(command: string[] | null, events = DEFAULTS.notify.events) {
  sup = startSupervisor({
    configDir: join(dir, "config"),
    worktree: "/src/app-x",
    branch: "x",
    env: env(),
    notify: { ...DEFAULTS.notify, desktop: "off", command, events },
    log: () => {},
    claudePid: () => PID,
    pollMs: 200,
  });
  return sup;
}

const recorder = () => [
  process.execPath,
  "-e",
  `require("fs").appendFileSync(${JSON.stringify(out)}, JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("CC_WT_")))) + "\\n")`,
];

test("waiting then done reach the command with worktree, branch, waitingFor and pid; staying idle raises nothing", async () => {
  record("idle");
  start(recorder()).check(); // the first reading: start-up raises nothing
  record("idle");
  record("busy");
  record("waiting", { waitingFor: "permission prompt" });
  await waitFor(() => events().length === 1, 5000, () => JSON.stringify(events()));
  expect(events()[0]).toEqual({
    CC_WT_EVENT: "waiting",
    CC_WT_WORKTREE: "/src/app-x",
    CC_WT_BRANCH: "x",
    CC_WT_WAITING_FOR: "permission prompt",
    CC_WT_TMUX_PANE: "",
    CC_WT_PID: String(process.pid),
    CC_WT_EXIT_STATUS: "",
    CC_WT_FOCUSED: "0",
  });
  record("busy");
  record("idle");
  await waitFor(() => events().length === 2, 5000, () => JSON.stringify(events()));
  expect(events()[1]).toMatchObject({ CC_WT_EVENT: "done", CC_WT_WAITING_FOR: "" });
  // Outside tmux nobody can be seen looking: the turn stays unread until the next one starts.
  expect(sup!.state()).toMatchObject({ done: true, sessionId: "s-1", tmuxPane: null });
  record("busy");
  sup!.check();
  expect(sup!.state().done).toBe(false);
  await Bun.sleep(600); // several polls: nothing new
  expect(events().length).toBe(2);
});

test("a failing exit raises exited with its status; a clean one does not", async () => {
  start(recorder());
  sup!.exited(0);
  sup!.exited(3);
  await sup!.settled();
  await waitFor(() => events().length === 1);
  await Bun.sleep(200);
  expect(events()).toEqual([expect.objectContaining({ CC_WT_EVENT: "exited", CC_WT_EXIT_STATUS: "3" })]);
});

test("a muted worktree raises nothing until unmuted; notify.events filters", async () => {
  record("idle");
  start(recorder(), ["done"]);
  sup!.check();
  setMuted(env(), "/src/app-x", true);
  expect(sup!.state().muted).toBe(true);
  record("busy");
  sup!.check();
  record("idle");
  sup!.check();
  await sup!.settled();
  setMuted(env(), "/src/app-x", false);
  record("busy");
  sup!.check();
  record("waiting", { waitingFor: "input needed" }); // not in events
  sup!.check();
  record("idle");
  sup!.check();
  await sup!.settled();
  await waitFor(() => events().length === 1);
  await Bun.sleep(200);
  expect(events().map((e) => e.CC_WT_EVENT)).toEqual(["done"]);
});

test("a command that hangs or cannot run never holds the instance", async () => {
  record("idle");
  start(["sleep", "5"]);
  sup!.check();
  record("busy");
  sup!.check();
  record("idle");
  sup!.check();
  await sup!.settled(); // handed over, not waited for
  sup!.stop();
  start([join(dir, "no-such-program")]);
  sup!.check();
  record("busy");
  sup!.check();
  record("idle");
  sup!.check();
  await sup!.settled();
});
