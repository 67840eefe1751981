// Parses the locations editors pass on the command line. Lines and columns are 1-based there, as
// every editor shows them, and 0-based on the wire (docs/protocol.md, "Notifications cc-wt sends").
import { CliError, Exit } from "../errors.ts";
import { printable } from "../text/untrusted.ts";

export interface Mention {
  path: string;
  /** 1-based, inclusive. */
  start?: number;
  end?: number;
}

export interface Span {
  path: string;
  /** 1-based line and column; a missing column means the start or end of the line. */
  start?: { line: number; col?: number };
  end?: { line: number; col?: number };
}

const positive = (s: string | undefined, what: string, arg: string): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 1) throw new CliError(`${printable(arg)}: ${what} must be a number from 1 up`, Exit.Usage);
  return n;
};

/** PATH, PATH:LINE or PATH:START-END. A path may itself hold ":"; only a numeric tail is a range. */
export function parseMention(arg: string): Mention {
  const m = /^(.+?):(\d+)(?:-(\d+))?$/.exec(arg);
  if (!m) return { path: arg };
  const start = positive(m[2], "the line", arg)!;
  const end = positive(m[3], "the end line", arg) ?? start;
  if (end < start) throw new CliError(`${printable(arg)}: the range ends (line ${end}) before it starts (line ${start})`, Exit.Usage);
  return { path: m[1]!, start, end };
}

/** PATH, or PATH:LINE[:COL][-LINE[:COL]]. */
export function parseSpan(arg: string): Span {
  const m = /^(.+?):(\d+)(?::(\d+))?(?:-(\d+)(?::(\d+))?)?$/.exec(arg);
  if (!m) return { path: arg };
  const start = { line: positive(m[2], "the line", arg)!, col: positive(m[3], "the column", arg) };
  const end = m[4] ? { line: positive(m[4], "the end line", arg)!, col: positive(m[5], "the end column", arg) } : { line: start.line };
  if (end.line < start.line || (end.line === start.line && start.col && end.col && end.col < start.col)) {
    throw new CliError(`${printable(arg)}: the selection ends before it starts`, Exit.Usage);
  }
  return { path: m[1]!, start, end };
}
