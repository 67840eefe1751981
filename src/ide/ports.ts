// What the IDE core needs from the things plugged into it, declared here so that the core depends
// on nothing it plugs in: the diff view (src/diff/) and the diagnostics source
// (src/diagnostics/) implement these; the tools and the server only ever see these shapes.

/** openDiff carries whole files; a file larger than this is not shown (docs/protocol.md). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** An edit Claude proposes, to show to the user. */
export interface DiffRequest {
  /** The file as it is (Claude's old_file_path; may not exist yet). */
  oldPath: string;
  /** The whole file as Claude proposes it. */
  proposed: string;
  /** The tab's name, as Claude gave it (holds the file's name). */
  tabName: string;
}

/** What the user did in the view: the openDiff tool turns it into the client's reply. */
export type DiffVerdict = { kind: "accepted" } | { kind: "edited"; contents: string } | { kind: "rejected" };

/** Something showing one diff; closed when the tab ends some other way (Claude's prompt, a disconnect). */
export interface DiffView {
  close(): void;
}

export interface OpenedDiffView extends DiffView {
  /** Settles when the user leaves the viewer; never, if the view is closed first. */
  done: Promise<DiffVerdict>;
}

export interface DiffViews {
  /** The view of one proposed edit, or undefined where none can be shown (the reason goes to the debug log). */
  open(req: DiffRequest): OpenedDiffView | undefined;
}

/** What getDiagnostics answers per file (docs/protocol.md). */
export interface FileDiagnostics {
  uri: string;
  diagnostics: {
    message: string;
    severity: "Error" | "Warning" | "Info" | "Hint";
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    source?: string;
    code?: string;
  }[];
}

/** The worktree's language-server diagnostics. */
export interface DiagnosticsSource {
  /** Throws when a file's diagnostics cannot be known within the deadline. */
  get(uri: string | undefined, deadlineMs: number): Promise<FileDiagnostics[]>;
  /** Start following a file (one Claude is about to edit), without waiting for anything. */
  track(path: string): void;
  /**
   * Claude is starting to work: start the servers and let them load the project, without waiting.
   * While no server applies, look again (one may have been installed or configured since).
   */
  warm(): void;
  /** Whether a language server applies to this worktree (as last looked up). */
  available(): boolean;
  stop(): Promise<void>;
}
