// The diagnostics of an instance, loaded on first use: the LSP library and any server start only
// when Claude starts working or first asks, so a launch never pays for them. A worktree no server
// applies to never loads them at all: the library alone is megabytes an instance would keep for
// good after its first openDiff (README, Benchmarks, "After load").
import type { Config } from "../config.ts";
import type { Log } from "../debuglog.ts";
import type { DiagnosticsSource, FileDiagnostics } from "../ide/ports.ts";
import { fileUri, pathOf } from "../ide/paths.ts";
import type { Diagnostics } from "./manager.ts";
import { detectServers, type ServerSpec } from "./servers.ts";
import { claudeTrusts } from "./trust.ts";
import type { Env } from "../env.ts";

/** With no server, nothing is known to be wrong: for one file, an entry with no diagnostics (as the manager answers). */
const noneKnown = (uri: string | undefined): FileDiagnostics[] => (uri ? [{ uri: fileUri(pathOf(uri)), diagnostics: [] }] : []);

/**
 * onAvailable: a server applies now where none did before (the tool list changes). loadManager:
 * the module with the manager and the LSP library (the tests count its loads).
 */
export function lazyDiagnostics(
  workspace: string,
  config: Config,
  env: Env,
  log: Log,
  onAvailable: () => void = () => {},
  loadManager: () => Promise<{ Diagnostics: typeof Diagnostics }> = () => import("./manager.ts"),
): DiagnosticsSource | undefined {
  if (!config.diagnostics.enabled) return undefined;
  let specs: ServerSpec[] | undefined;
  const detect = () => {
    // Asked afresh each time: the user may accept Claude's trust dialog after the launch.
    const found = detectServers(workspace, env, config.diagnostics.servers, claudeTrusts(workspace, env));
    for (const m of found.missing) log(`diagnostics: ${m}`);
    log(`diagnostics: ${found.specs.map((s) => `${s.name} (${s.command.join(" ")})`).join(", ") || "no server for this worktree"}`);
    return found.specs;
  };
  const available = () => (specs ??= detect()).length > 0;
  let manager: Promise<Diagnostics> | undefined;
  /** Only once a server applies (available()): the manager is made with the servers found. */
  const load = () => (manager ??= loadManager().then(({ Diagnostics }) => new Diagnostics(workspace, specs!, log)));
  return {
    get: async (uri, deadlineMs) => {
      if (!available()) return noneKnown(uri);
      const started = Date.now();
      const m = await load();
      return m.get(uri, Math.max(0, deadlineMs - (Date.now() - started)));
    },
    track: (path) => void (available() && load().then((m) => m.track(path))),
    warm() {
      if (!available()) {
        specs = detect();
        if (specs.length === 0) return;
        onAvailable();
      }
      void load().then((m) => m.warm());
    },
    available,
    stop: async () => {
      if (manager) await (await manager).stop();
    },
  };
}
