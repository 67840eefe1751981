import type { ConsolaInstance } from "consola";
import { printable } from "./text/untrusted.ts";

let instance: ConsolaInstance | undefined;

// consola (and the TTY probing that colour needs) costs tens of milliseconds to load, and the
// launch path usually prints nothing: load it on the first message only. require() keeps the
// call sites synchronous; the bundler turns it into a lazy module initialiser.
function consola(): ConsolaInstance {
  instance ??= (require("consola") as typeof import("consola")).createConsola({
    // Every message goes to stderr: stdout is for data that scripts read.
    stdout: process.stderr,
    stderr: process.stderr,
    formatOptions: { date: false },
  });
  return instance;
}

/**
 * A message as the terminal gets it: its own line breaks kept, every other control character
 * shown as an escape. Untrusted values (paths, branch names, configuration values, what another
 * instance says) are made printable where they are put into a message, so a line break in one of
 * them is shown too; this is the last guard, so that nothing reaches the terminal raw.
 */
export const terminalText = (message: string): string => message.split("\n").map(printable).join("\n");

/** User-facing messages, on stderr. */
export const logger = {
  info: (message: string) => consola().info(terminalText(message)),
  warn: (message: string) => consola().warn(terminalText(message)),
  error: (message: string) => consola().error(terminalText(message)),
};
