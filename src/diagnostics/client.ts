// One language server, spoken to over stdio with the LSP library (vscode-languageserver-protocol
// does the framing and JSON-RPC). Diagnostics arrive pushed (publishDiagnostics) or are pulled
// (textDocument/diagnostic) after each change, whichever the server offers; either way they land
// in the owner's cache through onDiagnostics.
import { spawn, type ChildProcess } from "node:child_process";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-languageserver-protocol/node";
import type { Log } from "../debuglog.ts";
import type { ServerSpec } from "./servers.ts";

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}

const LANGUAGE_IDS: Record<string, string> = {
  ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "typescriptreact",
  ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascriptreact",
  ".py": "python", ".pyi": "python", ".rs": "rust", ".go": "go",
};

const RESTART_BACKOFF_MS = [500, 2000, 8000, 30_000];

export class LspClient {
  #proc: ChildProcess | undefined;
  #conn: MessageConnection | undefined;
  #ready: Promise<void> | undefined;
  #pull = false;
  /** Open documents: path → [version, text], replayed after a restart. */
  readonly #open = new Map<string, [number, string]>();
  #crashes = 0;
  #stopping = false;
  #restartTimer: Timer | undefined;
  /** Push servers: syncs waiting until the server has published for their version of the file. */
  readonly #awaitingPublish = new Map<string, () => void>();
  /** Publishes received per file, to match them to changes when the server does not say the version. */
  readonly #published = new Map<string, number>();

  constructor(
    readonly spec: ServerSpec,
    private readonly workspace: string,
    private readonly log: Log,
    private readonly onDiagnostics: (path: string, diagnostics: LspDiagnostic[]) => void,
  ) {}

  /** Starts the server once; later calls wait for the same start. */
  start(): Promise<void> {
    this.#ready ??= this.#launch();
    return this.#ready;
  }

