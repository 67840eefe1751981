// Terminal colours, our own few lines rather than picocolors: picocolors reads process.stdout.isTTY
// as it loads, and creating process.stdout costs a compiled program milliseconds (Bun's TTY and
// stream modules), which `--list --json` and every other command writing to a pipe need not pay.
import type { Env } from "./env.ts";

const STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  inverse: [7, 27],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;

export type Colors = Record<keyof typeof STYLES, (s: string | number) => string>;

/**
 * One style: an inner style's close code that would end this one too (bold and dim share one)
 * is followed by this style's open code again, so nesting keeps the outer style.
 */
function style(open: number, close: number): (s: string | number) => string {
  const [o, c] = [`\x1b[${open}m`, `\x1b[${close}m`];
  return (s) => o + String(s).replaceAll(c, c + o) + c;
}

const ON = Object.fromEntries(Object.entries(STYLES).map(([name, [o, c]]) => [name, style(o, c)])) as Colors;
const OFF = Object.fromEntries(Object.keys(STYLES).map((name) => [name, (s: string | number) => String(s)])) as Colors;

/**
 * Colour only for a terminal: what cc-wt writes to a pipe is read by scripts (and unlike
 * picocolors, CI alone turns nothing on). NO_COLOR (no-color.org) wins; FORCE_COLOR asks for
 * colour anyway.
 */
export function colorsFor(stream: { isTTY?: boolean }, env: Env = process.env): Colors {
  const on = env.NO_COLOR ? false : env.FORCE_COLOR ? env.FORCE_COLOR !== "0" : Boolean(stream.isTTY) && env.TERM !== "dumb";
  return on ? ON : OFF;
}
