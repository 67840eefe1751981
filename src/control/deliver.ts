// Hands one notification to an instance's Claude: POST /cc-wt/notify, signed, after the instance
// proved itself (client.ts); the instance holds it until its client is ready, up to the wait.
import { CliError, Exit } from "../errors.ts";
import { logger } from "../logger.ts";
import { printable } from "../text/untrusted.ts";
import { callInstance, InstanceError } from "./client.ts";
import type { Instance } from "./instances.ts";
import type { NotificationMethod, NotificationParams } from "./notifications.ts";
import { NOTIFY_PATH } from "./routes.ts";

/** Delivers, or throws a CliError saying why not. */
export async function deliver<M extends NotificationMethod>(inst: Instance, method: M, params: NotificationParams<M>, waitMs: number): Promise<void> {
  // A Claude still starting can take seconds to connect: a person at a terminal is told at once.
  if (!inst.row.connected && process.stderr.isTTY) {
    logger.info(`Claude in ${printable(inst.row.worktree)} is still starting: waiting up to ${waitMs / 1000} s for it to connect…`);
  }
  let res: Response;
  try {
    res = await callInstance(inst.lock, {
      method: "POST",
      target: `${NOTIFY_PATH}?wait=${waitMs}`,
      body: JSON.stringify({ method, params }),
      timeoutMs: waitMs + 5000,
    });
  } catch (e) {
    if (!(e instanceof InstanceError)) throw e;
    const where = `cc-wt in ${printable(inst.row.worktree)} (port ${inst.lock.port})`;
    const why = printable(e.message);
    throw new CliError(e.kind === "unproven" ? `${where}: ${why}. Nothing was sent.` : `${where} ${why}. Is it still running?`, Exit.Unavailable);
  }
  if (res.ok) return;
  // What the other instance says is shown, never obeyed.
  const { error } = (await res.json().catch(() => ({}))) as { error?: string };
  const said = error === undefined ? undefined : printable(String(error));
  if (res.status === 503) {
    throw new CliError(`${said ?? "claude is not connected"} (waited ${waitMs / 1000} s in ${printable(inst.row.worktree)}). Try again once claude is up.`, Exit.TempFail);
  }
  throw new CliError(`cc-wt in ${printable(inst.row.worktree)} refused the request: ${said ?? printable(res.statusText)}`, Exit.Unavailable);
}

