import type { ArgsDef } from "citty";
import { DEFAULT_WAIT_MS, MAX_WAIT_MS } from "../control/routes.ts";
import type { SendOptions } from "../send/send.ts";
import { printable } from "../text/untrusted.ts";
import { paneCurrentPath } from "../tmux.ts";
import { CliError, Exit } from "../errors.ts";

/** Flags of every command that sends something to a running instance. */
export const targetArgs = {
  port: { type: "string", valueHint: "port", description: "Send to the cc-wt on this port (default: the one whose worktree holds the file)" },
  pid: { type: "string", valueHint: "pid", description: "Send to the cc-wt with this pid" },
  pane: {
    type: "string",
    valueHint: "%N",
    description: "Take relative paths from this tmux pane's directory (for key bindings: #{pane_id})",
  },
  wait: {
    type: "string",
    valueHint: "seconds",
    description: `How long to wait for claude to connect to a starting cc-wt (default ${DEFAULT_WAIT_MS / 1000})`,
  },
} as const satisfies ArgsDef;

const int = (v: unknown): number | undefined => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined);

export function sendOptions(args: Record<string, unknown>): SendOptions {
  for (const key of ["port", "pid", "wait"]) {
    if (args[key] !== undefined && int(args[key]) === undefined) throw new CliError(`--${key} takes a whole number, not "${args[key]}"`, Exit.Usage);
  }
  if (args.wait !== undefined && int(args.wait)! * 1000 > MAX_WAIT_MS) {
    throw new CliError(`--wait ${args.wait}: at most ${MAX_WAIT_MS / 1000} seconds`, Exit.Usage);
  }
  let cwd = process.cwd();
  if (args.pane !== undefined) {
    const dir = paneCurrentPath(process.env, String(args.pane));
    if (dir === undefined) throw new CliError(`--pane ${printable(String(args.pane))}: no such tmux pane (give a pane id such as %3, as #{pane_id} expands to)`, Exit.Usage);
    cwd = dir;
  }
  return {
    cwd,
    env: process.env,
    pick: { port: int(args.port), pid: int(args.pid) },
    waitMs: args.wait === undefined ? DEFAULT_WAIT_MS : int(args.wait)! * 1000,
  };
}
