import type { ArgsDef, CommandDef } from "citty";

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
