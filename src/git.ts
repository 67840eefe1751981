import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { CliError, Exit } from "./errors.ts";
import type { Env } from "./env.ts";

// The decoder's own check rather than node:buffer's isUtf8: loading node:buffer costs every launch
// about 0.3 ms (README, Benchmarks), and this is asked only when git itself is.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });
function isUtf8(bytes: Uint8Array): boolean {
  try {
    STRICT_UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

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

const notUtf8 = (what: string, shown: string) =>
  new CliError(
    `${what} ${shown} has bytes in its path that are not UTF-8 (shown as \u{fffd}): ` +
      "cc-wt cannot announce it to claude exactly. Rename it with UTF-8 characters only.",
    Exit.Refused,
  );

/** Output of a git command that may fail: undefined on failure, as outside a repository. */
export async function gitOutput(cwd: string, ...args: string[]): Promise<string | undefined> {
  const r = await runGit(cwd, ...args);
  return r.ok ? r.out || undefined : undefined;
}

/** The common git dir (printed relative to cwd) names the repository all its worktrees share. */
function repoOf(commonDir: string, cwd: string): string {
  const abs = resolve(cwd, commonDir);
  return basename(abs) === ".git" ? dirname(abs) : abs;
}

/**
 * The worktree holding cwd, named exactly. On the launch path, so read from the repository's own
 * files (no process started); anything out of the ordinary is left to git itself (gitWorkspace).
 * Throws a CliError (refused) when it cannot be named: a directory whose name has bytes that are not UTF-8
 * (then even cwd, as the runtime decodes it, names nothing).
 */
export async function findWorkspace(cwd: string, env: Env = process.env): Promise<Workspace> {
  if (!existsSync(cwd)) {
    // The runtime decodes a name that is not UTF-8 with U+FFFD in place of the bytes: a path that then names nothing.
    if (cwd.includes("\ufffd")) throw notUtf8("The current directory", cwd);
    throw new CliError(`The current directory ${cwd} cannot be reached by its path (was it removed?). cd to an existing directory.`, Exit.Refused);
  }
  return workspaceFromFiles(cwd, env) ?? gitWorkspace(cwd);
}

/**
 * What git says: the reference, and the answer whenever the files alone might mislead. Both
 * questions at once: each is a process start. git prints paths raw, one per line, and a path may
 * hold a newline: the root comes as --show-cdup (only "../" steps, never a newline), and the one
 * path that may hold newlines comes last.
 */
export async function gitWorkspace(cwd: string): Promise<Workspace> {
  const [paths, branch] = await Promise.all([
    runGitRaw(cwd, ["rev-parse", "--is-inside-work-tree", "--show-cdup", "--git-common-dir"]),
    gitOutput(cwd, "symbolic-ref", "--short", "-q", "HEAD").then((b) => b ?? gitOutput(cwd, "rev-parse", "--short", "HEAD")),
  ]);
  const text = paths.ok ? new TextDecoder().decode(paths.out) : "";
  const first = text.indexOf("\n");
  const second = text.indexOf("\n", first + 1);
  if (text.slice(0, first) === "false" && second > 0) {
    // Outside the work tree that GIT_DIR and GIT_WORK_TREE name: the root is that work tree.
    const top = await runGitRaw(cwd, ["rev-parse", "--show-toplevel"]);
    const topText = new TextDecoder().decode(top.out);
    if (top.ok && topText.endsWith("\n") && topText.length > 1) {
      return { root: topText.slice(0, -1), inGit: true, branch, repo: repoOf(text.slice(second + 1, -1), cwd) };
    }
  }
  if (text.slice(0, first) !== "true" || second < 0 || !text.endsWith("\n")) return { root: cwd, inGit: false };
  const root = resolve(cwd, text.slice(first + 1, second) || ".");
  const commonDir = text.slice(second + 1, -1);
  if (!isUtf8(paths.out)) throw notUtf8("The repository", resolve(cwd, commonDir));
  return { root, inGit: true, branch, repo: repoOf(commonDir, cwd) };
}

// Variables that move or bound git's search, or configure it from the environment: git decides then.
const GIT_ENV = ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"];

export const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

/** What stat says of path (after links), or undefined when nothing is there. */
export const statOf = (path: string) => statSync(path, { throwIfNoEntry: false });

/**
 * The answer git would give, read from `.git` (a directory, or a `gitdir:` file in linked
 * worktrees and submodules), `commondir` and `HEAD` (gitrepository-layout(5)); undefined when
 * anything is unusual (a git variable set, a bare or foreign-owned repository, core.worktree,
 * a file system boundary, an unexpected HEAD) and outside any repository: git is asked then.
 */
export function workspaceFromFiles(cwd: string, env: Env = process.env): Workspace | undefined {
  if (GIT_ENV.some((v) => env[v] !== undefined)) return undefined;
  const ceilings = ceilingDirs(env.GIT_CEILING_DIRECTORIES);
  if (!ceilings) return undefined;
  let dir: string;
  try {
    dir = realpathSync(cwd);
  } catch {
    return undefined;
  }
  // Inside a .git directory git answers differently (no work tree): leave that to it.
  if (dir.split("/").includes(".git")) return undefined;
  const uid = process.getuid?.();
  const dev = statOf(dir)?.dev;
  for (;;) {
    const st = statOf(dir);
    // git stops at a file system boundary, and refuses another user's repository (safe.directory).
    if (!st || st.dev !== dev) return undefined;
    const dotGit = join(dir, ".git");
    const gst = statOf(dotGit);
    if (gst) return gst.uid === uid && st.uid === uid ? fromGitDir(dir, dotGit, gst.isDirectory()) : undefined;
    // A bare repository (or git's own directory) here: not a worktree, git knows what to say.
    if (statOf(join(dir, "HEAD")) && statOf(join(dir, "objects"))) return undefined;
    const parent = dirname(dir);
    if (parent === dir || ceilings.includes(parent)) return undefined;
    dir = parent;
  }
}

/** GIT_CEILING_DIRECTORIES as absolute real paths; undefined when git reads it some other way. */
function ceilingDirs(value: string | undefined): string[] | undefined {
  if (!value) return [];
  const dirs = value.split(":");
  // An empty entry changes how git resolves the rest; a relative one is ignored by git.
  if (dirs.some((d) => !d || !isAbsolute(d))) return undefined;
  return dirs.map((d) => {
    try {
      return realpathSync(d);
    } catch {
      return d;
    }
  });
}

function fromGitDir(root: string, dotGit: string, isDir: boolean): Workspace | undefined {
  let gitDir = dotGit;
  if (!isDir) {
    const m = /^gitdir: (.+)\n?$/.exec(readText(dotGit) ?? "");
    if (!m) return undefined;
    gitDir = resolve(root, m[1]!);
  }
  const common = readText(join(gitDir, "commondir"));
  const commonDir = common === undefined ? gitDir : resolve(gitDir, common.trim());
  const config = readText(join(commonDir, "config"));
  if (config === undefined || /^\s*bare\s*=\s*true/im.test(config) || !worktreeIsRoot(config, gitDir, root)) return undefined;
  if (statOf(join(gitDir, "config.worktree")) || !statOf(join(commonDir, "objects"))?.isDirectory()) return undefined;
  const branch = branchOf(readText(join(gitDir, "HEAD")) ?? "");
  if (!branch) return undefined;
  let repo: string;
  try {
    repo = repoOf(realpathSync(commonDir), root);
  } catch {
    return undefined;
  }
  return { root, inGit: true, branch, repo };
}

/**
 * core.worktree moves the work tree elsewhere; git writes it into a submodule's repository, naming
 * the submodule's own folder. Only that case is read here: any other value is git's to interpret.
 */
function worktreeIsRoot(config: string, gitDir: string, root: string): boolean {
  const set = [...config.matchAll(/^\s*worktree\s*=\s*(.*?)\s*$/gim)].map((m) => m[1]!);
  if (set.length === 0) return true;
  if (set.length > 1 || /["\\;#]/.test(set[0]!)) return false;
  try {
    return realpathSync(resolve(gitDir, set[0]!)) === root;
  } catch {
    return false;
  }
}

/**
 * HEAD names a branch (`ref: refs/heads/x`, also before its first commit) or holds a commit when
 * detached, shown short as listWorktrees shows it (7 characters); undefined for anything else.
 */
export function branchOf(head: string): string | undefined {
  const ref = /^ref: refs\/heads\/(\S.*)\n?$/.exec(head);
  if (ref) return ref[1];
  const sha = /^([0-9a-f]{40}|[0-9a-f]{64})\n?$/.exec(head);
  return sha ? sha[1]!.slice(0, 7) : undefined;
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
    gitOutput(cwd, "for-each-ref", "--format=%(refname:short)", "refs/heads"),
    gitOutput(cwd, "for-each-ref", "--format=%(refname:lstrip=3)", "refs/remotes"),
  ]);
  const lines = (s?: string) => (s ? s.split("\n").filter((b) => b && b !== "HEAD") : []);
  return { local: lines(local), remote: lines(remote) };
}
