// The diagnostics of an instance, loaded on first use: the LSP library and any server start only
// when Claude starts working or first asks, so a launch never pays for them.
import type { Config } from "../config.ts";
import type { Log } from "../debuglog.ts";
import type { DiagnosticsSource } from "../ide/ports.ts";
import type { Diagnostics } from "./manager.ts";
import { detectServers, type ServerSpec } from "./servers.ts";
import { claudeTrusts } from "./trust.ts";
import type { Env } from "../env.ts";

/** onAvailable: a server applies now where none did before (the tool list changes). */
export function lazyDiagnostics(workspace: string, config: Config, env: Env, log: Log, onAvailable: () => void = () => {}): DiagnosticsSource | undefined {
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
  const load = () => {
    available();
    return (manager ??= import("./manager.ts").then(({ Diagnostics }) => new Diagnostics(workspace, specs!, log)));
  };
  return {
    get: async (uri, deadlineMs) => {
      const started = Date.now();
      const m = await load();
      return m.get(uri, Math.max(0, deadlineMs - (Date.now() - started)));
    },
    track: (path) => void load().then((m) => m.track(path)),
    warm() {
      if (!available()) {
        specs = detect();
        if (specs.length === 0) return;
        // The manager made while there was no server has nothing running: start afresh.
        const old = manager;
        manager = undefined;
        void old?.then((m) => m.stop());
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
