// What a new worktree needs from the main one before it works, done the way Claude Code does for
// its own `--worktree` (docs/worktrees.md): the git-ignored files `.worktreeinclude` names are
// copied, and the directories Claude's `worktree.symlinkDirectories` setting names are linked.
import { constants, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, isAbsolute, join, sep } from "node:path";
import { runGitZ } from "../git.ts";

export const INCLUDE_FILE = ".worktreeinclude";

/**
 * Whether dest/rel can be written without leaving dest: no "..", no ".git" component, and no
 * existing parent that is a link (a tracked symlink in the new checkout could point anywhere).
 */
function safeDestination(dest: string, rel: string): boolean {
  const parts = rel.split("/");
  if (isAbsolute(rel) || parts.some((p) => p === "" || p === "." || p === ".." || p === ".git")) return false;
  let at = dest;
  for (const part of parts.slice(0, -1)) {
    at = join(at, part);
    try {
      if (!lstatSync(at).isDirectory()) return false;
    } catch {
      return true; // missing from here down: created by us
    }
  }
  return true;
}

/**
 * Files of the main worktree that are ignored by git and named by `.worktreeinclude` (gitignore
 * syntax). Git itself matches both sets of patterns, so the syntax is exactly gitignore's.
 */
export async function includedFiles(main: string): Promise<string[]> {
  const patterns = join(main, INCLUDE_FILE);
  if (!existsSync(patterns)) return [];
  const [ignored, named] = await Promise.all([
    runGitZ(main, "ls-files", "-z", "--others", "--ignored", "--exclude-standard"),
    runGitZ(main, "ls-files", "-z", "--others", "--ignored", `--exclude-from=${patterns}`),
  ]);
  const wanted = new Set(named);
  return ignored.filter((f) => wanted.has(f));
}

export interface Copied {
  copied: string[];
  skipped: { path: string; why: string }[];
}

/** Copies each file once, never over an existing one, never through or as a symlink. */
export function copyFiles(main: string, dest: string, files: readonly string[], onFile?: (n: number) => void): Copied {
  const out: Copied = { copied: [], skipped: [] };
  for (const rel of files) {
    const from = join(main, rel);
    try {
      if (!lstatSync(from).isFile()) {
        out.skipped.push({ path: rel, why: "not a regular file" });
        continue;
      }
      if (!safeDestination(dest, rel)) {
        out.skipped.push({ path: rel, why: "its place in the new worktree is not inside it" });
        continue;
      }
      mkdirSync(dirname(join(dest, rel)), { recursive: true });
      copyFileSync(from, join(dest, rel), constants.COPYFILE_EXCL);
      out.copied.push(rel);
      onFile?.(out.copied.length);
    } catch (e) {
      out.skipped.push({ path: rel, why: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
    }
  }
  return out;
}

/** `worktree.symlinkDirectories` from Claude's settings files that apply to this repository. */
export function symlinkDirectories(main: string, claudeConfigDir: string): string[] {
  const files = [join(claudeConfigDir, "settings.json"), join(main, ".claude", "settings.json"), join(main, ".claude", "settings.local.json")];
  const dirs = new Set<string>();
  for (const file of files) {
    try {
      const v = JSON.parse(readFileSync(file, "utf8")) as { worktree?: { symlinkDirectories?: unknown } };
      const list = v?.worktree?.symlinkDirectories;
      if (Array.isArray(list)) for (const d of list) if (typeof d === "string" && d) dirs.add(d.replace(/\/+$/, ""));
    } catch {
      // absent or not JSON: Claude would not use it either
    }
  }
  return [...dirs];
}

/** Links dest/dir to main/dir for each directory that exists in main and not yet in dest. */
export function linkDirectories(main: string, dest: string, dirs: readonly string[]): Copied {
  const out: Copied = { copied: [], skipped: [] };
  for (const dir of dirs) {
    const rel = dir.split(sep).join("/");
    if (!safeDestination(dest, rel)) {
      out.skipped.push({ path: dir, why: "not a path inside the repository" });
      continue;
    }
    const from = join(main, rel);
    const to = join(dest, rel);
    try {
      if (!lstatSync(from).isDirectory()) {
        out.skipped.push({ path: dir, why: "not a directory in the main worktree" });
        continue;
      }
    } catch {
      out.skipped.push({ path: dir, why: "not in the main worktree" });
      continue;
    }
    try {
      mkdirSync(dirname(to), { recursive: true });
      symlinkSync(from, to, "dir");
      out.copied.push(dir);
    } catch (e) {
      out.skipped.push({ path: dir, why: (e as NodeJS.ErrnoException).code === "EEXIST" ? "already there" : (e as Error).message });
    }
  }
  return out;
}
