// GET /cc-wt/events: the instance's live events for `cc-wt --watch`, signed like every control
// route (src/control/client.ts); the whole current report at once and on each change, and each event
// as it happens.
import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EVENTS_PATH } from "../../src/control/routes.ts";
import { eventStream } from "../../src/alerts/stream.ts";
import { startSupervisor, type Supervisor } from "../../src/alerts/supervisor.ts";
import { DEFAULTS } from "../../src/config.ts";
import { readSessionRecord } from "../../src/status.ts";
import { AUTH_HEADER } from "../../src/ide/auth.ts";
import { callInstance } from "../../src/control/client.ts";
import { cleanup, lockOf, startTestServer } from "../helpers/server.ts";

const PID = 4_000_002;
const dir = mkdtempSync(join(tmpdir(), "cc-wt-events-"));
mkdirSync(join(dir, "sessions"));
let sup: Supervisor;
afterEach(async () => {
  sup?.stop();
  await cleanup();
});

function record(status: string, waitingFor?: string) {
  const file = join(dir, "sessions", `${PID}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify({ pid: PID, status, waitingFor, statusUpdatedAt: Date.now() }));
  renameSync(`${file}.tmp`, file);
}

/** Reads SSE frames off a response until `until` has been seen; returns them as [event, data]. */
async function frames(res: Response, until: string): Promise<[string, any][]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const got: [string, any][] = [];
  while (!got.some(([e]) => e === until)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
    const parts = text.split("\n\n");
    text = parts.pop()!;
    for (const p of parts) {
      const event = /^event: (.*)$/m.exec(p)?.[1];
      const data = /^data: (.*)$/m.exec(p)?.[1];
      if (event && data) got.push([event, JSON.parse(data)]);
    }
  }
  await reader.cancel();
  return got;
}

test("unsigned: 401, even with the bare token; signed: the status at once, then each change and the waiting event", async () => {
  record("idle");
  sup = startSupervisor({
    configDir: dir,
    worktree: "/src/x",
    branch: "x",
    env: { PATH: process.env.PATH, XDG_STATE_HOME: join(dir, "state") },
    notify: { ...DEFAULTS.notify, desktop: "off" },
    log: () => {},
    claudePid: () => PID,
    pollMs: 100,
  });
  sup.check();
  // The instance's whole report, as run.ts's describe() gives it: read fresh for every status frame.
  const report = () => {
    const r = readSessionRecord(dir, PID)!;
    return { status: r.status, waitingFor: r.waitingFor ?? null, worktree: "/src/x", done: sup.state().done };
  };
  const ts = startTestServer({ events: () => eventStream(sup.hub, report) });
  const url = `http://127.0.0.1:${ts.server.port}${EVENTS_PATH}`;
  expect((await fetch(url)).status).toBe(401);
  expect((await fetch(url, { headers: { [AUTH_HEADER]: ts.token } })).status).toBe(401);
  expect((await fetch(url, { headers: { [AUTH_HEADER]: ts.token, Origin: "https://evil.example" } })).status).toBe(403);

  // A short timeout bounds the proof and the head only: the stream itself outlives it.
  const res = await callInstance(lockOf(ts), { method: "GET", target: EVENTS_PATH, stream: true, timeoutMs: 200 });
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  const reading = frames(res, "waiting");
  await Bun.sleep(150);
  record("busy");
  await Bun.sleep(150);
  record("waiting", "permission prompt");
  const got = await reading;
  expect(got[0]).toEqual(["status", { status: "idle", waitingFor: null, worktree: "/src/x", done: false }]);
  expect(got.slice(1).map(([e, d]) => [e, d.status, d.waitingFor].filter(Boolean).join(" "))).toEqual([
    "status busy",
    "status waiting permission prompt",
    "waiting permission prompt",
  ]);
  expect(got.at(-1)![1]).toMatchObject({ kind: "waiting", worktree: "/src/x", branch: "x" });
  // The reader went away: its listener goes with it.
  await Bun.sleep(100);
  expect(sup.hub.size).toBe(0);
});

process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
