// picocolors reads process.stdout.isTTY as it loads, and creating process.stdout costs a compiled
// program milliseconds (Bun's TTY and stream modules): commands that write to a pipe only
// (`--list --json`, `--status-line`) never load this module.
import pc from "picocolors";
import type { Env } from "./env.ts";

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colour only for a terminal: picocolors also colours whenever CI is set, but what cc-wt writes to
 * a pipe is read by scripts. NO_COLOR (no-color.org) wins; FORCE_COLOR asks for colour anyway.
 */
export function colorsFor(stream: { isTTY?: boolean }, env: Env = process.env): Colors {
  const on = env.NO_COLOR ? false : env.FORCE_COLOR ? env.FORCE_COLOR !== "0" : Boolean(stream.isTTY) && env.TERM !== "dumb";
  return pc.createColors(on);
}
