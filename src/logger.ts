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
 * User-facing messages, on stderr. Messages quote paths, branch names, configuration values and
 * other instances' answers, so every one is made printable here, at the one edge they all pass:
 * a control character in a name is shown, never obeyed by the terminal.
 */
export const logger = {
  info: (message: string) => consola().info(printable(message)),
  warn: (message: string) => consola().warn(printable(message)),
  error: (message: string) => consola().error(printable(message)),
};
