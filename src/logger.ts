import { createConsola } from "consola";

/** User-facing messages. All of them go to stderr: stdout is for data that scripts read. */
export const logger = createConsola({
  stdout: process.stderr,
  stderr: process.stderr,
  formatOptions: { date: false },
});
