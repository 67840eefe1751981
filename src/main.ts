import { runCommand, type ArgsDef, type CommandDef } from "citty";
import { HELP_FLAGS, splitArgv, VERSION_FLAGS } from "./argv.ts";
import run from "./commands/run.ts";
import { renderHelp } from "./help.ts";
import { findClaude } from "./launch/claude.ts";
import { VERSION } from "./version.ts";

/** The exact flags a command declares, as they appear on the command line, plus help and version. */
export function flagsOf(cmd: CommandDef<any>): Set<string> {
  const args = (cmd.args ?? {}) as ArgsDef;
  const flags = Object.entries(args).flatMap(([name, def]) => [
    `--${name}`,
    ...[(def as { alias?: string | string[] }).alias ?? []].flat().map((a) => `-${a}`),
  ]);
  return new Set([...flags, ...HELP_FLAGS, ...VERSION_FLAGS]);
}

export function helpText(): string {
  return renderHelp({
    description: `cc-wt ${VERSION}: run claude with its own IDE connection for this git worktree`,
    usage: "cc-wt [OPTIONS] [CLAUDE ARGS…]",
    args: run.args as ArgsDef,
    extra: [
      ["-h, --help", "Show this help (claude's own: cc-wt -- --help)"],
      ["-v, --version", "Show the versions of cc-wt and claude"],
    ],
    footer: `Every other argument goes to claude unchanged and in order: prompts, -c, --resume ID, -p…
Everything after -- goes to claude, so \`cc-wt -- --help\` shows claude's own help.

ENVIRONMENT
  CC_WT_CLAUDE       claude executable to run (default: claude on PATH)
  CC_WT_DEBUG        1 for a debug log under $XDG_STATE_HOME/cc-wt/logs, or a file path
  CC_WT_PORT_RANGE   ports to bind, LO-HI (default: any free loopback port)
  CLAUDE_CONFIG_DIR  Claude's config directory; lock files go to its ide/ folder

EXIT STATUS
  claude's own status (128+N when killed by signal N); 64 bad setting, 73 lock file or server
  could not be created, 126 claude not executable, 127 claude not found.`,
  });
}

/** Both versions: a bug report about the IDE connection needs the client's version as much as ours. */
export function versionText(env: Record<string, string | undefined> = process.env): string {
  const claude = findClaude(env);
  let claudeVersion = "not found";
  if (claude) {
    const proc = Bun.spawnSync([claude, "--version"], { stdout: "pipe", stderr: "ignore", env });
    claudeVersion = proc.success ? proc.stdout.toString().trim() : `${claude} (--version failed)`;
  }
  return `cc-wt ${VERSION}\nclaude ${claudeVersion}\n`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const { own, claude } = splitArgv(argv, flagsOf(run));
  if (own.some((a) => HELP_FLAGS.includes(a))) {
    process.stdout.write(helpText());
    return 0;
  }
  if (own.some((a) => VERSION_FLAGS.includes(a))) {
    process.stdout.write(versionText());
    return 0;
  }
  const { result } = await runCommand(run, { rawArgs: own, data: { claudeArgs: claude } });
  return result as number;
}
