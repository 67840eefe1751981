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
