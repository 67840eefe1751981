import type { CommandDef } from "citty";
import { argSpecs, HELP_FLAGS, splitArgv, VERSION_FLAGS } from "./argv.ts";
import run, { launch } from "./commands/run.ts";
import { CliError, Exit } from "./errors.ts";
import { claudeVersion, findClaude } from "./launch/claude.ts";
import { logger } from "./logger.ts";
import { MODES } from "./modes.ts";
import { printable } from "./text/untrusted.ts";
import { VERSION } from "./version.ts";

/** The exact flags a command declares, as they appear on the command line, plus help and version. */
export function flagsOf(cmd: CommandDef<any>): Set<string> {
  return new Set([...argSpecs(cmd).flatMap((a) => a.flags), ...HELP_FLAGS, ...VERSION_FLAGS]);
}

/** Both versions: a bug report about the IDE connection needs the client's version as much as ours. */
export function versionText(env: Record<string, string | undefined> = process.env): string {
  return `cc-wt ${VERSION}\nclaude ${claudeVersion(findClaude(env), env).text}\n`;
}

async function printHelp(cmd?: CommandDef<any>): Promise<number> {
  // Loaded on demand: colour support probes the terminal, which the launch path need not pay for.
  const { helpText, modeHelpText } = await import("./help.ts");
  process.stdout.write(cmd ? modeHelpText(cmd) : helpText());
  return 0;
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

async function runMode(flag: string, cmd: CommandDef<any>, argv: readonly string[]): Promise<number> {
  const end = argv.indexOf("--");
  const head = end < 0 ? argv : argv.slice(0, end);
  if (head.some((a) => HELP_FLAGS.includes(a))) return printHelp(cmd);
  const problem = badModeArgs(cmd, head);
  if (problem) throw new CliError(`${flag}: ${problem}. See \`cc-wt ${flag} --help\`.`, Exit.Usage);
  const claudeArgs = end < 0 ? [] : argv.slice(end + 1);
  const { runCommand } = await import("citty");
  const { result } = await runCommand(cmd, { rawArgs: [...head], data: { claudeArgs } });
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
  const mode = head.map((a) => a.split("=")[0]!).find((a) => Object.hasOwn(MODES, a));
  if (mode) return runMode(mode, await MODES[mode]!(), argv);

  const { own, claude } = splitArgv(argv, flagsOf(run));
  if (own.some((a) => HELP_FLAGS.includes(a))) return printHelp();
  if (own.some((a) => VERSION_FLAGS.includes(a))) {
    process.stdout.write(versionText());
    return 0;
  }
  return launch(launchArgs(own), claude);
}

/**
 * The launch's own flags as citty would parse them. citty is not loaded for a launch (it brings
 * node:util, and every launch pays for what it loads): the launch's flags are all booleans
 * (test/unit/argv.test.ts), and splitArgv has already picked out exactly them.
 */
export function launchArgs(own: readonly string[]): Record<string, boolean> {
  const args: Record<string, boolean> = {};
  for (const a of argSpecs(run)) args[a.name] = a.flags.some((f) => own.includes(f));
  return args;
}
