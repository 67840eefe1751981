// The name an instance announces in its lock file ("ideName"): Claude shows it (in /ide, and in
// "cc-wt (branch) switched to another Claude Code session"), and other cc-wt commands read the
// branch back from it and tell cc-wt's locks from other IDEs'. Built and parsed only here.

/** "cc-wt (branch)", or "cc-wt" for a workspace on no branch. */
export const ideNameFor = (branch: string | null | undefined): string => (branch ? `cc-wt (${branch})` : "cc-wt");

/** The branch an instance announced, or null. */
export const branchFromIdeName = (ideName: string): string | null => /^cc-wt \((.*)\)$/.exec(ideName)?.[1] ?? null;

/** Whether a lock is one of cc-wt's (other IDEs' locks are never touched). */
export const isCcWtIdeName = (ideName: string): boolean => ideName === "cc-wt" || ideName.startsWith("cc-wt ");
