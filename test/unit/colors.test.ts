// Colours (src/colors.ts): only for a terminal, NO_COLOR first, and nesting keeps the outer style.
import { expect, test } from "bun:test";
import { colorsFor } from "../../src/colors.ts";

test("colour only on a terminal; NO_COLOR wins, FORCE_COLOR asks, CI and a dumb terminal do not colour", () => {
  const on = (tty: boolean, env: Record<string, string>) => colorsFor({ isTTY: tty }, env).red("x") !== "x";
  expect(on(true, {})).toBe(true);
  expect(on(false, {})).toBe(false);
  expect(on(false, { CI: "1" })).toBe(false);
  expect(on(true, { TERM: "dumb" })).toBe(false);
  expect(on(true, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
  expect(on(false, { FORCE_COLOR: "1" })).toBe(true);
  expect(on(true, { FORCE_COLOR: "0" })).toBe(false);
  expect(colorsFor({ isTTY: false }, {}).bold(42)).toBe("42");
});

test("a nested style that shares the outer one's close code gives the outer style back", () => {
  const pc = colorsFor({ isTTY: true }, {});
  expect(pc.red("x")).toBe("\x1b[31mx\x1b[39m");
  expect(pc.bold(pc.magenta("w"))).toBe("\x1b[1m\x1b[35mw\x1b[39m\x1b[22m");
  // dim ends with the same code as bold: bold resumes after the dim part.
  expect(pc.bold(`a${pc.dim("b")}c`)).toBe("\x1b[1ma\x1b[2mb\x1b[22m\x1b[1mc\x1b[22m");
});
