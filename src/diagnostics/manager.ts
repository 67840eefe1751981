// The diagnostics of one worktree, kept warm for Claude: files are synced to their language
// servers when Claude looks at or edits them, followed on disk, and every answer comes from the
// cache within the client's deadline (protocol.md §5), however slow a server is.
import { readFileSync, statSync, watch, type FSWatcher } from "node:fs";
import { extname } from "node:path";
import type { Log } from "../debuglog.ts";
import { fileUri } from "../ide/paths.ts";
import { LspClient, type LspDiagnostic } from "./client.ts";
import type { ServerSpec } from "./servers.ts";

/** What getDiagnostics answers per file (protocol.md §5). */
export interface FileDiagnostics {
  uri: string;
  diagnostics: {
    message: string;
    severity: "Error" | "Warning" | "Info" | "Hint";
    range: LspDiagnostic["range"];
    source?: string;
    code?: string;
  }[];
}

const SEVERITY = ["Error", "Error", "Warning", "Info", "Hint"] as const;
const DEBOUNCE_MS = 50;

/** The path in a uri the client sent: file:// and the raw path (protocol.md §5). */
export const pathOf = (uri: string) => (uri.startsWith("file://") ? uri.slice("file://".length) : uri);

interface Tracked {
  client: LspClient;
  mtimeMs: number;
  size: number;
  watcher?: FSWatcher;
  timer?: Timer;
}

export class Diagnostics {
  readonly #clients = new Map<ServerSpec, LspClient>();
  readonly #cache = new Map<string, LspDiagnostic[]>();
  readonly #tracked = new Map<string, Tracked>();
  /** Syncs under way: an answer waits for them, up to its deadline. */
  readonly #inflight = new Set<Promise<void>>();

  constructor(
    private readonly root: string,
    readonly specs: readonly ServerSpec[],
    private readonly log: Log,
  ) {}

  #client(spec: ServerSpec): LspClient {
    let c = this.#clients.get(spec);
    if (!c) {
      c = new LspClient(spec, this.root, this.log, (path, diags) => this.#cache.set(path, diags));
      this.#clients.set(spec, c);
    }
    return c;
  }

  #sync(path: string, t: Tracked): Promise<void> {
    let text: string;
    try {
      const st = statSync(path);
      [t.mtimeMs, t.size] = [st.mtimeMs, st.size];
      text = readFileSync(path, "utf8");
    } catch {
      this.#cache.delete(path);
      return Promise.resolve();
    }
    const p = t.client
      .sync(path, text)
      .catch((e) => this.log(`${t.client.spec.name}: sync of ${path} failed: ${(e as Error).message}`))
      .finally(() => this.#inflight.delete(p));
    this.#inflight.add(p);
    return p;
  }

  /** Follows a file from now on: open it in its server, and resync (debounced) when it changes on disk. */
  track(path: string): Promise<void> {
    const known = this.#tracked.get(path);
    if (known) return Promise.resolve();
    const spec = this.specs.find((s) => s.extensions.includes(extname(path)));
    if (!spec) return Promise.resolve();
    const t: Tracked = { client: this.#client(spec), mtimeMs: 0, size: -1 };
    this.#tracked.set(path, t);
    try {
      t.watcher = watch(path, () => {
        clearTimeout(t.timer);
        t.timer = setTimeout(() => this.#sync(path, t), DEBOUNCE_MS);
      });
    } catch {
      // not there yet (a file Claude is creating): the mtime check in get() still catches it
    }
    return this.#sync(path, t);
  }

  /** Resyncs followed files changed on disk since their last sync (the watcher may not have fired, or watch an old inode). */
  #resyncStale(paths: Iterable<string> = this.#tracked.keys()): void {
    for (const path of paths) {
      const t = this.#tracked.get(path);
      if (!t) continue;
      try {
        const st = statSync(path);
        if (st.mtimeMs !== t.mtimeMs || st.size !== t.size) this.#sync(path, t);
      } catch {
        // deleted: nothing to check
      }
    }
  }

  /** The answer to getDiagnostics, from the cache, after waiting at most deadlineMs for due updates. */
  async get(uri: string | undefined, deadlineMs: number): Promise<FileDiagnostics[]> {
    const deadline = Bun.sleep(deadlineMs);
    if (uri) {
      this.#resyncStale([pathOf(uri)]);
      await Promise.race([this.track(pathOf(uri)), deadline]);
    } else this.#resyncStale();
    await Promise.race([Promise.allSettled([...this.#inflight]), deadline]);
    const entry = (path: string): FileDiagnostics => ({
      uri: fileUri(path),
      diagnostics: (this.#cache.get(path) ?? []).map((d) => ({
        message: d.message,
        severity: SEVERITY[d.severity ?? 1] ?? "Error",
        range: d.range,
        ...(d.source !== undefined && { source: d.source }),
        ...(d.code !== undefined && { code: String(d.code) }),
      })),
    });
    if (uri) return [entry(pathOf(uri))];
    return [...this.#cache.entries()].filter(([, d]) => d.length > 0).map(([path]) => entry(path));
  }

  async stop(): Promise<void> {
    for (const t of this.#tracked.values()) {
      t.watcher?.close();
      clearTimeout(t.timer);
    }
    await Promise.all([...this.#clients.values()].map((c) => c.stop()));
  }
}
