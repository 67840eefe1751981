import { accessSync, constants } from "node:fs";
import { printable } from "../text/untrusted.ts";
import type { Env } from "../env.ts";

export const INSTALL_HINT = "npm install -g @anthropic-ai/claude-code";

/** The claude executable: CC_WT_CLAUDE (a path or a command name) or `claude`, looked up on PATH. */
export function findClaude(env: Env): string | undefined {
  const wanted = env.CC_WT_CLAUDE || "claude";
  if (!wanted.includes("/")) return Bun.which(wanted, { PATH: env.PATH ?? "" }) ?? undefined;
  try {
    accessSync(wanted, constants.F_OK);
    return wanted;
  } catch {
    return undefined;
  }
}

const LOOPBACK = ["127.0.0.1", "localhost", "::1"];

/** A NO_PROXY value that also exempts loopback; proxy clients match hosts exactly, so all three. */
export function withLoopback(list: string | undefined): string {
  const entries = (list ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  return [...entries, ...LOOPBACK.filter((h) => !entries.includes(h))].join(",");
}

/**
 * Settings of the user's environment that would silently keep claude off this instance's server
 * (docs/protocol.md): CLAUDE_CODE_AUTO_CONNECT_IDE=false (no auto-connect: the instance would stay
 * "starting") and CLAUDE_CODE_IDE_HOST_OVERRIDE (the client would dial another host).
 */
export const DROPPED_ENV = ["CLAUDE_CODE_AUTO_CONNECT_IDE", "CLAUDE_CODE_IDE_HOST_OVERRIDE"] as const;

/**
 * claude's environment: the user's, pointed at this instance's server. Any CLAUDE_CODE_SSE_PORT
 * inherited from an outer session is replaced, or claude would attach to the wrong IDE.
 */
export function claudeEnv(base: Env, port: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !(DROPPED_ENV as readonly string[]).includes(k)) env[k] = v;
  env.CLAUDE_CODE_SSE_PORT = String(port);
  env.ENABLE_IDE_INTEGRATION = "true";
  env.CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL = "1";
  // The client's proxy bypass is an exact host match: without these a user's HTTP(S)_PROXY would
  // carry the IDE connection off the machine (docs/protocol.md, "Transport").
  env.NO_PROXY = withLoopback(base.NO_PROXY);
  env.no_proxy = withLoopback(base.no_proxy);
  return env;
}

/** The client reads these values of an environment flag as true. */
const truthy = (v: string | undefined) => ["1", "true", "yes", "on"].includes((v ?? "").trim().toLowerCase());

/**
 * claude's arguments. In bare mode (`--bare`, or CLAUDE_CODE_SIMPLE set) the client connects to
 * an IDE only when given `--ide` (docs/protocol.md), so cc-wt adds it, before any `--`.
 */
export function claudeArgs(args: readonly string[], env: Env): string[] {
  const end = args.indexOf("--");
  const own = end === -1 ? args : args.slice(0, end);
  if (!(own.includes("--bare") || truthy(env.CLAUDE_CODE_SIMPLE)) || own.includes("--ide")) return [...args];
  return [...own, "--ide", ...args.slice(own.length)];
}

/** `claude --version`'s answer, or why there is none. */
export function claudeVersion(claude: string | undefined, env: Env): { ok: boolean; text: string } {
  if (!claude) return { ok: false, text: `not found: ${INSTALL_HINT}` };
  const p = Bun.spawnSync([claude, "--version"], { stdout: "pipe", stderr: "ignore", env });
  // Printed by --version and --doctor: what a program says, and its path, are outside text.
  return p.success ? { ok: true, text: printable(p.stdout.toString().trim()) } : { ok: false, text: printable(`${claude} (--version failed)`) };
}
