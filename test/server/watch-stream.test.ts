// The live view's side of GET /cc-wt/events: openEventStream follows a real server, turning each
// status frame (the instance's whole report) into a row, including a finished turn becoming
// unread; a server that cannot prove it holds the lock's token is not followed; frames are parsed
// whatever the chunking.
import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventStream } from "../../src/alerts/stream.ts";
import { startSupervisor, type Supervisor } from "../../src/alerts/supervisor.ts";
import { DEFAULTS } from "../../src/config.ts";
import type { Instance } from "../../src/control/instances.ts";
import type { FoundLock } from "../../src/lockfile.ts";
import { deriveStatus, readSessionRecord } from "../../src/status.ts";
import { type InstanceInfo } from "../../src/control/instances.ts";
import { openEventStream, parseFrames } from "../../src/control/events.ts";
import { waitFor } from "../helpers/wait.ts";
import { cleanup, startTestServer } from "../helpers/server.ts";

const PID = 4_000_003;
const dir = mkdtempSync(join(tmpdir(), "cc-wt-watch-stream-"));
mkdirSync(join(dir, "sessions"));
let sup: Supervisor | undefined;
afterEach(async () => {
  sup?.stop();
  await cleanup();
});
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function record(status: string, waitingFor?: string) {
  const file = join(dir, "sessions", `${PID}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify({ pid: PID, status, waitingFor, statusUpdatedAt: Date.now() }));
  renameSync(`${file}.tmp`, file);
}

test("frames: split anywhere, CRLF, several data lines, comments (keepalives) skipped", () => {
  const a = parseFrames("event: status\ndata: {\"a\":1}\n\n: keepalive\n\nevent: x\r\ndata: 1\r\ndata: 2\r\n\r\nevent: st");
  expect(a.frames).toEqual([
    { event: "status", data: '{"a":1}' },
    { event: "x", data: "1\n2" },
  ]);
  expect(a.rest).toBe("event: st");
});

test("a live instance's reports arrive as rows, every change, the unread turn included; an unproven one is not followed", async () => {
  record("idle");
  const s = startSupervisor({
    configDir: dir,
    worktree: "/src/x",
    branch: "x",
    env: { PATH: process.env.PATH, XDG_STATE_HOME: join(dir, "state") },
    notify: { ...DEFAULTS.notify, desktop: "off", tmux: false },
    log: () => {},
    claudePid: () => PID,
    pollMs: 100,
  });
  sup = s;
  const state = { startedAt: Date.now() - 5000, connectedAt: Date.now() - 4000, clientPid: PID };
  let port = 0;
  const report = (): InstanceInfo => ({
    pid: process.pid,
    port,
    workspace: "/src/x",
    branch: "x",
    repo: "/src",
    claudePid: PID,
    connected: true,
    connectedAt: state.connectedAt,
    startedAt: state.startedAt,
    ...deriveStatus(state, readSessionRecord(dir, PID)),
    ...s.state(),
  });
  const ts = startTestServer({ events: () => eventStream(s.hub, report), status: report });
  port = ts.server.port;
  const found = (token: string): FoundLock => ({
    path: join(dir, `${port}.lock`),
    port,
    lock: { pid: process.pid, workspaceFolders: ["/src/x"], ideName: "cc-wt (x)", transport: "ws", authToken: token, runningInWindows: false },
  });

  // A lock whose token the server does not hold: the proof fails before anything is asked.
  await expect(openEventStream(found("wrong"), () => {}, new AbortController().signal)).rejects.toThrow("could not answer the challenge");

  const seen: Instance[] = [];
  const stop = new AbortController();
  const following = openEventStream(found(ts.token), (i) => seen.push(i), stop.signal).catch((e) => e);
  await waitFor(() => seen.length === 1);
  expect(seen[0]!.row).toMatchObject({ worktree: "/src/x", branch: "x", status: "idle", done: false, port });
  record("busy");
  await waitFor(() => seen.at(-1)!.row.status === "busy");
  record("waiting", "permission prompt");
  await waitFor(() => seen.at(-1)!.row.status === "waiting");
  expect(seen.at(-1)!.row.waitingFor).toBe("permission prompt");
  record("idle");
  // The turn ended and nobody looked: the report says so as soon as the alert is raised.
  await waitFor(() => seen.at(-1)!.row.done === true, 5000, () => JSON.stringify(seen.map((i) => i.row)));
  expect(seen.at(-1)!.row.status).toBe("idle");
  stop.abort();
  await following;
  await waitFor(() => s.hub.size === 0);
});
