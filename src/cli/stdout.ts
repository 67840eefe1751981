// Writing a command's output without creating process.stdout: that stream costs a compiled program
// 2–3 ms (Bun's TTY and stream modules), which a command that only prints (`--list --json`,
// `--status-line` every second) need not pay. A command that asks about the terminal (isTTY,
// columns) creates it anyway.

/** Writes text to stdout; a reader that stopped reading (`| head`, `| true`) is not an error, as with process.stdout. */
export async function writeStdout(text: string): Promise<void> {
  await Bun.write(Bun.stdout, text).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== "EPIPE") throw e;
  });
}
