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

export async function runGit(cwd: string, ...args: string[]): Promise<GitResult> {
  try {
    const proc = Bun.spawn(["git", ...args], { cwd, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { ok: code === 0, out: out.trim(), err: err.trim() };
  } catch (e) {
    return { ok: false, out: "", err: `git could not run: ${(e as Error).message}` }; // git itself is missing
  }
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

export async function findWorkspace(cwd: string): Promise<Workspace> {
  // Both questions at once: each is a process start, and this is on the launch path.
  const [paths, branch] = await Promise.all([
    git(cwd, "rev-parse", "--show-toplevel", "--git-common-dir"),
    git(cwd, "symbolic-ref", "--short", "-q", "HEAD").then((b) => b ?? git(cwd, "rev-parse", "--short", "HEAD")),
  ]);
  const [root, commonDir] = paths?.split("\n") ?? [];
  if (!root || !commonDir) return { root: cwd, inGit: false };
  return { root, inGit: true, branch, repo: repoOf(commonDir, cwd) };
}

export interface Worktree {
  path: string;
  branch?: string;
  bare: boolean;
  /** Its folder is gone (git calls the entry prunable): nothing can run there. */
  prunable: boolean;
}

/** `git worktree list --porcelain`, parsed; undefined outside a repository. */
export async function listWorktrees(cwd: string): Promise<Worktree[] | undefined> {
  const out = await git(cwd, "worktree", "list", "--porcelain");
  if (!out) return undefined;
  return out.split("\n\n").flatMap((block) => {
    const fields = new Map(
      block.split("\n").map((line) => {
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
