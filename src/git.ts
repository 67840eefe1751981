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

async function git(cwd: string, ...args: string[]): Promise<string | undefined> {
  try {
    const proc = Bun.spawn(["git", ...args], { cwd, stdout: "pipe", stderr: "ignore", stdin: "ignore" });
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    return code === 0 ? out.trim() || undefined : undefined;
  } catch {
    return undefined; // git itself is missing: as outside a repository
  }
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
    return [{ path, branch, bare: fields.has("bare") }];
  });
}
