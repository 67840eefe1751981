import { expect, test } from "bun:test";
import { defineCommand, type ArgsDef } from "citty";
import { argSpecs, splitArgv } from "../../../src/cli/argv.ts";
import run from "../../../src/commands/run.ts";
import { flagsOf } from "../../../src/cli/argv.ts";

// The real command's flags, so a flag added to cc-wt is split the way users will see it.
const split = (...argv: string[]) => splitArgv(argv, flagsOf(run));

test("a command's flags are its declared names and aliases, plus help and version", () => {
  const cmd = defineCommand({
    args: { "dry-run": { type: "boolean", alias: ["n", "N"] }, port: { type: "string", alias: "p" } },
  });
  expect([...flagsOf(cmd)].sort()).toEqual(["--dry-run", "--help", "--port", "--version", "-N", "-h", "-n", "-p", "-v"]);
  expect(flagsOf(run)).toContain("--cc-wt-debug");
});

test("claude's arguments pass through unchanged and in order", () => {
  const argv = ["fix the bug in main.ts", "-c", "--resume", "abc-123", "-w", "feature x", "-p", "--model", "opus"];
  expect(split(...argv)).toEqual({ own: [], claude: argv });
});

test("own flags are taken wherever they appear before --, leaving the rest in order", () => {
  expect(split("-c", "--cc-wt-debug", "say hi", "-h", "-p")).toEqual({
    own: ["--cc-wt-debug", "-h"],
    claude: ["-c", "say hi", "-p"],
  });
});

test("only exact flags are cc-wt's: look-alikes and prompts containing them go to claude", () => {
  const argv = ["--cc-wt-debug=1", "--helpful", "-hv", "what does --help do?"];
  expect(split(...argv)).toEqual({ own: [], claude: argv });
});

test("-- is consumed and everything after it goes to claude, own flags and another -- included", () => {
  expect(split("--cc-wt-debug", "-c", "--", "--help", "--cc-wt-debug", "--", "-v")).toEqual({
    own: ["--cc-wt-debug"],
    claude: ["-c", "--help", "--cc-wt-debug", "--", "-v"],
  });
});

test("a trailing -- leaves nothing extra for claude", () => {
  expect(split("-p", "--")).toEqual({ own: [], claude: ["-p"] });
});

test("a mode's arguments: unknown flags, stray words and missing values are named", async () => {
  const { badModeArgs } = await import("../../../src/cli/argv.ts");
  const { LOADERS } = await import("../../../src/cli/registry.ts");
  const list = await LOADERS["--list"]();
  const panes = await LOADERS["--panes"]();
  expect(badModeArgs(list, ["--list", "--json", "-a"])).toBeUndefined();
  expect(badModeArgs(list, ["--list", "--bogus"])).toBe("unknown option --bogus");
  expect(badModeArgs(list, ["--list", "stray"])).toBe('takes no arguments, but got "stray"');
  expect(badModeArgs(panes, ["--panes", "a", "b", "--layout", "tiled", "--new"])).toBeUndefined();
  expect(badModeArgs(panes, ["--panes", "--layout=tiled"])).toBeUndefined();
  expect(badModeArgs(panes, ["--panes", "--layout"])).toBe("--layout needs a value");
  // A positional argument is not a flag.
  expect(badModeArgs(panes, ["--panes", "--targets"])).toBe("unknown option --targets");
});

test("the launch's own flags, and a mode's that takes only flags, are parsed without citty as citty would", async () => {
  const { flagArgs, onlyFlags } = await import("../../../src/cli/argv.ts");
  const list = (await import("../../../src/commands/list.ts")).default;
  // flagArgs reads presence only: a flag taking a value, or with a default, needs citty's parser.
  expect(onlyFlags(run)).toBe(true);
  expect(flagArgs(run, ["--cc-wt-debug"])).toEqual({ "cc-wt-debug": true });
  expect(flagArgs(run, [])).toEqual({ "cc-wt-debug": false });
  expect(onlyFlags(list)).toBe(true);
  expect(onlyFlags((await import("../../../src/commands/status-line.ts")).default)).toBe(true);
  expect(flagArgs(list, ["--list", "-a", "--json"])).toEqual({ list: true, all: true, json: true, wide: false });
  const others: ArgsDef[] = [{ port: { type: "string" } }, { n: { type: "boolean", default: true } }, { name: { type: "positional" } }];
  for (const args of others) {
    expect(onlyFlags(defineCommand({ args }))).toBe(false);
  }
  expect(onlyFlags(defineCommand({ args: { x: { type: "boolean" } }, setup() {} }))).toBe(false);
});
