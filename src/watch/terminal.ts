// The terminal, taken for the live view and given back exactly as it was: the alternate screen
// (what was on screen returns when it is left), no cursor, no line wrap, raw keys. Only lines
// that changed are rewritten, so nothing flickers and an idle view writes nothing at all.
import { writeSync } from "node:fs";

const ENTER = "\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[H\x1b[2J";
const LEAVE = "\x1b[?7h\x1b[?25h\x1b[?1049l";

export type Key = "up" | "down" | "enter" | "escape" | "interrupt" | "backspace" | { text: string };

/** Keys in one read from a raw terminal. A lone ESC is the Esc key; a longer escape sequence that is not an arrow is ignored. */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  for (let i = 0; i < data.length; ) {
    const rest = data.slice(i);
    const seq = /^\x1b(?:\[[0-9;?]*[\x40-\x7e]|O[A-Za-z])/.exec(rest);
    if (seq) {
      const final = seq[0].at(-1);
      if (final === "A") keys.push("up");
      else if (final === "B") keys.push("down");
      i += seq[0].length;
      continue;
    }
    const c = rest[0]!;
    i += c.length;
    if (c === "\x1b") keys.push("escape");
    else if (c === "\r" || c === "\n") keys.push("enter");
    else if (c === "\x03") keys.push("interrupt");
    else if (c === "\x7f" || c === "\b") keys.push("backspace");
    else if (c >= " ") keys.push({ text: c });
  }
  return keys;
}

export interface Tty {
  readonly columns: number;
  readonly rows: number;
  fd: number;
  on(event: "resize", f: () => void): unknown;
  off(event: "resize", f: () => void): unknown;
}

export interface KeyInput {
  setRawMode(on: boolean): unknown;
  on(event: "data", f: (b: Buffer) => void): unknown;
  off(event: "data", f: (b: Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export class Screen {
  private shown: string[] = [];
  private size = "";
  private active = false;

  constructor(
    private readonly out: Tty,
    private readonly input: KeyInput,
  ) {}

  get width(): number {
    return this.out.columns || 80;
  }

  get height(): number {
    return this.out.rows || 24;
  }

  /** Written synchronously: restore() must work from an exit handler, where nothing asynchronous runs. */
  private write(text: string): void {
    writeSync(this.out.fd, text);
  }

  start(onKey: (k: Key) => void, onResize: () => void): void {
    this.active = true;
    this.input.setRawMode(true);
    this.write(ENTER);
    this.keyHandler = (b) => parseKeys(b.toString("utf8")).forEach(onKey);
    this.resizeHandler = onResize;
    this.input.on("data", this.keyHandler);
    this.out.on("resize", onResize);
    this.input.resume();
  }

  private keyHandler?: (b: Buffer) => void;
  private resizeHandler?: () => void;

  /** Rewrites only the lines that differ from what is on screen; everything after a resize. */
  draw(lines: readonly string[]): void {
    if (!this.active) return;
    const size = `${this.width}x${this.height}`;
    let out = "";
    if (size !== this.size) {
      this.size = size;
      this.shown = [];
      out += "\x1b[H\x1b[2J";
    }
    lines.forEach((line, i) => {
      // Erased before it is written: erasing after would also take the last column (no autowrap
      // leaves the cursor on it).
      if (this.shown[i] !== line) out += `\x1b[${i + 1};1H\x1b[2K${line}\x1b[0m`;
    });
    for (let i = lines.length; i < this.shown.length; i++) out += `\x1b[${i + 1};1H\x1b[2K`;
    this.shown = [...lines];
    if (out) this.write(out);
  }

  /** Gives the terminal back as it was; safe to call more than once, and from an exit handler. */
  restore(): void {
    if (!this.active) return;
    this.active = false;
    if (this.keyHandler) this.input.off("data", this.keyHandler);
    if (this.resizeHandler) this.out.off("resize", this.resizeHandler);
    try {
      this.write(LEAVE);
    } finally {
      this.input.setRawMode(false);
      this.input.pause();
    }
  }
}
