import type { ArgsDef, CommandDef } from "citty";
import run from "../commands/run.ts";
import { printable } from "../text/untrusted.ts";

// claude owns almost every argument, including bare words (prompts) and -h anywhere. So cc-wt
// splits argv itself, before any CLI library sees it, taking only the exact flags it declares.

export interface SplitArgv {
  /** cc-wt's own flags, in order, for citty to parse. */
  own: string[];
  /** Everything else, unchanged and in order, for claude. */
  claude: string[];
}

/** cc-wt's flags that claude also has, taken by cc-wt on purpose; everything else of claude's is left alone. */
export const HELP_FLAGS = ["--help", "-h"];
export const VERSION_FLAGS = ["--version", "-v"];

/** `--` ends cc-wt's parsing; it is consumed, and what follows goes to claude verbatim. */
export function splitArgv(argv: readonly string[], ownFlags: ReadonlySet<string>): SplitArgv {
  const own: string[] = [];
  const claude: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      claude.push(...argv.slice(i + 1));
      break;
    }
    (ownFlags.has(arg) ? own : claude).push(arg);
  }
  return { own, claude };
}

/** One declared argument of a command, as the parser, the help and the completions all see it. */
export interface ArgSpec {
  name: string;
  /** How it is written on the command line: --name, then any -alias. Empty for a positional. */
  flags: string[];
  description: string;
  positional: boolean;
  takesValue: boolean;
  valueHint?: string;
}

/** The one reading of a citty command's `args`. */
export function argSpecs(cmd: CommandDef<any>): ArgSpec[] {
  return Object.entries((cmd.args ?? {}) as ArgsDef).map(([name, def]) => {
    const positional = def.type === "positional";
    const aliases = [(def as { alias?: string | string[] }).alias ?? []].flat().map((a) => `-${a}`);
    return {
      name,
      flags: positional ? [] : [`--${name}`, ...aliases],
      description: def.description ?? "",
      positional,
      takesValue: def.type === "string" || def.type === "enum",
      valueHint: (def as { valueHint?: string }).valueHint,
    };
  });
}

/** The exact flags a command declares, as they appear on the command line, plus help and version. */
export function flagsOf(cmd: CommandDef<any>): Set<string> {
  return new Set([...argSpecs(cmd).flatMap((a) => a.flags), ...HELP_FLAGS, ...VERSION_FLAGS]);
}

/** Why a mode's arguments are wrong, or undefined: a mode owns every argument before `--`. */
export function badModeArgs(cmd: CommandDef<any>, head: readonly string[]): string | undefined {
  const specs = argSpecs(cmd);
  const takesPositional = specs.some((a) => a.positional);
  const takesValue = new Set(specs.filter((a) => a.takesValue).flatMap((a) => a.flags));
  const known = flagsOf(cmd);
  for (let i = 0; i < head.length; i++) {
    const arg = head[i]!;
    if (!arg.startsWith("-")) {
      if (!takesPositional) return `takes no arguments, but got "${printable(arg)}"`;
      continue;
    }
    const name = arg.split("=")[0]!;
    if (!known.has(name)) return `unknown option ${printable(name)}`;
    if (takesValue.has(name) && !arg.includes("=") && ++i >= head.length) return `${printable(name)} needs a value`;
  }
  return undefined;
}

/** A command whose every argument is a flag (a boolean, no default) and that has no hooks or subcommands: flagArgs parses it. */
export const onlyFlags = (cmd: CommandDef<any>): boolean =>
  !cmd.setup && !cmd.cleanup && !cmd.subCommands && Object.values((cmd.args ?? {}) as ArgsDef).every((d) => d.type === "boolean" && d.default === undefined);

/**
 * The flags of a command that takes only flags (onlyFlags), as citty would parse them, by their
 * declared names: each true when present. citty is not loaded for these (it brings node:util,
 * about 1 ms, and every command pays for what it loads): the launch, whose flags splitArgv has
 * already picked out exactly, and a mode like --list, whose arguments badModeArgs has checked.
 */
export function flagArgs(cmd: CommandDef<any>, own: readonly string[]): Record<string, boolean> {
  const args: Record<string, boolean> = {};
  for (const a of argSpecs(cmd)) args[a.name] = a.flags.some((f) => own.includes(f));
  return args;
}
