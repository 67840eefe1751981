import { isUtf8 } from "node:buffer";
import { existsSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";

export interface Workspace {
  /** Root of the git worktree holding cwd, or cwd itself outside git. */
  root: string;
  inGit: boolean;
  /** Branch name, short commit when detached, undefined outside git or before the first commit. */
  branch?: string;
  /** The repository the worktree belongs to: its main worktree (or bare repository) path. */
  repo?: string;
}

export interface GitResult {
  ok: boolean;
  out: string;
  err: string;
}

/** git's output as it came, bytes and all: paths may hold newlines, trailing spaces, or bytes that are not UTF-8. */
async function runGitRaw(cwd: string, args: string[]): Promise<{ ok: boolean; out: Uint8Array; err: string }> {
  try {
    const proc = Bun.spawn(["git", ...args], { cwd, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).bytes(), new Response(proc.stderr).text(), proc.exited]);
    return { ok: code === 0, out, err: err.trim() };
  } catch (e) {
    return { ok: false, out: new Uint8Array(), err: `git could not run: ${(e as Error).message}` }; // git itself is missing
  }
}

export async function runGit(cwd: string, ...args: string[]): Promise<GitResult> {
  const r = await runGitRaw(cwd, args);
  return { ...r, out: new TextDecoder().decode(r.out).trim() };
}

/** A git command's NUL-separated list (`-z`): names with newlines or any other byte arrive whole. */
export async function runGitZ(cwd: string, ...args: string[]): Promise<string[]> {
  try {
    const proc = Bun.spawn(["git", ...args], { cwd, stdout: "pipe", stderr: "ignore", stdin: "ignore" });
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    return code === 0 ? out.split("\0").filter(Boolean) : [];
  } catch {
    return [];
  }
}

/** A path cc-wt cannot name exactly (bytes that are not UTF-8 cannot go into a JSON lock or a URI). */
export class PathError extends Error {}

const notUtf8 = (what: string, shown: string) =>
  new PathError(
    `${what} ${shown} has bytes in its path that are not UTF-8 (shown as \u{fffd}): ` +
      "cc-wt cannot announce it to claude exactly. Rename it with UTF-8 characters only.",
  );

/** Output of a git command that may fail: undefined on failure, as outside a repository. */
async function git(cwd: string, ...args: string[]): Promise<string | undefined> {
  const r = await runGit(cwd, ...args);
  return r.ok ? r.out || undefined : undefined;
}

/** The common git dir (printed relative to cwd) names the repository all its worktrees share. */
function repoOf(commonDir: string, cwd: string): string {
  const abs = resolve(cwd, commonDir);
  return basename(abs) === ".git" ? dirname(abs) : abs;
}

/**
 * The worktree holding cwd, named exactly. Throws PathError when it cannot be: a directory whose
 * name has bytes that are not UTF-8 (then even cwd, as the runtime decodes it, names nothing).
 */
export async function findWorkspace(cwd: string): Promise<Workspace> {
  if (!existsSync(cwd)) {
    // The runtime decodes a name that is not UTF-8 with U+FFFD in place of the bytes: a path that then names nothing.
    if (cwd.includes("\ufffd")) throw notUtf8("The current directory", cwd);
    throw new PathError(`The current directory ${cwd} cannot be reached by its path (was it removed?). cd to an existing directory.`);
  }
  // Both questions at once: each is a process start, and this is on the launch path. git prints
  // paths raw, one per line, and a path may hold a newline: the root comes as --show-cdup (only
  // "../" steps, never a newline), and the one path that may hold newlines comes last.
  const [paths, branch] = await Promise.all([
    runGitRaw(cwd, ["rev-parse", "--is-inside-work-tree", "--show-cdup", "--git-common-dir"]),
    git(cwd, "symbolic-ref", "--short", "-q", "HEAD").then((b) => b ?? git(cwd, "rev-parse", "--short", "HEAD")),
  ]);
  const text = paths.ok ? new TextDecoder().decode(paths.out) : "";
  const first = text.indexOf("\n");
  const second = text.indexOf("\n", first + 1);
  if (text.slice(0, first) !== "true" || second < 0 || !text.endsWith("\n")) return { root: cwd, inGit: false };
  const root = resolve(cwd, text.slice(first + 1, second) || ".");
  const commonDir = text.slice(second + 1, -1);
  if (!isUtf8(paths.out)) throw notUtf8("The repository", resolve(cwd, commonDir));
  return { root, inGit: true, branch, repo: repoOf(commonDir, cwd) };
}

export interface Worktree {
  path: string;
  branch?: string;
  bare: boolean;
  /** Its folder is gone (git calls the entry prunable): nothing can run there. */
  prunable: boolean;
}

/** `git worktree list --porcelain -z` (NUL-separated: a path may hold a newline), parsed; undefined outside a repository. */
export async function listWorktrees(cwd: string): Promise<Worktree[] | undefined> {
  const r = await runGitRaw(cwd, ["worktree", "list", "--porcelain", "-z"]);
  if (!r.ok || r.out.length === 0) return undefined;
  // Each field ends in NUL, each worktree's block in one more.
  return new TextDecoder().decode(r.out).split("\0\0").flatMap((block) => {
    const fields = new Map(
      block.split("\0").map((line) => {
        const sp = line.indexOf(" ");
        return sp < 0 ? [line, ""] : [line.slice(0, sp), line.slice(sp + 1)];
      }),
    );
    const path = fields.get("worktree");
    if (!path) return [];
    const ref = fields.get("branch");
    const head = fields.get("HEAD");
    const branch = ref ? ref.replace(/^refs\/heads\//, "") : head ? head.slice(0, 7) : undefined;
    return [{ path, branch, bare: fields.has("bare"), prunable: fields.has("prunable") }];
  });
}

/** Local branch names, or remote-tracking ones that `git worktree add` can check out by short name. */
export async function branches(cwd: string): Promise<{ local: string[]; remote: string[] }> {
  const [local, remote] = await Promise.all([
    git(cwd, "for-each-ref", "--format=%(refname:short)", "refs/heads"),
    git(cwd, "for-each-ref", "--format=%(refname:lstrip=3)", "refs/remotes"),
  ]);
  const lines = (s?: string) => (s ? s.split("\n").filter((b) => b && b !== "HEAD") : []);
  return { local: lines(local), remote: lines(remote) };
}
