// The command line, from argv to an exit status: a mode flag runs that command (loaded then),
// anything else is a launch of claude. Every CliError, wherever it was thrown, becomes one message
// and its status here.
import type { CommandDef, ParsedArgs } from "citty";
import run, { launch } from "../commands/run.ts";
import type { Env } from "../env.ts";
import { CliError, Exit } from "../errors.ts";
import { claudeVersion, findClaude } from "../launch/claude.ts";
import { logger } from "../logger.ts";
import { VERSION } from "../version.ts";
import { badModeArgs, flagArgs, flagsOf, HELP_FLAGS, onlyFlags, splitArgv, VERSION_FLAGS } from "./argv.ts";
import type { CommandData } from "./meta.ts";
import { isCommandName, LOADERS, loadCommands } from "./registry.ts";

/** Both versions: a bug report about the IDE connection needs the client's version as much as ours. */
export function versionText(env: Env = process.env): string {
  return `cc-wt ${VERSION}\nclaude ${claudeVersion(findClaude(env), env).text}\n`;
}

async function printHelp(cmd?: CommandDef<any>): Promise<number> {
  // Loaded on demand: colour support probes the terminal, which the launch path need not pay for.
  const { helpText, modeHelpText } = await import("./help.ts");
  process.stdout.write(cmd ? modeHelpText(cmd) : helpText());
  return 0;
}

async function runMode(flag: string, cmd: CommandDef<any>, argv: readonly string[]): Promise<number> {
  const end = argv.indexOf("--");
  const head = end < 0 ? argv : argv.slice(0, end);
  if (head.some((a) => HELP_FLAGS.includes(a))) return printHelp(cmd);
  const problem = badModeArgs(cmd, head);
  if (problem) throw new CliError(`${flag}: ${problem}. See \`cc-wt ${flag} --help\`.`, Exit.Usage);
  const claudeArgs = end < 0 ? [] : argv.slice(end + 1);
  const data: CommandData = { claudeArgs, loadCommands };
  // Flags only (and none written --flag=value, which citty would refuse): no need for citty.
  if (onlyFlags(cmd) && !head.some((a) => a.includes("="))) {
    const args = { _: [], ...flagArgs(cmd, head) } as unknown as ParsedArgs;
    return (await cmd.run!({ args, rawArgs: [...head], cmd, data })) as number;
  }
  const { runCommand } = await import("citty");
  const { result } = await runCommand(cmd, { rawArgs: [...head], data });
  return result as number;
}

/** The one place a CliError, thrown wherever the problem was found, becomes a message and a status. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    logger.error(e.message);
    return e.exit;
  }
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const end = argv.indexOf("--");
  const head = end < 0 ? argv : argv.slice(0, end);
  const mode = head.map((a) => a.split("=")[0]!).find(isCommandName);
  if (mode) return runMode(mode, await LOADERS[mode](), argv);

  const { own, claude } = splitArgv(argv, flagsOf(run));
  if (own.some((a) => HELP_FLAGS.includes(a))) return printHelp();
  if (own.some((a) => VERSION_FLAGS.includes(a))) {
    process.stdout.write(versionText());
    return 0;
  }
  return launch(flagArgs(run, own), claude);
}
