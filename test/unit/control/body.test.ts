// Bounded body reads on both sides of the control channel (src/control/body.ts).
import { expect, test } from "bun:test";
import { readCapped } from "../../../src/control/body.ts";

const stream = (chunks: number, size: number) => {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled++ === chunks) return c.close();
      c.enqueue(new Uint8Array(size));
    },
  });
  return { body, pulled: () => pulled };
};

test("a body within the cap is read whole, with or without a declared length", async () => {
  expect(await readCapped(new Response("abc", { headers: { "content-length": "3" } }), 3)).toEqual(new TextEncoder().encode("abc"));
  expect((await readCapped(new Response(stream(3, 10).body), 30))?.length).toBe(30);
  expect(await readCapped(new Response(null), 0)).toEqual(new Uint8Array());
});

test("a declared length over the cap is refused unread; an undeclared body is cut off at the cap", async () => {
  const declared = stream(100, 1024);
  expect(await readCapped(new Response(declared.body, { headers: { "content-length": String(100 * 1024) } }), 1024)).toBeUndefined();
  expect(declared.pulled()).toBeLessThan(3);
  const endless = stream(1_000_000, 1024);
  expect(await readCapped(new Response(endless.body), 4096)).toBeUndefined();
  expect(endless.pulled()).toBeLessThan(10);
  for (const bad of ["abc", "-1e999", "Infinity"]) expect(await readCapped(new Response("x", { headers: { "content-length": bad } }), 10)).toBeUndefined();
});
