import type { DiffVerdict } from "../ide/ports.ts";

/**
 * What the viewer's exit means: accepted as proposed, accepted with the user's own changes, or
 * rejected (every viewer follows that contract: src/diff/viewers.ts). cc-wt never writes the file;
 * Claude does, with the contents the verdict carries.
 */
export function verdictOf(exitCode: number, proposed: string, final: string): DiffVerdict {
  if (exitCode !== 0) return { kind: "rejected" };
  return final === proposed ? { kind: "accepted" } : { kind: "edited", contents: final };
}
