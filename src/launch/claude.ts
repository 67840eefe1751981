import { accessSync, constants } from "node:fs";
import { printable } from "../text/untrusted.ts";

type Env = Record<string, string | undefined>;

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
 * claude's environment: the user's, pointed at this instance's server. Any CLAUDE_CODE_SSE_PORT
 * inherited from an outer session is replaced, or claude would attach to the wrong IDE.
 */
export function claudeEnv(base: Env, port: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  env.CLAUDE_CODE_SSE_PORT = String(port);
  env.ENABLE_IDE_INTEGRATION = "true";
  env.CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL = "1";
  // The client's proxy bypass is an exact host match: without these a user's HTTP(S)_PROXY would
  // carry the IDE connection off the machine (protocol.md §3).
  env.NO_PROXY = withLoopback(base.NO_PROXY);
  env.no_proxy = withLoopback(base.no_proxy);
  return env;
}

/** `claude --version`'s answer, or why there is none. */
export function claudeVersion(claude: string | undefined, env: Env): { ok: boolean; text: string } {
  if (!claude) return { ok: false, text: `not found: ${INSTALL_HINT}` };
  const p = Bun.spawnSync([claude, "--version"], { stdout: "pipe", stderr: "ignore", env });
  // Printed by --version and --doctor: what a program says, and its path, are outside text.
  return p.success ? { ok: true, text: printable(p.stdout.toString().trim()) } : { ok: false, text: printable(`${claude} (--version failed)`) };
}
