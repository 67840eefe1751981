// The collection after traffic: armed only by enough handled traffic, run once the server is quiet.
import { expect, test } from "bun:test";
import { reclaimer } from "../../../src/ide/reclaim.ts";
import { waitFor } from "../../helpers/wait.ts";

test("small traffic arms nothing; enough of it collects once, after the quiet moment", async () => {
  let collected = 0;
  const r = reclaimer(() => collected++, 30, 1000);
  r.handled(400);
  r.handled(400);
  expect(r.armed).toBe(false);
  r.handled(400);
  expect(r.armed).toBe(true);
  await waitFor(() => collected === 1, 5000);
  expect(r.armed).toBe(false);
  // The count starts again: a collection needs new traffic.
  r.handled(10);
  expect(r.armed).toBe(false);
  r.stop();
});

test("traffic that keeps coming pushes the collection back until it stops", async () => {
  let collected = 0;
  let now = 0; // the reclaimer's clock: only this test moves it
  const r = reclaimer(() => collected++, 20, 1, () => now);
  r.handled(10);
  for (let i = 0; i < 5; i++) {
    await Bun.sleep(30); // the timer fires, finds traffic within the quiet time, and waits again
    now += 5;
    r.handled(10);
  }
  expect(collected).toBe(0);
  expect(r.armed).toBe(true);
  now += 1000;
  await waitFor(() => collected === 1, 5000);
  r.stop();
});

test("stop cancels a waiting collection", async () => {
  let collected = 0;
  const r = reclaimer(() => collected++, 20, 1);
  r.handled(10);
  r.stop();
  expect(r.armed).toBe(false);
  await Bun.sleep(60);
  expect(collected).toBe(0);
});
