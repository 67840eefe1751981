import { beforeEach, expect, test } from "bun:test";
import { DiffRegistry } from "../../../src/ide/diffs.ts";
import type { ToolResult } from "../../../src/ide/result.ts";
import { isPending, textsOf } from "../../helpers/unit.ts";

let diffs: DiffRegistry;

beforeEach(() => {
  diffs = new DiffRegistry();
});

function expectFailed(result: ToolResult, reason: string) {
  expect(result.isError).toBe(true);
  expect(textsOf(result).join()).toContain(reason);
}

test("reopening a tab fails the old call and keeps the new one pending", async () => {
  const old = diffs.open("tab", 1);
  const fresh = diffs.open("tab", 1);
  expectFailed(await old, "replaced");
  expect(await isPending(fresh)).toBe(true);
  expect(diffs.size).toBe(1);

  expect(diffs.close("tab")).toBe(true);
  expect(textsOf(await fresh)).toEqual(["TAB_CLOSED"]);
});

test("close reports whether there was a tab to close", async () => {
  expect(diffs.close("never opened")).toBe(false);
  const diff = diffs.open("tab", 1);
  expect(diffs.close("tab")).toBe(true);
  expect(diffs.close("tab")).toBe(false);
  expect((await diff).isError).toBeUndefined();
});

test("dropPeer settles only that peer's tabs", async () => {
  const mine = [diffs.open("a", 1), diffs.open("b", 1)];
  const theirs = diffs.open("c", 2);
  diffs.dropPeer(1);
  for (const diff of mine) expectFailed(await diff, "disconnected");
  expect(await isPending(theirs)).toBe(true);
  expect(diffs.size).toBe(1);
});

test("closeAll answers every tab TAB_CLOSED and counts them", async () => {
  const all = [diffs.open("a", 1), diffs.open("b", 2)];
  expect(diffs.closeAll()).toBe(2);
  for (const diff of all) expect(textsOf(await diff)).toEqual(["TAB_CLOSED"]);
  expect(diffs.closeAll()).toBe(0);
});

test("shutdown settles every tab of every peer as an error", async () => {
  const all = [diffs.open("a", 1), diffs.open("b", 2), diffs.open("c", 3)];
  diffs.shutdown();
  for (const diff of all) expectFailed(await diff, "shutting down");
  expect(diffs.size).toBe(0);
});
