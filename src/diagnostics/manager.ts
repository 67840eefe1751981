// The diagnostics of one worktree, kept warm for Claude: files are synced to their language
// servers when Claude looks at or edits them, followed on disk, and every answer comes from the
// cache within the client's deadline (docs/protocol.md, "Calls the client makes by itself"), however slow a server is.
import { readdirSync, readFileSync, statSync, watch, type FSWatcher } from "node:fs";
import { readRegularFile } from "../fs/owned.ts";
import { extname, join } from "node:path";
import type { Log } from "../debuglog.ts";
import { fileUri, pathOf } from "../ide/paths.ts";
import { LspClient, type LspDiagnostic } from "./client.ts";
import type { FileDiagnostics } from "../ide/ports.ts";
import type { ServerSpec } from "./servers.ts";


const SEVERITY = ["Error", "Error", "Warning", "Info", "Hint"] as const;
const DEBOUNCE_MS = 50;

interface Tracked {
  client: LspClient;
  mtimeMs: number;
  size: number;
  watcher?: FSWatcher;
  timer?: Timer;
  /** The latest sync; `known` once the server has reported on the text it sent. */
  latest?: Promise<void>;
  known: boolean;
}

/**
 * A file's diagnostics could not be known in time (its server is still starting, or has not
 * reported on the file yet). Answering "no problems" instead would make the client take every
 * existing problem for one its edit caused (docs/protocol.md): the call fails instead.
 */
/** A source file larger than this is not sent to a language server. */
const MAX_TRACKED_BYTES = 16 * 1024 * 1024;

export class DiagnosticsUnknown extends Error {}

/** How many directory entries warm() looks through for a file to open: enough for a project's top levels. */
const WARM_SCAN_LIMIT = 2000;

/**
 * A file of the project with one of these extensions (the first-listed kind first), breadth first,
 * skipping dependencies, hidden folders, declarations and tool configuration files (`*.config.*`:
 * often outside the project proper, so opening one would not load it).
 */
export function sampleFile(workspace: string, extensions: readonly string[]): string | undefined {
  const rank = (name: string) => (/\.d\.[cm]?ts$|\.config\./.test(name) ? -1 : extensions.indexOf(extname(name)));
  const queue = [workspace];
  let seen = 0;
  while (queue.length && seen < WARM_SCAN_LIMIT) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    seen += entries.length;
    const files = entries.filter((e) => e.isFile() && rank(e.name) >= 0).sort((a, b) => rank(a.name) - rank(b.name));
    if (files[0]) return join(dir, files[0].name);
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules") queue.push(join(dir, e.name));
  }
  return undefined;
}

export class Diagnostics {
  readonly #clients = new Map<ServerSpec, LspClient>();
  readonly #cache = new Map<string, LspDiagnostic[]>();
  readonly #tracked = new Map<string, Tracked>();
  /** Syncs under way: an answer waits for them, up to its deadline. */
  readonly #inflight = new Set<Promise<void>>();
  #warmed = false;

  constructor(
    private readonly workspace: string,
    readonly specs: readonly ServerSpec[],
    private readonly log: Log,
  ) {}

  #client(spec: ServerSpec): LspClient {
    let c = this.#clients.get(spec);
    if (!c) {
      c = new LspClient(spec, this.workspace, this.log, (path, diags) => this.#cache.set(path, diags));
      this.#clients.set(spec, c);
    }
    return c;
  }

  #sync(path: string, t: Tracked): Promise<void> {
    let text: string;
    try {
      const st = statSync(path);
      [t.mtimeMs, t.size] = [st.mtimeMs, st.size];
      // Only a regular file is read: a FIFO or a device named by Claude must not block the instance.
      const read = readRegularFile(path, MAX_TRACKED_BYTES);
      if (!read.ok) throw new Error(read.why);
      text = read.data.toString("utf8");
    } catch {
      // Not there (a file Claude is about to create), or nothing a language server could check.
      this.#cache.set(path, []);
      [t.latest, t.known] = [undefined, true];
      return Promise.resolve();
    }
    t.known = false;
    const p: Promise<void> = t.client
      .sync(path, text)
      .then(() => {
        if (t.latest === p) t.known = true;
      })
      .catch((e) => this.log(`${t.client.spec.name}: sync of ${path} failed: ${(e as Error).message}`))
      .finally(() => this.#inflight.delete(p));
    t.latest = p;
    this.#inflight.add(p);
    return p;
  }

  /** Follows a file from now on: open it in its server, and resync (debounced) when it changes on disk. */
  track(path: string): Promise<void> {
    const known = this.#tracked.get(path);
    if (known) return Promise.resolve();
    const spec = this.specs.find((s) => s.extensions.includes(extname(path)));
    if (!spec) return Promise.resolve();
    const t: Tracked = { client: this.#client(spec), mtimeMs: 0, size: -1, known: false };
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

  /**
   * Claude is starting to work: start every server and open one file of its kind, so that the
   * project is loaded before Claude's first edit asks for a baseline.
   */
  warm(): void {
    if (this.#warmed) return;
    this.#warmed = true;
    for (const spec of this.specs) {
      const sample = sampleFile(this.workspace, spec.extensions);
      this.log(`diagnostics: warming ${spec.name}${sample ? ` with ${sample}` : ""}`);
      if (sample) void this.track(sample).then(() => this.log(`diagnostics: ${spec.name} is warm`));
      else void this.#client(spec).start().catch(() => {});
    }
  }

  /**
   * The answer to getDiagnostics, from the cache, after waiting at most deadlineMs for due updates.
   * For one file whose server has not reported on it as it is now: DiagnosticsUnknown. Files no
   * server handles have none, truly.
   */
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
    if (uri) {
      const path = pathOf(uri);
      const t = this.#tracked.get(path);
      if (t && !(t.known && this.#cache.has(path))) {
        throw new DiagnosticsUnknown(`the diagnostics of ${path} are not known yet (${t.client.spec.name} has not reported on it); ask again shortly`);
      }
      return [entry(path)];
    }
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
