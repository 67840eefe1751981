import { runCommand, type ArgsDef, type CommandDef } from "citty";
import { HELP_FLAGS, splitArgv, VERSION_FLAGS } from "./argv.ts";
import run from "./commands/run.ts";
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
    // Loaded on demand: colour support probes the terminal, which the launch path need not pay for.
    const { helpText } = await import("./help.ts");
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
