import { expect, test } from "bun:test";
import { exitRaises, transition, type Observed } from "../../../src/alerts/transitions.ts";

const busy: Observed = { status: "busy" };
const idle: Observed = { status: "idle" };
const shell: Observed = { status: "shell" };
const waiting = (waitingFor: string): Observed => ({ status: "waiting", waitingFor });

/** Feeds readings one by one, as the watcher does, and collects what they raise. */
const run = (...readings: Observed[]) => {
  let prev: Observed | undefined;
  return readings.flatMap((r) => {
    const e = transition(prev, r);
    prev = r;
    return e ? [e] : [];
  });
};

test("start-up raises nothing, whatever the first reading", () => {
  for (const first of [idle, busy, shell, waiting("permission prompt")]) expect(transition(undefined, first)).toBeUndefined();
});

test("a Claude that stays idle raises nothing, however often it is read", () => {
  expect(run(idle, idle, idle, shell, idle)).toEqual([]);
});

test("a turn: busy, a permission prompt, busy again, idle → waiting then done, once each", () => {
  expect(run(idle, busy, busy, waiting("permission prompt"), waiting("permission prompt"), busy, idle, idle)).toEqual(["waiting", "done"]);
});

test("a turn that ends with a background task running (shell) is done too", () => {
  expect(run(idle, busy, shell)).toEqual(["done"]);
});

test("an answer and the end of the turn between two readings: waiting → idle is done", () => {
  expect(run(busy, waiting("permission prompt"), idle)).toEqual(["waiting", "done"]);
});

test("every waitingFor of Claude's own raises waiting; a dialog the user opened does not", () => {
  for (const w of ["permission prompt", "input needed", "sandbox request", "worker request", "goal proposal"]) {
    expect(run(busy, waiting(w))).toEqual(["waiting"]);
  }
  expect(run(idle, waiting("dialog open"), idle)).toEqual([]);
  // …and leaving the user's own dialog for a question of Claude's is a new wait.
  expect(run(busy, waiting("dialog open"), waiting("permission prompt"))).toEqual(["waiting"]);
});

test("a second prompt in the same turn, or a different question, is a new wait", () => {
  expect(run(busy, waiting("permission prompt"), busy, waiting("permission prompt"))).toEqual(["waiting", "waiting"]);
  expect(run(busy, waiting("permission prompt"), waiting("input needed"))).toEqual(["waiting", "waiting"]);
});

test("an unknown status raises nothing", () => {
  expect(run(idle, { status: "compacting" }, idle)).toEqual([]);
});

test("only a failed exit raises exited", () => {
  expect([0, 1, 130, 143].map(exitRaises)).toEqual([false, true, true, true]);
});
