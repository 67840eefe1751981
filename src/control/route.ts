// Finds the instance a file belongs to: the one whose worktree holds it (longest match, through
// symlinks), and among several in one worktree the one Claude connected to last.
import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { liveInstances, type Instance } from "./instances.ts";
import { CliError, Exit } from "../errors.ts";
import { printable } from "../text/untrusted.ts";
import type { Env } from "../env.ts";
import { isInside } from "../paths.ts";

export interface Pick {
  port?: number;
  pid?: number;
}

/** Realpath when the file exists, so a path through a symlink finds its real worktree. */
export const canonical = (path: string, cwd: string): string => {
  const abs = resolve(cwd, path);
  return existsSync(abs) ? realpathSync(abs) : abs;
};

/** The instances that could not prove they are what their locks say are never routed to, only named. */
export function chooseInstance(path: string, all: readonly Instance[], pick: Pick): Instance {
  const instances = all.filter(({ row }) => row.status !== "unreachable");
  const impostors = all.filter(({ row }) => row.status === "unreachable");
  const warning = impostors.length
    ? `\nNot used: ${impostors.map(({ row }) => `port ${row.port} (lock of pid ${row.pid}, ${printable(row.worktree)})`).join(", ")} answered without proving it is the cc-wt that wrote the lock; nothing was sent to it.`
    : "";
  const list = () =>
    instances.length
      ? instances.map(({ row }) => `  ${printable(row.worktree)} (port ${row.port}, pid ${row.pid})`).join("\n")
      : "  (none is running)";
  if (pick.port !== undefined || pick.pid !== undefined) {
    const chosen = instances.find(
      ({ row }) => (pick.port === undefined || row.port === pick.port) && (pick.pid === undefined || row.pid === pick.pid),
    );
    const which = [pick.port !== undefined && `port ${pick.port}`, pick.pid !== undefined && `pid ${pick.pid}`].filter(Boolean);
    if (!chosen) throw new CliError(`No cc-wt runs with ${which.join(" and ")}. Running:\n${list()}${warning}`, Exit.Unavailable);
    return chosen;
  }
  const holding = instances.filter(({ row }) => isInside(row.worktree, path));
  if (holding.length === 0) {
    throw new CliError(`No cc-wt runs in a worktree holding ${printable(path)}. Start one there with \`cc-wt\`. Running:\n${list()}${warning}`, Exit.Unavailable);
  }
  const deepest = Math.max(...holding.map(({ row }) => row.worktree.length));
  const [best] = holding
    .filter(({ row }) => row.worktree.length === deepest)
    .sort((a, b) => (b.connectedAt ?? 0) - (a.connectedAt ?? 0) || (b.row.startedAt ?? 0) - (a.row.startedAt ?? 0));
  return best!;
}

export async function routeTo(path: string, env: Env, pick: Pick): Promise<Instance> {
  return chooseInstance(path, await liveInstances(env), pick);
}
