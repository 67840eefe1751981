import { afterAll, expect, test } from "bun:test";
import { EventEmitter } from "node:events";
import { mkdtempSync, openSync, readFileSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseKeys, Screen } from "../../../src/watch/terminal.ts";

test("keys: arrows in both encodings, Enter, a lone Esc, Ctrl-C, backspace, text; other sequences ignored", () => {
  expect(parseKeys("\x1b[A\x1bOB\r\n")).toEqual(["up", "down", "enter", "enter"]);
  expect(parseKeys("\x1b")).toEqual(["escape"]);
  expect(parseKeys("\x03")).toEqual(["interrupt"]);
  expect(parseKeys("\x7fjk")).toEqual(["backspace", { text: "j" }, { text: "k" }]);
  expect(parseKeys("\x1b[1;5C\x1b[200~é")).toEqual([{ text: "é" }]);
  expect(parseKeys("\x01\x1b[Zq")).toEqual([{ text: "q" }]);
});

const dir = mkdtempSync(join(tmpdir(), "cc-wt-screen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeTerminal(columns: number, rows: number) {
  const file = join(dir, `out-${columns}x${rows}`);
  const out = Object.assign(new EventEmitter(), { columns, rows, fd: openSync(file, "a") });
  const raw: boolean[] = [];
  const input = Object.assign(new EventEmitter(), { setRawMode: (on: boolean) => raw.push(on), resume() {}, pause() {} });
  const written = () => {
    const text = readFileSync(file, "utf8");
    truncateSync(file);
    return text;
  };
  return { out, input, raw, written };
}

test("the screen: alternate screen and raw keys while on, only changed lines rewritten, everything after a resize, the terminal given back", () => {
  const t = fakeTerminal(20, 4);
  const screen = new Screen(t.out, t.input);
  const keys: unknown[] = [];
  let resized = 0;
  screen.start((k) => keys.push(k), () => resized++);
  expect(t.raw).toEqual([true]);
  expect(t.written()).toBe("\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[H\x1b[2J");

  screen.draw(["a", "b", "c"]);
  expect(t.written()).toBe("\x1b[H\x1b[2J\x1b[1;1H\x1b[2Ka\x1b[0m\x1b[2;1H\x1b[2Kb\x1b[0m\x1b[3;1H\x1b[2Kc\x1b[0m");
  screen.draw(["a", "B", "c"]);
  expect(t.written()).toBe("\x1b[2;1H\x1b[2KB\x1b[0m");
  screen.draw(["a", "B", "c"]);
  expect(t.written()).toBe(""); // nothing changed: nothing written

  t.input.emit("data", Buffer.from("j\x1b[A"));
  expect(keys).toEqual([{ text: "j" }, "up"]);
  t.out.columns = 30;
  t.out.emit("resize");
  expect(resized).toBe(1);
  screen.draw(["a", "B", "c"]);
  expect(t.written()).toStartWith("\x1b[H\x1b[2J\x1b[1;1H");

  screen.restore();
  screen.restore(); // twice is harmless (q, then the exit handler)
  expect(t.written()).toBe("\x1b[?7h\x1b[?25h\x1b[?1049l");
  expect(t.raw).toEqual([true, false]);
  t.input.emit("data", Buffer.from("q"));
  expect(keys).toHaveLength(2); // no longer listening
});
