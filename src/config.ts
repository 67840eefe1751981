// cc-wt's configuration: ~/.config/cc-wt/config.toml ($XDG_CONFIG_HOME respected), then the
// worktree's own .cc-wt.toml on top. Every key is declared once here, with its type and default;
// unknown keys are reported, wrong types are errors naming the file and the key.
import { closeSync, constants, existsSync, fstatSync, openSync } from "node:fs";
import { join } from "node:path";
import { DESKTOP_METHODS, type DesktopSetting } from "./alerts/desktop.ts";
import { EVENT_KINDS, type EventKind } from "./alerts/transitions.ts";
import type { DeclaredServer } from "./diagnostics/servers.ts";
import { readAll } from "./fs/owned.ts";
import { printable } from "./text/untrusted.ts";
import { CliError, Exit } from "./errors.ts";
import { homeDir } from "./paths.ts";
import type { Env } from "./env.ts";

export const LAYOUTS = ["tiled", "even-horizontal", "even-vertical", "main-horizontal", "main-vertical"] as const;

/** What a --panes pane does after a clean exit: a shell in its worktree, close, or wait for Enter. */
export const AFTER_EXIT = ["shell", "close", "hold"] as const;
export type AfterExit = (typeof AFTER_EXIT)[number];

export const DIFF_VIEWS = ["auto", "popup", "split", "off"] as const;
export type DiffViewMode = (typeof DIFF_VIEWS)[number];

export interface Config {
  diagnostics: {
    /** `diagnostics = false` turns language-server diagnostics off. */
    enabled: boolean;
    /** [[diagnostics.server]]: servers beyond (or instead of) the detected ones. */
    servers: DeclaredServer[];
  };
  diff: {
    /** Where Claude's proposed edits are shown: a tmux popup, a split pane, or not at all (auto: popup in tmux). */
    view: DiffViewMode;
    /** "auto", "nvim", "vim", "pager", or a command with {old} and {new} in it. */
    viewer: string;
  };
  notify: {
    /** Which events alert at all (every sink). */
    events: EventKind[];
    /** The user's own program, run once per event with CC_WT_* in its environment; user file only. */
    command: string[] | null;
    /** Desktop notifications: auto, off, or one way of sending them. */
    desktop: DesktopSetting;
    /** The tmux message, window mark and bell. */
    tmux: boolean;
  };
  panes: {
    /** tmux layout applied after splitting. */
    layout: (typeof LAYOUTS)[number];
    /** One tmux window per worktree instead of panes in the current window. */
    window: boolean;
    /** Where a branch's new worktree goes: relative to the main worktree, {repo} and {branch} filled in. */
    worktreeDir: string;
    /** After claude exits cleanly (a failure always keeps the pane, with its status). */
    afterExit: AfterExit;
  };
  worktree: {
    /** The user's own command for a new worktree, run there (argv, never a shell). */
    setup: string[] | null;
    /** A repository's proposed command: runs only once the user has approved it (src/worktree/approvals.ts). */
    proposedSetup: string[] | null;
  };
}

export const DEFAULTS: Config = {
  diagnostics: { enabled: true, servers: [] },
  diff: { view: "auto", viewer: "auto" },
  notify: { events: [...EVENT_KINDS], command: null, desktop: "auto", tmux: true },
  panes: { layout: "tiled", window: false, worktreeDir: "../{repo}-{branch}", afterExit: "shell" },
  worktree: { setup: null, proposedSetup: null },
};

interface KeySpec {
  section: keyof Config;
  key: string;
  field: string;
  check(v: unknown): boolean;
  expected: string;
  /** Turns the checked TOML value into the config's own shape, when they differ. */
  convert?(v: unknown): unknown;
  /**
   * Why the key is taken from the user's own file only, never from a repository's .cc-wt.toml:
   * it names a program cc-wt runs, or a place it writes, so cloning a repository and running
   * cc-wt in it would run, or write, what the repository chose.
   */
  userOnly?: string;
  /** Where a repository's value goes instead, as a proposal the user must approve before it is used. */
  proposedField?: string;
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

function isServerTable(v: unknown): boolean {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.name === "string" &&
    strings(s.command) &&
    s.command.length > 0 &&
    strings(s.filetypes) &&
    (s.root_markers === undefined || strings(s.root_markers)) &&
    (s.init_options === undefined || (typeof s.init_options === "object" && !Array.isArray(s.init_options)))
  );
}

