// `cc-wt --mention` and `cc-wt --select`: hand a location to the Claude whose worktree holds it.
import { existsSync, readFileSync, statSync } from "node:fs";
import { relative } from "node:path";
import { CliError, Exit } from "../errors.ts";
import { deliver } from "../control/deliver.ts";
import type { Instance } from "../control/instances.ts";
import type { NotificationParams } from "../control/notifications.ts";
import { canonical, routeTo, type Pick } from "../control/route.ts";
import type { Env } from "../env.ts";
import { fileUri } from "../ide/paths.ts";
import { logger } from "../logger.ts";
import { printable } from "../text/untrusted.ts";
import { parseMention, parseSpan, type Mention, type Span } from "./ranges.ts";

export interface SendOptions {
  cwd: string;
  env: Env;
  pick: Pick;
  /** How long to wait for claude to connect to a starting instance. */
  waitMs: number;
}

/** The last line a mention or a selection names, if it names any. */
function lastLine(spec: Mention | Span): number | undefined {
  const end = spec.end;
  return typeof end === "object" ? end.line : end;
}

/** The file's number of lines when line is beyond it (an empty file still has a line 1), else undefined. */
function pastTheEnd(path: string, line: number): number | undefined {
  const text = readFileSync(path, "utf8");
  const count = Math.max(1, text.split("\n").length - (text.endsWith("\n") ? 1 : 0));
  return line > count ? count : undefined;
}

/** Shared steps: parse, find the file and its instance; each failure throws a CliError. */
async function locate<T extends Mention | Span>(
  arg: string,
  parse: (arg: string) => T,
  o: SendOptions,
  mustExist: boolean,
): Promise<{ spec: T; path: string; inst: Instance }> {
  const spec = parse(arg);
  const path = canonical(spec.path, o.cwd);
  const isFile = existsSync(path) && statSync(path).isFile();
  if (mustExist ? !isFile : existsSync(path) && !isFile) {
    throw new CliError(`${printable(spec.path)}: ${existsSync(path) ? "not a file" : "no such file"}.`, Exit.NoInput);
  }
  const past = mustExist && isFile && lastLine(spec) !== undefined ? pastTheEnd(path, lastLine(spec)!) : undefined;
  if (past) {
    throw new CliError(`${printable(arg)}: ${printable(spec.path)} has ${past} line${past === 1 ? "" : "s"}; give a line from 1 to ${past}.`, Exit.Usage);
  }
  return { spec, path, inst: await routeTo(path, o.env, o.pick) };
}

export async function mention(arg: string, o: SendOptions): Promise<number> {
  const { spec, path, inst } = await locate(arg, parseMention, o, true);
  const params: NotificationParams<"at_mentioned"> = { filePath: path };
  if (spec.start !== undefined) Object.assign(params, { lineStart: spec.start - 1, lineEnd: spec.end! - 1 });
  await deliver(inst, "at_mentioned", params, o.waitMs);
  const lines = spec.start === undefined ? "" : spec.start === spec.end ? `#L${spec.start}` : `#L${spec.start}-${spec.end}`;
  logger.info(`Mentioned ${printable(relative(inst.row.worktree, path))}${lines} to claude in ${printable(inst.row.worktree)}.`);
  return 0;
}

/**
 * The selection on the wire: 0-based, end exclusive. On the command line a missing start column
 * means the start of the line, a missing end column the end of the line, and an end column is
 * the last selected character (as Vim's and most editors' visual selections report it).
 */
export function selectionOf(span: Span, content: string | undefined, stdinText: string | undefined): NotificationParams<"selection_changed">["selection"] & { text: string } {
  if (!span.start) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, isEmpty: true, text: stdinText ?? "" };
  const lines = (content ?? stdinText ?? "").split("\n");
  const startLine = span.start.line - 1;
  const endLine = span.end!.line - 1;
  const start = { line: startLine, character: (span.start.col ?? 1) - 1 };
  const lastLine = content !== undefined ? (lines[endLine] ?? "") : (lines.at(-1) ?? "");
  const end = { line: endLine, character: span.end!.col ?? lastLine.length };
  const text =
    stdinText ??
    lines
      .slice(startLine, endLine + 1)
      .map((l, i, all) => (i === all.length - 1 ? l.slice(0, end.character) : l))
      .join("\n")
      .slice(start.character);
  return { start, end, isEmpty: text.length === 0, text };
}

export async function select(arg: string, o: SendOptions & { stdinText?: string }): Promise<number> {
  const { spec, path, inst } = await locate(arg, parseSpan, o, o.stdinText === undefined);
  const content = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  const { text, ...selection } = selectionOf(spec, content, o.stdinText);
  await deliver(inst, "selection_changed", { text, filePath: path, fileUrl: fileUri(path), selection }, o.waitMs);
  const what = spec.start ? `${selection.end.line - selection.start.line + 1} line(s) of` : "the active file";
  logger.info(`Selected ${what} ${printable(relative(inst.row.worktree, path))} for claude in ${printable(inst.row.worktree)}.`);
  return 0;
}