  async #launch(): Promise<void> {
    if (this.#stopping) throw new Error(`${this.spec.name} is stopped`);
    const [cmd, ...args] = this.spec.command;
    const proc = spawn(cmd!, args, { cwd: this.workspace, stdio: ["pipe", "pipe", "pipe"] });
    this.#proc = proc;
    proc.stderr!.on("data", (d: Buffer) => this.log(`${this.spec.name} stderr: ${d.toString().trimEnd().slice(0, 500)}`));
    proc.on("error", (e) => this.log(`${this.spec.name} failed to start: ${e.message}`));
    proc.on("exit", (code, signal) => this.#exited(code, signal));
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.#conn = conn;
    conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version?: number; diagnostics: LspDiagnostic[] }) => {
      const path = this.#pathOf(p.uri);
      if (!path) return;
      const current = this.#open.get(path)?.[0] ?? 0;
      if (p.version !== undefined && p.version < current) return; // about an older text
      const count = (this.#published.get(path) ?? 0) + 1;
      this.#published.set(path, count);
      this.onDiagnostics(path, p.diagnostics);
      // One publish per change is the rule; a server that coalesces leaves the wait to the deadline.
      if (p.version !== undefined || count >= current) this.#awaitingPublish.get(path)?.();
    });
    // Requests a client may get: configuration (one answer per item asked), a refresh of pulled
    // diagnostics (pull them all again), and the rest (registerCapability…) acknowledged.
    conn.onRequest((method, params) => {
      if (method === "workspace/configuration") return ((params as { items?: unknown[] })?.items ?? []).map(() => null);
      if (method === "workspace/diagnostic/refresh") void this.#pullAll();
      return null;
    });
    conn.onError(([e]) => this.log(`${this.spec.name} connection error: ${e.message}`));
    conn.listen();
    const rootUri = pathToFileURL(this.workspace).href;
    const init = (await conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: this.workspace }],
      initializationOptions: this.spec.initOptions,
      capabilities: {
        textDocument: {
          synchronization: { didSave: false },
          publishDiagnostics: { relatedInformation: false },
          diagnostic: { dynamicRegistration: false },
        },
        workspace: { workspaceFolders: true, configuration: true },
      },
    })) as { capabilities?: { diagnosticProvider?: unknown } };
    this.#pull = Boolean(init.capabilities?.diagnosticProvider);
    conn.sendNotification("initialized", {});
    this.log(`${this.spec.name} started (pid ${proc.pid}, ${this.#pull ? "pull" : "push"} diagnostics)`);
    for (const [path, [version, text]] of this.#open) this.#didOpen(path, version, text);
  }

  #pathOf(uri: string): string | undefined {
    for (const path of this.#open.keys()) if (pathToFileURL(path).href === uri) return path;
    return undefined;
  }

  #didOpen(path: string, version: number, text: string) {
    const ext = path.slice(path.lastIndexOf("."));
    this.#conn!.sendNotification("textDocument/didOpen", {
      textDocument: { uri: pathToFileURL(path).href, languageId: LANGUAGE_IDS[ext] ?? "plaintext", version, text },
    });
  }

  /** Tells the server what the file holds now; with pull diagnostics, asks for them at once. */
  async sync(path: string, text: string): Promise<void> {
    await this.start();
    const conn = this.#conn!;
    const known = this.#open.get(path);
    if (known && known[1] === text) return;
    const version = (known?.[0] ?? 0) + 1;
    this.#open.set(path, [version, text]);
    if (!known) this.#didOpen(path, version, text);
    else {
      conn.sendNotification("textDocument/didChange", {
        textDocument: { uri: pathToFileURL(path).href, version },
        contentChanges: [{ text }],
      });
    }
    if (!this.#pull) {
      // A push server publishes after a change; the sync is done when that has come (or never,
      // if the server stays silent: the caller's deadline bounds the wait). An earlier sync of the
      // same file is superseded: it must not be left waiting forever.
      this.#awaitingPublish.get(path)?.();
      return new Promise<void>((resolve) =>
        this.#awaitingPublish.set(path, () => {
          this.#awaitingPublish.delete(path);
          resolve();
        }),
      );
    }
    // A change to one file can break another (an export's type): pull every open document.
    await this.#pullAll();
  }

  async #pull1(path: string): Promise<void> {
    const version = this.#open.get(path)?.[0];
    const report = (await this.#conn!.sendRequest("textDocument/diagnostic", {
      textDocument: { uri: pathToFileURL(path).href },
    })) as { kind: string; items?: LspDiagnostic[] };
    if (report.kind === "full" && this.#open.get(path)?.[0] === version) this.onDiagnostics(path, report.items ?? []);
  }

  async #pullAll(): Promise<void> {
    if (!this.#conn || !this.#pull) return;
    await Promise.all([...this.#open.keys()].map((p) => this.#pull1(p).catch((e) => this.log(`${this.spec.name}: pull for ${p}: ${(e as Error).message}`))));
  }

  #exited(code: number | null, signal: NodeJS.Signals | null) {
    this.#conn?.dispose();
    this.#conn = undefined;
    if (this.#stopping) return;
    const delay = RESTART_BACKOFF_MS[Math.min(this.#crashes, RESTART_BACKOFF_MS.length - 1)]!;
    this.#crashes++;
    this.log(`${this.spec.name} exited (code ${code}, signal ${signal}); restarting in ${delay} ms`);
    this.#ready = new Promise((resolve, reject) => {
      this.#restartTimer = setTimeout(() => this.#launch().then(resolve, reject), delay);
    });
    this.#ready.catch((e) => this.log(`${this.spec.name} restart failed: ${(e as Error).message}`));
  }

  /** shutdown + exit, as the protocol asks; killed if it does not go within a second. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    const proc = this.#proc;
    if (!proc || proc.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    try {
      await Promise.race([this.#conn?.sendRequest("shutdown"), Bun.sleep(1000)]);
      this.#conn?.sendNotification("exit");
    } catch {
      // the server is already going
    }
    await Promise.race([gone, Bun.sleep(1000)]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
  }
}