function toServer(v: unknown): DeclaredServer {
  const s = v as { name: string; command: string[]; filetypes: string[]; root_markers?: string[]; init_options?: Record<string, unknown> };
  return {
    name: s.name,
    command: s.command,
    extensions: s.filetypes.map((f) => (f.startsWith(".") ? f : `.${f}`)),
    rootMarkers: s.root_markers ?? [],
    initOptions: s.init_options,
  };
}

const KEYS: KeySpec[] = [
  { section: "diagnostics", key: "enabled", field: "enabled", check: (v) => typeof v === "boolean", expected: "true or false" },
  {
    section: "diagnostics",
    key: "server",
    field: "servers",
    check: (v) => Array.isArray(v) && v.every(isServerTable),
    expected: "[[diagnostics.server]] tables with name, command = [..], filetypes = [..] (optional root_markers, init_options)",
    convert: (v) => (v as unknown[]).map(toServer),
    userOnly: "it names a program to run",
  },
  {
    section: "diff",
    key: "view",
    field: "view",
    check: (v) => (DIFF_VIEWS as readonly unknown[]).includes(v),
    expected: `one of ${DIFF_VIEWS.join(", ")}`,
  },
  {
    section: "diff",
    key: "viewer",
    field: "viewer",
    check: (v) =>
      typeof v === "string" && (["auto", "nvim", "vim", "pager"].includes(v) || (v.includes("{old}") && v.includes("{new}"))),
    expected: 'auto, nvim, vim, pager, or a command with {old} and {new}, such as "meld {old} {new}"',
    userOnly: "it names a program to run",
  },
  {
    section: "notify",
    key: "events",
    field: "events",
    check: (v) => strings(v) && v.every((k) => (EVENT_KINDS as readonly string[]).includes(k)),
    expected: `a list of events among ${EVENT_KINDS.map((k) => `"${k}"`).join(", ")}`,
  },
  {
    section: "notify",
    key: "command",
    field: "command",
    check: (v) => strings(v) && v.length > 0 && v[0] !== "",
    expected: 'a program and its arguments, such as ["my-notifier", "--flag"] (run directly, never through a shell)',
    userOnly: "it names a program to run",
  },
  {
    section: "notify",
    key: "desktop",
    field: "desktop",
    check: (v) => (DESKTOP_METHODS as readonly unknown[]).includes(v),
    expected: `one of ${DESKTOP_METHODS.join(", ")}`,
  },
  { section: "notify", key: "tmux", field: "tmux", check: (v) => typeof v === "boolean", expected: "true or false" },
  {
    section: "panes",
    key: "layout",
    field: "layout",
    check: (v) => (LAYOUTS as readonly unknown[]).includes(v),
    expected: `one of ${LAYOUTS.join(", ")}`,
  },
  {
    section: "panes",
    key: "after_exit",
    field: "afterExit",
    check: (v) => (AFTER_EXIT as readonly unknown[]).includes(v),
    expected: `one of ${AFTER_EXIT.join(", ")}`,
  },
  { section: "panes", key: "window", field: "window", check: (v) => typeof v === "boolean", expected: "true or false" },
  {
    section: "panes",
    key: "worktree_dir",
    field: "worktreeDir",
    check: (v) => typeof v === "string" && v.length > 0,
    expected: 'a path such as "../{repo}-{branch}"',
    userOnly: "it decides where cc-wt writes",
  },
  {
    section: "worktree",
    key: "setup",
    field: "setup",
    check: (v) => strings(v) && v.length > 0 && v[0] !== "",
    expected: 'a command as a list of words, such as ["bun", "install"] (it is never run through a shell)',
    proposedField: "proposedSetup",
  },
];

export const userConfigPath = (env: Env): string =>
  join(env.XDG_CONFIG_HOME || join(homeDir(env), ".config"), "cc-wt", "config.toml");

export const REPO_CONFIG = ".cc-wt.toml";

/** A configuration is a few dozen lines; a file far larger is a mistake or an attack on every launch. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/**
 * Bun's TOML parser takes time quadratic in the keys of one table (about 1 s for 20,000). Keys and
 * table headers are counted, over-approximately, by their "=" and "[" before parsing: 2000 of them
 * parse in milliseconds, and are a hundred times what any real configuration needs.
 */
