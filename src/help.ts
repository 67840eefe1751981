import type { ArgDef, ArgsDef } from "citty";
import { colorsFor } from "./colors.ts";
import type { CommandDef } from "citty";
import run from "./commands/run.ts";
import { MODES } from "./modes.ts";
import { VERSION } from "./version.ts";

export interface HelpPage {
  description: string;
  usage: string;
  args: ArgsDef;
  /** Extra flags not declared as citty args (handled before citty runs), as [flags, description]. */
  extra?: [string, string][];
  /** Rows listed before the flags (positional arguments). */
  extraBefore?: [string, string][];
  footer?: string;
}

const flagLabel = (name: string, def: ArgDef): string => {
  const aliases = [(def as { alias?: string | string[] }).alias ?? []].flat().map((a) => `-${a}`);
  const hint = def.type === "string" ? ` <${(def as { valueHint?: string }).valueHint ?? name}>` : "";
  return [...aliases, `--${name}`].join(", ") + hint;
};

/** Help in the shape of citty's, plain when stdout is not a terminal or NO_COLOR is set (citty colours regardless). */
export function renderHelp(page: HelpPage, pc = colorsFor(process.stdout)): string {
  const rows: [string, string][] = [
    ...(page.extraBefore ?? []),
    ...Object.entries(page.args).map(([name, def]): [string, string] => [flagLabel(name, def), def.description ?? ""]),
    ...(page.extra ?? []),
  ];
  const width = Math.max(...rows.map(([f]) => f.length));
  const lines = [
    page.description,
    "",
    `${pc.bold(pc.underline("USAGE"))} ${pc.cyan(page.usage)}`,
    "",
    pc.bold(pc.underline("OPTIONS")),
    "",
    ...rows.map(([f, d]) => `  ${pc.cyan(f.padEnd(width))}  ${d}`),
  ];
  if (page.footer) lines.push("", page.footer);
  return `${lines.join("\n")}\n`;
}

export function helpText(): string {
  return renderHelp({
    description: `cc-wt ${VERSION}: run claude with its own IDE connection for this git worktree`,
    usage: "cc-wt [OPTIONS] [CLAUDE ARGS…]",
    args: run.args as ArgsDef,
    extra: [
      ...Object.entries(MODES).map(([flag, cmd]): [string, string] => [flag, `${(cmd.meta as { description: string }).description} (${flag} --help)`]),
      ["-h, --help", "Show this help (claude's own: cc-wt -- --help)"],
      ["-v, --version", "Show the versions of cc-wt and claude"],
    ],
    footer: `Every other argument goes to claude unchanged and in order: prompts, -c, --resume ID, -p…
Everything after -- goes to claude, so \`cc-wt -- --help\` shows claude's own help.

ENVIRONMENT
  CC_WT_CLAUDE       claude executable to run (default: claude on PATH)
  CC_WT_DEBUG        1 for a debug log under $XDG_STATE_HOME/cc-wt/logs, or a file path
  CC_WT_DIFF_VIEW    popup, split, auto or off: where proposed edits are shown (tmux)
  CC_WT_PORT_RANGE   ports to bind, LO-HI (default: any free loopback port)
  CLAUDE_CONFIG_DIR  Claude's config directory; lock files go to its ide/ folder

EXIT STATUS
  claude's own status (128+N when killed by signal N); 64 bad setting, 73 lock file or server
  could not be created, 78 bad configuration file, 126 claude not executable, 127 claude not found.`,
  });
}


export function modeHelpText(cmd: CommandDef<any>): string {
  const meta = cmd.meta as { name: string; description: string };
  const args = cmd.args as ArgsDef;
  const positional = Object.entries(args).find(([, def]) => def.type === "positional");
  const self = args[meta.name.slice(2)] as { type?: string; valueHint?: string } | undefined;
  const value = self?.type === "string" ? ` ${self.valueHint}` : "";
  const rest = positional ? ` [${positional[0].toUpperCase()}…]` : "";
  return renderHelp({
    description: meta.description,
    usage: `cc-wt ${meta.name}${value} [OPTIONS]${rest}${meta.name === "--panes" ? " [-- CLAUDE ARGS…]" : ""}`,
    // A boolean mode flag only names the mode; one that takes a value is documented like any flag.
    args: Object.fromEntries(
      Object.entries(args).filter(([name, def]) => def.type !== "positional" && !(`--${name}` === meta.name && !value)),
    ),
    extraBefore: positional ? [[positional[0].toUpperCase(), positional[1].description ?? ""]] : [],
    extra: [["-h, --help", "Show this help"]],
  });
}
