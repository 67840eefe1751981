// The diagnostics of an instance, loaded on first use: the LSP library and any server start only
// when Claude first asks, so a launch never pays for them.
import type { Config } from "../config.ts";
import type { Log } from "../debuglog.ts";
import type { Diagnostics, FileDiagnostics } from "./manager.ts";
import { detectServers } from "./servers.ts";

type Env = Record<string, string | undefined>;

export interface DiagnosticsSource {
  get(uri: string | undefined, deadlineMs: number): Promise<FileDiagnostics[]>;
  /** Start following a file (one Claude is about to edit), without waiting for anything. */
  track(path: string): void;
  stop(): Promise<void>;
}

export function lazyDiagnostics(root: string, config: Config, env: Env, log: Log): DiagnosticsSource | undefined {
  if (!config.diagnostics.enabled) return undefined;
  let manager: Promise<Diagnostics> | undefined;
  // Which servers apply is worked out on first use too: a launch only notes that it may ask.
  const load = () =>
    (manager ??= import("./manager.ts").then(({ Diagnostics }) => {
      const { specs, missing } = detectServers(root, env, config.diagnostics.servers);
      for (const m of missing) log(`diagnostics: ${m}`);
      log(`diagnostics: ${specs.map((s) => `${s.name} (${s.command.join(" ")})`).join(", ") || "no server for this worktree"}`);
      return new Diagnostics(root, specs, log);
    }));
  return {
    get: async (uri, deadlineMs) => {
      const started = Date.now();
      const m = await load();
      return m.get(uri, Math.max(0, deadlineMs - (Date.now() - started)));
    },
    track: (path) => void load().then((m) => m.track(path)),
    stop: async () => {
      if (manager) await (await manager).stop();
    },
  };
}
