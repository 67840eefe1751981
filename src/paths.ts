import { join, sep } from "node:path";
import type { Env } from "./env.ts";

/** Whether path is dir or inside it (both absolute, as the OS gives them). */
export const isInside = (dir: string, path: string): boolean => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * The home directory, as os.homedir() gives it: HOME when set, else the user database. node:os is
 * asked only then: every command loads this module, and loading node:os costs a compiled program
 * about 0.3 ms (README, Benchmarks).
 */
export const homeDir = (env: Env = process.env): string => env.HOME || os().homedir();

/** The directory for temporary files (TMPDIR, else /tmp), as os.tmpdir() gives it. */
export const tempDir = (): string => os().tmpdir();

const os = () => require("node:os") as typeof import("node:os");

/** Where Claude keeps its state; the client honours CLAUDE_CONFIG_DIR, so must we (docs/protocol.md, "The lock file"). */
export const claudeConfigDir = (env: Env = process.env): string => env.CLAUDE_CONFIG_DIR || join(homeDir(env), ".claude");

export const ideLockDir = (env: Env = process.env): string => join(claudeConfigDir(env), "ide");

/** cc-wt's own per-user state (debug logs), kept apart from Claude's files. */
export const stateDir = (env: Env = process.env): string =>
  join(env.XDG_STATE_HOME || join(homeDir(env), ".local", "state"), "cc-wt");

/** Claude's global settings (trust, diffTool): .claude.json in CLAUDE_CONFIG_DIR, else in the home directory. */
export const claudeGlobalConfigPath = (env: Env = process.env): string => join(env.CLAUDE_CONFIG_DIR || homeDir(env), ".claude.json");
