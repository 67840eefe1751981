// `cc-wt --panes`: Claude in several worktrees side by side, one cc-wt per tmux pane.
import { LAYOUTS, loadConfig } from "../config.ts";
import { CliError, Exit } from "../errors.ts";
import { findWorkspace, listWorktrees } from "../git.ts";
import { logger } from "../logger.ts";
import { liveLocks } from "../control/instances.ts";
import { printable } from "../text/untrusted.ts";
import { prepareWorktree } from "../worktree/create.ts";
import { listPanes, paneOf, requireTmux, type Pane } from "../tmux.ts";
import { freeSessionName, openInCurrentTmux, openInNewSession, selectPane, selfCommand, sessionNameFor, sessionTarget } from "./open.ts";
import { settlePaneSpecs } from "./pane.ts";
import { resolveTargets } from "./targets.ts";
import type { Env } from "../env.ts";

export interface PanesOptions {
  names: string[];
  claudeArgs: string[];
  cwd: string;
  env: Env;
  create: boolean;
  /** Command-line choices; unset ones come from the configuration. */
  window?: boolean;
  layout?: string;
}

/** Live cc-wt instances by worktree, from their lock files (no need to ask them anything). */
function runningByWorktree(env: Env): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const { lock } of liveLocks(env)) {
    for (const wt of lock.workspaceFolders) map.set(wt, [...(map.get(wt) ?? []), lock.pid]);
  }
  return map;
}

function panesOrNone(env: Env): Pane[] {
  try {
    return listPanes(env);
  } catch {
    return []; // no tmux server: nothing can be in a pane
  }
}

export async function launchPanes(o: PanesOptions): Promise<number> {
  if (o.layout !== undefined && !(LAYOUTS as readonly string[]).includes(o.layout)) {
    throw new CliError(`--layout ${printable(o.layout)} is not a tmux layout cc-wt knows: use one of ${LAYOUTS.join(", ")}.`, Exit.Usage);
  }
  requireTmux(o.env);
  const ws = await findWorkspace(o.cwd);
  if (!ws.inGit || !ws.repo) {
    throw new CliError("Not in a git repository: cc-wt --panes opens the worktrees of one. Run it inside a repository.", Exit.Usage);
  }
  const { config, warnings } = loadConfig(ws.root, o.env);
  warnings.forEach((w) => logger.warn(w));

  const worktrees = (await listWorktrees(ws.root)) ?? [];
  const running = runningByWorktree(o.env);
  const targets = await resolveTargets(o.names, {
    cwd: o.cwd,
    repo: ws.repo,
    worktrees,
    running: new Set(running.keys()),
    create: o.create,
    worktreeDir: config.panes.worktreeDir,
  });
  let setupFailed = false;
  for (const t of targets.filter((t) => t.created)) {
    logger.info(`Added worktree ${printable(t.worktree)} for branch ${printable(t.branch ?? "")}.`);
    if (!(await prepareWorktree({ main: ws.repo, worktree: t.worktree, branch: t.branch }, o.env))) setupFailed = true;
  }
  // The panes open all the same (Claude can help fix a failed setup), but a script learns of it.
  const status = setupFailed ? Exit.SetupFailed : 0;

  const inside = Boolean(o.env.TMUX);
  const panes = panesOrNone(o.env);
  const toSelect: Pane[] = [];
  for (const t of targets.filter((t) => running.has(t.worktree))) {
    const pid = running.get(t.worktree)![0]!;
    const pane = paneOf(pid, panes);
    if (pane && inside) toSelect.push(pane);
    const where = pane ? `tmux pane ${pane.target}${inside ? ", selected" : ""}` : `cc-wt pid ${pid}, outside tmux`;
    logger.info(`${printable(t.worktree)}: Claude is already running there (${where}).`);
  }
  const fresh = targets.filter((t) => !running.has(t.worktree));
  if (fresh.length === 0) {
    for (const pane of toSelect) selectPane(o.env, pane);
    if (o.names.length === 0) logger.info("Every worktree of this repository already has a Claude. Name a branch to add one.");
    return status;
  }

  // A tmux server started from here inherits this environment: keep an outer Claude's port out of it.
  const { CLAUDE_CODE_SSE_PORT: _, ...env } = o.env;
  const open = {
    env,
    self: selfCommand(),
    claudeArgs: o.claudeArgs,
    window: o.window ?? config.panes.window,
    layout: o.layout ?? config.panes.layout,
    afterExit: config.panes.afterExit,
  };
  if (inside) {
    const opened = openInCurrentTmux(fresh, open);
    for (const { target, pane } of opened) logger.info(`${printable(target.worktree)}: opened in pane ${pane}.`);
    for (const pane of toSelect) selectPane(env, pane);
    await settlePaneSpecs(opened.map((o) => o.spec));
    return status;
  }
  const session = freeSessionName(env, sessionNameFor(ws.repo));
  await settlePaneSpecs(openInNewSession(fresh, open, session).map((o) => o.spec));
  if (!process.stdout.isTTY) {
    logger.info(`Started tmux session "${printable(session)}" with ${fresh.length} pane${fresh.length > 1 ? "s" : ""}. Attach with:`);
    process.stdout.write(`tmux attach-session -t ${sessionTarget(session)}\n`);
    return status;
  }
  const attach = Bun.spawn(["tmux", "attach-session", "-t", sessionTarget(session)], { env, stdio: ["inherit", "inherit", "inherit"] });
  return (await attach.exited) || status;
}
