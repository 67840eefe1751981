// `cc-wt --doctor`: what cc-wt would use in this worktree, and whether it works.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configPaths, loadConfig } from "./config.ts";
import type { Log } from "./debuglog.ts";
import { CliError } from "./errors.ts";
import { detectServers, type ServerSpec } from "./diagnostics/servers.ts";
import { claudeTrusts } from "./diagnostics/trust.ts";
import { chooseDiffViews } from "./diff/choose.ts";
import { findWorkspace } from "./git.ts";
import { claudeVersion, findClaude } from "./launch/claude.ts";
import { claudeGlobalConfigPath } from "./paths.ts";
import { TMUX_MIN, tmuxNewEnough, tmuxVersion } from "./tmux.ts";
import type { Env } from "./env.ts";

export interface Check {
  name: string;
  ok: boolean;
  /** Not installed, as opposed to installed and not working: only the latter fails --doctor… */
  absent?: boolean;
  /** …unless cc-wt cannot work without it (claude). */
  required?: boolean;
  detail: string;
}

const START_TIMEOUT_MS = 10_000;


/**
 * Claude's own diffTool setting: anything but "auto" (the default) and the client never sends an
 * edit to the IDE (no openDiff), so the diff view never opens (docs/protocol.md).
 */
export function diffToolCheck(env: Env): Check | undefined {
  const file = claudeGlobalConfigPath(env);
  let value: unknown;
  try {
    value = (JSON.parse(readFileSync(file, "utf8")) as { diffTool?: unknown }).diffTool;
  } catch {
    return undefined; // no settings yet, or Claude's own problem to report
  }
  if (value === undefined || value === "auto") return undefined;
  return {
    name: "claude diffTool",
    ok: false,
    // The value and path are shown as data by the command's output (printable, jsonText).
    detail: `${JSON.stringify(value)} in ${file}: Claude keeps edits in its terminal and never opens them in cc-wt's diff view; set it back to "auto" with /config (Diff tool)`,
  };
}

async function tryServer(spec: ServerSpec, workspace: string): Promise<Check> {
  const { LspClient } = await import("./diagnostics/client.ts");
  const lines: string[] = [];
  const client = new LspClient(spec, workspace, (m) => lines.push(m), () => {});
  const t0 = performance.now();
  try {
    await Promise.race([
      client.start(),
      Bun.sleep(START_TIMEOUT_MS).then(() => Promise.reject(new Error(`no answer to initialize within ${START_TIMEOUT_MS / 1000} s`))),
    ]);
    return { name: `diagnostics: ${spec.name}`, ok: true, detail: `${spec.command.join(" ")} (started in ${Math.round(performance.now() - t0)} ms)` };
  } catch (e) {
    const why = lines.find((l) => /failed|stderr/.test(l)) ?? (e as Error).message;
    return { name: `diagnostics: ${spec.name}`, ok: false, detail: `${spec.command.join(" ")}: ${why}` };
  } finally {
    await client.stop();
  }
}

export async function doctor(cwd: string, env: Env): Promise<Check[]> {
  const checks: Check[] = [];
  const ws = await findWorkspace(cwd);
  checks.push({ name: "workspace", ok: true, detail: ws.inGit ? `${ws.root} (branch ${ws.branch ?? "?"})` : `${cwd} (not a git repository)` });

  const claude = findClaude(env);
  const version = claudeVersion(claude, env);
  // Not optional like the others: without claude cc-wt does nothing (the command then exits 127).
  checks.push({ name: "claude", ok: version.ok, absent: !claude, required: true, detail: claude && version.ok ? `${claude} ${version.text}` : version.text });

  const tmux = tmuxVersion(env);
  const tmuxOk = tmuxNewEnough(tmux);
  checks.push({
    name: "tmux",
    ok: tmuxOk,
    absent: !tmux,
    detail: tmux ? `${tmux.join(".")}${tmuxOk ? "" : `: --panes and diff popups need ${TMUX_MIN.join(".")}+`}` : "not installed (needed for --panes and the diff view)",
  });

  let config;
  try {
    const loaded = loadConfig(ws.root, env);
    config = loaded.config;
    const read = loaded.files.length ? `read ${loaded.files.join(", ")}` : `no file (looked for ${configPaths(ws.root, env).join(", ")})`;
    checks.push({ name: "configuration", ok: loaded.warnings.length === 0, detail: [read, ...loaded.warnings].join("; ") });
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    checks.push({ name: "configuration", ok: false, detail: e.message });
    return checks;
  }
  const claudeSettings = claudeGlobalConfigPath(env);
  checks.push({ name: "claude settings", ok: true, detail: existsSync(claudeSettings) ? `read ${claudeSettings} (diffTool)` : `${claudeSettings} (not there yet)` });

  const notes: string[] = [];
  const log: Log = (m) => notes.push(m);
  let views;
  try {
    views = chooseDiffViews(config, env, ws.root, log);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    checks.push({ name: "diff view", ok: false, detail: e.message });
    return checks;
  }
  const diffTool = diffToolCheck(env);
  if (diffTool) checks.push(diffTool);
  checks.push({ name: "diff view", ok: true, detail: views ? notes.at(-1)!.replace(/^diff view: /, "") : `off${notes.length ? ` (${notes.join("; ")})` : env.TMUX ? "" : " (not inside tmux)"}` });

  if (!config.diagnostics.enabled) {
    checks.push({ name: "diagnostics", ok: true, detail: "off (diagnostics = false)" });
    return checks;
  }
  const { specs, missing } = detectServers(ws.root, env, config.diagnostics.servers, claudeTrusts(ws.root, env));
  for (const m of missing) checks.push({ name: "diagnostics", ok: false, absent: true, detail: m });
  if (specs.length === 0 && missing.length === 0) checks.push({ name: "diagnostics", ok: true, detail: "no language server applies to this worktree" });
  for (const spec of specs) checks.push(await tryServer(spec, ws.root));
  return checks;
}
