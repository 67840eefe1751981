// Shows Claude's proposed edit in the user's own diff tool, in a tmux popup or a pane beside
// Claude, and turns how the tool exits into openDiff's answer.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Subprocess } from "bun";
import type { Log } from "../debuglog.ts";
import { MAX_FILE_BYTES, type DiffRequest, type DiffVerdict, type OpenedDiffView } from "../ide/ports.ts";
import { readRegularFile } from "../fs/owned.ts";
import { printable, tmuxLiteral, tmuxVerbatim } from "../text/untrusted.ts";
import { tempDir } from "../paths.ts";
import { besideOwnPane, shQuote, tmux } from "../tmux.ts";
import { verdictOf } from "./outcome.ts";
import { fillViewer } from "./viewers.ts";
import type { Env } from "../env.ts";

export interface DiffViewOptions {
  mode: "popup" | "split";
  /** A viewer command with {old} and {new} (src/diff/viewers.ts). */
  viewer: string;
  workspace: string;
  env: Env;
  log: Log;
  /** Where the private copies go (default: the system's temporary directory). */
  tmpRoot?: string;
}

const POLL_MS = 100;

export class TmuxDiffViews {
  constructor(private readonly o: DiffViewOptions) {}

  /**
   * The attached clients, each with the pane it shows (its session's current window's active
   * pane): the focus rule of src/alerts/focus.ts, asked synchronously as openDiff is answered.
   */
  #clients(): { name: string; pane: string }[] {
    try {
      return tmux(this.o.env, "list-clients", "-F", "#{pane_id}|#{client_name}")
        .split("\n")
        .filter(Boolean)
        .map((l) => ({ pane: l.slice(0, l.indexOf("|")), name: l.slice(l.indexOf("|") + 1) }));
    } catch {
      return [];
    }
  }

  /** Every attached client hears where the view waits (the names in it are made literal for tmux). */
  #tell(clients: readonly { name: string }[], text: string): void {
    for (const c of clients) {
      try {
        tmux(this.o.env, "display-message", "-c", c.name, "-d", "5000", tmuxLiteral(text));
      } catch {
        // a client that detached meanwhile
      }
    }
  }

  open(req: DiffRequest): OpenedDiffView {
    // Private files (mkdtemp makes the directory 0700): the proposed contents may be secret.
    const dir = mkdtempSync(join(this.o.tmpRoot ?? tempDir(), "cc-wt-diff-"));
    try {
      return this.#show(req, dir);
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  #show(req: DiffRequest, dir: string): OpenedDiffView {
    // The copies keep the file's name, so the viewer shows it and highlights by its extension;
    // a control character in it is made visible (the viewer prints the name). The name reaches
    // the shell only through shQuote, and tmux never sees it: its shell command is not expanded.
    // The two folders name the sides in every viewer's headers (current/x.ts, proposed/x.ts).
    const base = printable(basename(req.oldPath));
    const name = base === "" || base === "." || base === ".." ? "file" : base;
    const oldFile = join(dir, "current", name);
    const newFile = join(dir, "proposed", name);
    const statusFile = join(dir, "status");
    mkdirSync(join(dir, "current"));
    mkdirSync(join(dir, "proposed"));
    // Claude names the file: only a regular file is read (a FIFO or a device would hang or fill
    // the instance); a file that is not there yet is a new one.
    const current = readRegularFile(req.oldPath, MAX_FILE_BYTES);
    if (!current.ok && current.why !== "missing") throw new Error(`${printable(req.oldPath)} is ${current.why}: not shown`);
    writeFileSync(oldFile, current.ok ? current.data : "");
    writeFileSync(newFile, req.proposed);
    // Written whole or not at all: a poll must never read a half-written status.
    const script = `${fillViewer(this.o.viewer, oldFile, newFile)}; echo $? > ${shQuote(`${statusFile}.tmp`)} && mv ${shQuote(`${statusFile}.tmp`)} ${shQuote(statusFile)}`;

    // The tab name comes from Claude (it holds the file's name) and the workspace is a folder
    // name: tmux expands both in titles and start directories, so they go in literal form.
    const title = tmuxLiteral(req.tabName);
    const start = tmuxVerbatim(this.o.workspace);
    // The focus rule: the view may take the keyboard only from someone looking at this Claude's
    // pane. A popup always takes its client's keyboard, so it opens only on such a client;
    // otherwise the view waits in a pane beside Claude, opened without the focus (-d), and every
    // client is told where it is: keys meant for the user's shell never land in the viewer.
    const own = besideOwnPane(this.o.env);
    const clients = this.#clients();
    const lookers = own.length ? clients.filter((c) => c.pane === own[1]) : [];
    const focus = lookers.length > 0;
    let pane: string | undefined;
    let popup: Subprocess | undefined;
    const inPane = () => {
      pane = tmux(this.o.env, "split-window", "-h", ...(focus ? [] : ["-d"]), ...own, "-c", start, "-P", "-F", "#{pane_id}", script);
      if (!focus) this.#tell(clients, `cc-wt: Claude's edit to ${name} waits in pane ${pane} (${basename(this.o.workspace)}), or answer in Claude`);
      try {
        tmux(this.o.env, "select-pane", "-t", pane, "-T", title);
      } catch {
        // A viewer that was done at once has taken its pane with it.
      }
    };
    if (this.o.mode === "popup" && focus) {
      // display-popup waits for the popup to close: run it in the background. tmux ignores a
      // popup asked for while the client already shows one; then the view goes in a pane.
      popup = Bun.spawn(["tmux", "display-popup", "-c", lookers[0]!.name, "-E", "-w", "90%", "-h", "90%", "-d", start, "-T", ` ${title} `, script], {
        env: this.o.env,
        stdio: ["ignore", "ignore", "ignore"],
      });
      popup.exited.then(() => {
        if (!closed && !existsSync(statusFile)) {
          this.o.log(`diff popup for ${req.tabName} did not show: using a pane`);
          popup = undefined;
          try {
            inPane();
          } catch (e) {
            this.o.log(`diff pane for ${req.tabName} failed too: ${(e as Error).message}`);
          }
        }
      });
    } else inPane();
    this.o.log(`diff view for ${req.tabName}: ${popup ? "popup" : `pane ${pane}`}${focus ? "" : " (the user is elsewhere: no focus taken)"}`);

    let timer: Timer | undefined;
    let closed = false;
    const removeView = () => {
      try {
        if (pane) tmux(this.o.env, "kill-pane", "-t", pane);
        // Only while our popup is open: -C closes whatever popup the client shows.
        else if (popup && popup.exitCode === null) tmux(this.o.env, "display-popup", "-C");
      } catch {
        // already gone
      }
    };
    const finish = () => {
      closed = true;
      clearInterval(timer);
      rmSync(dir, { recursive: true, force: true });
    };
    const done = new Promise<DiffVerdict>((resolve) => {
      timer = setInterval(() => {
        if (!existsSync(statusFile)) return;
        let result: DiffVerdict;
        try {
          const code = Number(readFileSync(statusFile, "utf8").trim());
          result = verdictOf(code, req.proposed, readFileSync(newFile, "utf8"));
        } catch (e) {
          // A viewer that removed its file: the edit is not accepted, and cc-wt carries on.
          this.o.log(`diff view for ${req.tabName}: ${(e as Error).message}`);
          result = { kind: "rejected" };
        }
        finish();
        // The viewer has exited; with the user's remain-on-exit its pane would stay, dead.
        if (pane) removeView();
        resolve(result);
      }, POLL_MS);
    });
    return {
      done,
      close: () => {
        if (closed) return;
        removeView();
        finish();
      },
    };
  }
}
