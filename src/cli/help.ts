// cc-wt's help and each command's, in citty's shape. The overview reads every command's meta,
// not the commands themselves: `cc-wt --help` loads none of them.
import type { CommandDef } from "citty";
import { colorsFor } from "../colors.ts";
import run from "../commands/run.ts";
import { exitStatusLines } from "../errors.ts";
import { VERSION } from "../version.ts";
import { argSpecs, type ArgSpec } from "./argv.ts";
import { COMMANDS, type CommandMeta } from "./meta.ts";

export interface HelpPage {
  description: string;
  usage: string;
  args: ArgSpec[];
  /** Extra flags not declared as citty args (handled before citty runs), as [flags, description]. */
  extra?: [string, string][];
  /** Rows listed before the flags (positional arguments). */
  extraBefore?: [string, string][];
  footer?: string;
}

const flagLabel = (a: ArgSpec): string =>
  [...a.flags.slice(1), a.flags[0]].join(", ") + (a.takesValue ? ` <${a.valueHint ?? a.name}>` : "");

/** Help in the shape of citty's, plain when stdout is not a terminal or NO_COLOR is set (citty colours regardless). */
export function renderHelp(page: HelpPage, pc = colorsFor(process.stdout)): string {
  const rows: [string, string][] = [
    ...(page.extraBefore ?? []),
    ...page.args.map((a): [string, string] => [flagLabel(a), a.description]),
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
    args: argSpecs(run),
    extra: [
      ...Object.values(COMMANDS).map((c): [string, string] => [c.name, `${c.description} (${c.name} --help)`]),
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
  claude's own status (128+N when killed by signal N), or one of cc-wt's:
${exitStatusLines().join("\n")}`,
  });
}

export function modeHelpText(cmd: CommandDef<any>): string {
  const meta = cmd.meta as CommandMeta;
  const specs = argSpecs(cmd);
  const positional = specs.find((a) => a.positional);
  const self = specs.find((a) => a.flags[0] === meta.name);
  const value = self?.takesValue ? ` ${self.valueHint}` : "";
  const rest = positional ? ` [${positional.name.toUpperCase()}…]` : "";
  return renderHelp({
    description: meta.description,
    usage: `cc-wt ${meta.name}${value} [OPTIONS]${rest}${meta.takesClaudeArgs ? " [-- CLAUDE ARGS…]" : ""}`,
    // A boolean mode flag only names the mode; one that takes a value is documented like any flag.
    args: specs.filter((a) => !a.positional && !(a === self && !value)),
    extraBefore: positional ? [[positional.name.toUpperCase(), positional.description]] : [],
    extra: [["-h, --help", "Show this help"]],
  });
}
