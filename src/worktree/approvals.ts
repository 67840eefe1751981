// A repository may propose the command that sets up its new worktrees (`[worktree] setup` in its
// .cc-wt.toml), but cloning a repository must never be enough to make cc-wt run something. The
// user approves one exact command for one repository; the approval is kept in the user's own
// state directory as a hash, so a changed command needs a new approval.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { readOwnFile } from "../fs/owned.ts";
import { stateDir } from "../paths.ts";
import type { Env } from "../env.ts";

const FILE = "approved-setup.json";
/** A list of 16-character hashes: a file this large is not one of ours. */
const MAX_APPROVALS_BYTES = 1024 * 1024;

/** Short enough to type, long enough that no other command shares it by accident or design. */
export const commandHash = (repo: string, command: readonly string[]): string =>
  new Bun.CryptoHasher("sha256").update(JSON.stringify([repo, command])).digest("hex").slice(0, 16);

/** Approvals are read only from a regular file of ours, never through a link: a planted file approves nothing. */
function readApprovals(path: string): string[] {
  const text = readOwnFile(path, MAX_APPROVALS_BYTES);
  try {
    const v: unknown = text === undefined ? [] : JSON.parse(text);
    return Array.isArray(v) ? v.filter((h): h is string => typeof h === "string") : [];
  } catch {
    return [];
  }
}

export const isApproved = (env: Env, repo: string, command: readonly string[]): boolean =>
  readApprovals(join(stateDir(env), FILE)).includes(commandHash(repo, command));

/** Records an approval: the whole file written to a private temp file, then renamed over. */
export function approve(env: Env, repo: string, command: readonly string[]): void {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, FILE);
  const hashes = [...new Set([...readApprovals(path), commandHash(repo, command)])];
  const tmp = join(dir, `.${FILE}.${process.pid}.tmp`);
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(hashes, null, 1)}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
