// A language server runs the project's code: a project-local binary (node_modules/.bin), the
// project's own TypeScript that typescript-language-server loads, rust-analyzer's build scripts
// and proc macros. cc-wt starts the servers it detects only where Claude itself has been trusted
// (the workspace trust dialog accepted: docs/protocol.md), so cloning a repository and running
// cc-wt in it runs nothing of the repository's before the user has said yes to it.
import { readOwnFile } from "../fs/owned.ts";
import { claudeGlobalConfigPath } from "../paths.ts";
import type { Env } from "../env.ts";

/** Claude's global settings can be large (every project's history); beyond this they are not read. */
const MAX_SETTINGS_BYTES = 64 * 1024 * 1024;

/**
 * Whether Claude trusts the workspace: its settings record the trust dialog accepted for that folder (the
 * client keys trust by the repository's top-level folder and never looks above it), or Claude
 * runs sandboxed, where it trusts every folder.
 */
export function claudeTrusts(workspace: string, env: Env): boolean {
  if (env.CLAUDE_CODE_SANDBOXED) return true;
  const text = readOwnFile(claudeGlobalConfigPath(env), MAX_SETTINGS_BYTES);
  if (text === undefined) return false;
  try {
    const projects = (JSON.parse(text) as { projects?: Record<string, { hasTrustDialogAccepted?: unknown }> }).projects;
    return projects?.[workspace]?.hasTrustDialogAccepted === true;
  } catch {
    return false;
  }
}
