import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deriveStatus, paneFromRecord, readSessionRecord, type InstanceState } from "../../src/status.ts";

const started: InstanceState = { startedAt: 1000 };
const connected: InstanceState = { startedAt: 1000, claudePid: 5, clientPid: 5, connectedAt: 2000 };

test("before the client connects, and with no record, the instance is starting", () => {
  expect(deriveStatus(started, undefined)).toEqual({ status: "starting", waitingFor: null, since: 1000 });
});

test("the client's own record decides busy, idle and waiting, since its statusUpdatedAt", () => {
  expect(deriveStatus(connected, { status: "busy", statusUpdatedAt: 3000, updatedAt: 3500 })).toEqual({
    status: "busy",
    waitingFor: null,
    since: 3000,
  });
  expect(deriveStatus(connected, { status: "idle", updatedAt: 4000 }).since).toBe(4000);
  expect(deriveStatus(connected, { status: "waiting", waitingFor: "permission prompt", statusUpdatedAt: 5 })).toEqual({
    status: "waiting",
    waitingFor: "permission prompt",
    since: 5,
  });
});

test("an interactive client is starting until it connects, whatever its record says", () => {
  expect(deriveStatus(started, { status: "idle", kind: "interactive", statusUpdatedAt: 1500 }).status).toBe("starting");
  expect(deriveStatus(started, { status: "idle", statusUpdatedAt: 1500 }).status).toBe("starting");
});

test("a non-interactive client (print mode never connects) is believed without a connection", () => {
  expect(deriveStatus(started, { status: "busy", kind: "print", statusUpdatedAt: 1500 })).toEqual({
    status: "busy",
    waitingFor: null,
    since: 1500,
  });
});

test("connected without a record we understand is unknown, never a guess", () => {
  expect(deriveStatus(connected, undefined)).toEqual({ status: "unknown", waitingFor: null, since: 2000 });
  expect(deriveStatus(connected, { status: "thinking-hard" }).status).toBe("unknown");
});

test("once claude has exited, exited wins over a stale record", () => {
  const state = { ...connected, exitedAt: 9000 };
  expect(deriveStatus(state, { status: "busy", statusUpdatedAt: 3000 })).toEqual({ status: "exited", waitingFor: null, since: 9000 });
});

test("waitingFor is only reported while waiting", () => {
  expect(deriveStatus(connected, { status: "idle", waitingFor: "permission prompt" }).waitingFor).toBeNull();
});

const dir = mkdtempSync(join(tmpdir(), "cc-wt-status-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("readSessionRecord reads $CLAUDE_CONFIG_DIR/sessions/<pid>.json and rejects what it cannot trust", () => {
  mkdirSync(join(dir, "sessions"));
  writeFileSync(
    join(dir, "sessions", "42.json"),
    JSON.stringify({ pid: 42, status: "waiting", kind: "interactive", waitingFor: "permission prompt", statusUpdatedAt: 7, updatedAt: 8, extra: 1 }),
  );
  writeFileSync(join(dir, "sessions", "43.json"), "{not json");
  writeFileSync(join(dir, "sessions", "44.json"), JSON.stringify({ pid: 44, status: 3, waitingFor: 9 }));
  expect(readSessionRecord(dir, 42)).toEqual({
    status: "waiting",
    kind: "interactive",
    waitingFor: "permission prompt",
    statusUpdatedAt: 7,
    updatedAt: 8,
  });
  expect(readSessionRecord(dir, 43)).toBeUndefined();
  expect(readSessionRecord(dir, 44)).toBeUndefined();
  expect(readSessionRecord(dir, 45)).toBeUndefined();
});

test("shell (idle with a background task) is Claude's own status, reported as such", () => {
  expect(deriveStatus(connected, { status: "shell", statusUpdatedAt: 6000 })).toEqual({ status: "shell", waitingFor: null, since: 6000 });
});

test("the record's sessionId and tmux pane are read; only a well-formed %pane at the end of tmux is taken", () => {
  writeFileSync(join(dir, "sessions", "46.json"), JSON.stringify({ status: "idle", sessionId: "fd49-5f84", tmux: "my:session.%1:@3.%12" }));
  expect(readSessionRecord(dir, 46)).toMatchObject({ sessionId: "fd49-5f84", tmux: "my:session.%1:@3.%12" });
  expect(paneFromRecord("my:session.%1:@3.%12")).toBe("%12");
  expect(paneFromRecord("0:@1.%1")).toBe("%1");
  expect(paneFromRecord("0:@1.%1#(touch x)")).toBeUndefined();
  expect(paneFromRecord(undefined)).toBeUndefined();
});

test("a session record is believed only from the user's own regular file: no link, no FIFO, nothing huge", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-wt-record-"));
  try {
    mkdirSync(join(dir, "sessions"));
    const planted = join(dir, "planted.json");
    writeFileSync(planted, JSON.stringify({ status: "waiting", waitingFor: "permission prompt" }));
    symlinkSync(planted, join(dir, "sessions", "41.json"));
    expect(readSessionRecord(dir, 41)).toBeUndefined();
    Bun.spawnSync(["mkfifo", join(dir, "sessions", "42.json")]);
    expect(readSessionRecord(dir, 42)).toBeUndefined(); // returns at once rather than block
    writeFileSync(join(dir, "sessions", "43.json"), JSON.stringify({ status: "idle", pad: "x".repeat(300 * 1024) }));
    expect(readSessionRecord(dir, 43)).toBeUndefined();
    writeFileSync(join(dir, "sessions", "44.json"), JSON.stringify({ status: "idle" }));
    expect(readSessionRecord(dir, 44)?.status).toBe("idle");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
