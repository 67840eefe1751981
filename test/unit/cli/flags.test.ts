// cc-wt sits in front of claude and must not steal its flags. The pinned client's own --help is
// the reference, so a new claude flag that collides shows up here when the pin moves.
import { expect, test } from "bun:test";
import { join, resolve } from "node:path";
import { HELP_FLAGS, VERSION_FLAGS } from "../../../src/cli/argv.ts";
import run from "../../../src/commands/run.ts";
import { flagsOf } from "../../../src/cli/argv.ts";
import { COMMANDS } from "../../../src/cli/meta.ts";

const claude = join(resolve(import.meta.dir, "../../.."), "node_modules", ".bin", "claude");

function claudeFlags(): Set<string> {
  const help = Bun.spawnSync([claude, "--help"], { stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  expect(help.success).toBe(true);
  // Every dashed word anywhere in the help, descriptions included: erring towards "claude's".
  return new Set(help.stdout.toString().match(/(?<![\w-])--?[A-Za-z][\w-]*/g) ?? []);
}

test("cc-wt's own flags never shadow claude's, except help and version", () => {
  const theirs = claudeFlags();
  const shared = [...HELP_FLAGS, ...VERSION_FLAGS];
  // The parse found claude's flags at all (and the ones we knowingly share are among them).
  for (const flag of [...shared, "--continue", "--resume", "--print", "--settings", "--worktree"]) {
    expect(theirs).toContain(flag);
  }
  // In run mode every flag but these reaches claude; a mode flag (--list…) takes over the whole
  // command line, so only the mode flags themselves, not the flags of each mode, must stay clear.
  const ours = [...flagsOf(run), ...Object.keys(COMMANDS)].filter((f) => !shared.includes(f));
  expect(ours.length).toBeGreaterThan(0);
  expect(ours.filter((f) => theirs.has(f))).toEqual([]);
});

test("cc-wt's own flags are all dashed: a bare word is a claude prompt", () => {
  for (const flag of [...flagsOf(run), ...Object.keys(COMMANDS)]) expect(flag).toMatch(/^-/);
});
