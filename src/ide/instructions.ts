// What the IDE server tells the model about itself. The client passes a server's `instructions`
// (from initialize) into the model's context (docs/protocol.md; checked by test/e2e/session.test.ts):
// with one Claude per worktree, each should know which one is its own. Kept to two sentences, as
// every request of the session carries them.
import type { Workspace } from "../git.ts";
import { printable } from "../text/untrusted.ts";

export function instructionsFor(ws: Workspace): string | undefined {
  if (!ws.inGit) return undefined;
  // Names are data: control characters are shown escaped, never passed on.
  const branch = ws.branch ? ` (branch ${printable(ws.branch)})` : "";
  return (
    `This session owns the git worktree ${printable(ws.root)}${branch}; make your changes there. ` +
    `Sibling worktrees of the same repository belong to other Claude sessions: do not edit them.`
  );
}