export const MAX_CONFIG_ENTRIES = 2000;

/**
 * The file's text, checked before it is parsed: a regular file (never a FIFO or a device, which
 * could block or never end) of at most MAX_CONFIG_BYTES and MAX_CONFIG_ENTRIES.
 */
function readConfigText(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new CliError(`${printable(path)}: cannot be read (${(e as Error).message})`, Exit.Config);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new CliError(`${printable(path)}: not a regular file`, Exit.Config);
    const tooBig = () => new CliError(`${printable(path)}: ${st.size} bytes is too large for a configuration file (at most ${MAX_CONFIG_BYTES / 1024} KiB)`, Exit.Config);
    if (st.size > MAX_CONFIG_BYTES) throw tooBig();
    const bytes = readAll(fd, st.size, MAX_CONFIG_BYTES);
    if (!bytes) throw tooBig();
    const text = bytes.toString("utf8");
    let entries = 0;
    for (let i = 0; i < text.length; i++) if (text[i] === "=" || text[i] === "[") entries++;
    if (entries > MAX_CONFIG_ENTRIES) {
      throw new CliError(`${printable(path)}: too many keys and tables for a configuration file (${entries} "=" and "[", at most ${MAX_CONFIG_ENTRIES})`, Exit.Config);
    }
    return text;
  } finally {
    closeSync(fd);
  }
}

/** Applies one TOML file over config; returns warnings for keys cc-wt does not know or will not take from it. */
function apply(config: Config, path: string, trusted: boolean): string[] {
  let data: Record<string, unknown>;
  const text = readConfigText(path);
  try {
    data = Bun.TOML.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`${printable(path)}: not valid TOML (${(e as Error).message})`, Exit.Config);
  }
  const warnings: string[] = [];
  for (const [section, value] of Object.entries(data)) {
    // `diagnostics = false` is the short way to turn them off.
    if (section === "diagnostics" && typeof value === "boolean") {
      config.diagnostics.enabled = value;
      continue;
    }
    if (!Object.hasOwn(config, section) || typeof value !== "object" || value === null || Array.isArray(value)) {
      warnings.push(`${printable(path)}: unknown setting "${section}" (known sections: ${Object.keys(config).join(", ")})`);
      continue;
    }
    for (const [key, v] of Object.entries(value)) {
      const spec = KEYS.find((k) => k.section === section && k.key === key);
      if (!spec) {
        const known = KEYS.filter((k) => k.section === section).map((k) => k.key);
        warnings.push(`${printable(path)}: unknown key "${section}.${key}" (known: ${known.join(", ")})`);
      } else if (spec.proposedField && !trusted) {
        if (!spec.check(v)) throw new CliError(`${printable(path)}: ${section}.${key} must be ${spec.expected}, not ${JSON.stringify(v)}`, Exit.Config);
        (config[spec.section] as Record<string, unknown>)[spec.proposedField] = v;
      } else if (spec.userOnly && !trusted) {
        warnings.push(`${printable(path)}: ${section}.${key} is ignored: ${spec.userOnly}, so only your own config.toml may set it`);
      } else if (!spec.check(v)) {
        throw new CliError(`${printable(path)}: ${section}.${key} must be ${spec.expected}, not ${JSON.stringify(v)}`, Exit.Config);
      } else {
        (config[spec.section] as Record<string, unknown>)[spec.field] = spec.convert ? spec.convert(v) : v;
      }
    }
  }
  return warnings;
}

/** The files cc-wt reads its configuration from, in order, whether or not they exist. */
export const configPaths = (workspace: string | undefined, env: Env): string[] => [
  userConfigPath(env),
  ...(workspace ? [join(workspace, REPO_CONFIG)] : []),
];

/** The configuration, what was wrong in it, and the files it was read from (those that exist). */
export function loadConfig(workspace: string | undefined, env: Env): { config: Config; warnings: string[]; files: string[] } {
  const config: Config = structuredClone(DEFAULTS);
  const user = userConfigPath(env);
  const files = configPaths(workspace, env).filter((f) => existsSync(f));
  const warnings = files.flatMap((f) => apply(config, f, f === user));
  return { config, warnings, files };
}
