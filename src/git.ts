export interface Workspace {
  /** Root of the git worktree holding cwd, or cwd itself outside git. */
  root: string;
  inGit: boolean;
  /** Branch name, short commit when detached, undefined outside git or before the first commit. */
  branch?: string;
}

async function git(cwd: string, ...args: string[]): Promise<string | undefined> {
  const proc = Bun.spawn(["git", ...args], { cwd, stdout: "pipe", stderr: "ignore", stdin: "ignore" });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  return code === 0 ? out.trim() || undefined : undefined;
}

export async function findWorkspace(cwd: string): Promise<Workspace> {
  let root: string | undefined;
  let branch: string | undefined;
  try {
    // Both questions at once: each is a process start, and this is on the launch path.
    [root, branch] = await Promise.all([
      git(cwd, "rev-parse", "--show-toplevel"),
      git(cwd, "symbolic-ref", "--short", "-q", "HEAD").then((b) => b ?? git(cwd, "rev-parse", "--short", "HEAD")),
    ]);
  } catch {
    // git itself is missing: a plain directory, as outside a repository.
  }
  return root ? { root, inGit: true, branch } : { root: cwd, inGit: false };
}
