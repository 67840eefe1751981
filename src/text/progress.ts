// One line of progress for long work (copying files, a setup command) on a terminal: redrawn in
// place, with a spinner and the latest thing said. Off a terminal nothing is redrawn; callers
// print plain lines instead.
import { printable } from "./untrusted.ts";

const FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

export interface Progress {
  /** The latest detail (e.g. the command's last line of output). */
  say(detail: string): void;
  /** Removes the line. */
  end(): void;
}

export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): Progress | undefined {
  if (!stream.isTTY) return undefined;
  let frame = 0;
  let detail = "";
  const started = Date.now();
  const draw = () => {
    const secs = Math.floor((Date.now() - started) / 1000);
    const head = `${FRAMES[frame++ % FRAMES.length]} ${label} (${secs}s)`;
    const width = (stream.columns || 80) - 1;
    const line = detail ? `${head} ${detail}` : head;
    // \r and "clear to end of line": the line is rewritten in place, never wrapped.
    stream.write(`\r${line.length > width ? `${line.slice(0, width - 1)}…` : line}\x1b[K`);
  };
  const timer = setInterval(draw, 100);
  draw();
  return {
    say(text) {
      detail = printable(text.trim());
    },
    end() {
      clearInterval(timer);
      stream.write("\r\x1b[K");
    },
  };
}
