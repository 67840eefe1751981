// `cc-wt --mute`: one worktree's alerts silenced until `--unmute`. Kept per worktree in the user's
// state directory (not in the instance), so it survives a restart of that worktree's cc-wt and
// applies to every instance there: one file per muted worktree, named by a hash of its path, holding
// the path for people reading the directory.
import { lstatSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { myUid } from "../fs/owned.ts";
import { stateDir } from "../paths.ts";
import type { Env } from "../env.ts";

const muteDir = (env: Env) => join(stateDir(env), "muted");
// Bun's hasher, not node:crypto: this module is loaded by every instance, and node:crypto alone
// costs a running instance megabytes (see README, Benchmarks).
const muteFile = (env: Env, worktree: string) => join(muteDir(env), new Bun.CryptoHasher("sha256").update(worktree).digest("hex").slice(0, 32));

/** Muted when our own regular file says so: a symlink or another user's file there is not believed. */
export function isMuted(env: Env, worktree: string): boolean {
  try {
    const st = lstatSync(muteFile(env, worktree));
    return st.isFile() && st.uid === myUid();
  } catch {
    return false;
  }
}

export function setMuted(env: Env, worktree: string, muted: boolean): void {
  const file = muteFile(env, worktree);
  if (!muted) return rmSync(file, { force: true });
  mkdirSync(muteDir(env), { recursive: true, mode: 0o700 });
  rmSync(file, { force: true }); // whatever stood there (a symlink) is replaced, never written through
  writeFileSync(file, `${worktree}\n`, { mode: 0o600, flag: "wx" });
}
