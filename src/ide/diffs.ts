import type { DiffView } from "./ports.ts";
import { failure, text, type ToolResult } from "./result.ts";

interface PendingDiff {
  peer: number;
  resolve(result: ToolResult): void;
  view?: DiffView;
}

/**
 * The diff tabs cc-wt has open for Claude. An openDiff call blocks the client's request until its
 * tab is answered, so every way a tab can end (closed by Claude, client gone, cc-wt stopping) must
 * resolve it, or the promise and its file contents would live forever.
 */
export class DiffRegistry {
  readonly #pending = new Map<string, PendingDiff>();

  get size(): number {
    return this.#pending.size;
  }

  open(tabName: string, peer: number, view?: DiffView): Promise<ToolResult> {
    // Reopening a tab replaces it, as an editor focuses the existing tab; the old call must not hang.
    this.#settle(tabName, failure(`diff tab ${tabName} was replaced by a newer one`));
    return new Promise((resolve) => this.#pending.set(tabName, { peer, resolve, view }));
  }

  /** The user answered in the diff view itself. */
  answer(tabName: string, result: ToolResult): boolean {
    return this.#settle(tabName, result);
  }

  /** Claude closed the tab after answering in its own prompt: report it closed as proposed. */
  close(tabName: string): boolean {
    return this.#settle(tabName, text("TAB_CLOSED"));
  }

  closeAll(): number {
    let n = 0;
    for (const tab of [...this.#pending.keys()]) if (this.close(tab)) n++;
    return n;
  }

  dropPeer(peer: number): void {
    for (const [tab, diff] of [...this.#pending]) {
      if (diff.peer === peer) this.#settle(tab, failure("the client disconnected"));
    }
  }

  /** An error, not a verdict: Claude's terminal prompt stays in charge of the edit (docs/protocol.md, "What `openDiff`'s answer means"). */
  shutdown(): void {
    for (const tab of [...this.#pending.keys()]) this.#settle(tab, failure("cc-wt is shutting down"));
  }

  #settle(tabName: string, result: ToolResult): boolean {
    const diff = this.#pending.get(tabName);
    if (!diff) return false;
    this.#pending.delete(tabName);
    // However the tab ended, its view goes too: answering in Claude's prompt closes the popup.
    diff.view?.close();
    diff.resolve(result);
    return true;
  }
}
