import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { stateDir } from "./paths.ts";

export type Log = (message: string) => void;

/**
 * The per-instance debug log. Never the terminal: claude draws on it. Off unless asked for with
 * CC_WT_DEBUG=1 (default path) or CC_WT_DEBUG=/some/file, or --cc-wt-debug. Owner-only, because
 * it records protocol traffic that can include file contents.
 */
export function debugLogPath(env: Record<string, string | undefined>, flag: boolean): string | undefined {
  const v = env.CC_WT_DEBUG;
  if (v && v !== "0" && v !== "1" && v !== "true") return v;
  if (flag || v === "1" || v === "true") return join(stateDir(env), "logs", `cc-wt-${process.pid}.log`);
  return undefined;
}

/** Throws, with the reason, when the log cannot be written where asked. */
export function openDebugLog(path: string | undefined): Log {
  if (!path) return () => {};
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  appendFileSync(path, "", { mode: 0o600 });
  return (message) => {
    try {
      appendFileSync(path, `${new Date().toISOString()} ${message}\n`, { mode: 0o600 });
    } catch {
      // A full disk must not take the IDE server down with it.
    }
  };
}
