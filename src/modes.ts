import type { CommandDef } from "citty";

type Load = () => Promise<CommandDef<any>>;
const def = (m: { default: CommandDef<any> }) => m.default;

/**
 * Flags that turn cc-wt from a claude launcher into one of its own commands. They must never be
 * claude flags (test/unit/flags.test.ts); the flags of the command they select are then all cc-wt's.
 * Each command is loaded only when chosen: a launch (no mode) loads none of them.
 */
export const MODES: Readonly<Record<string, Load>> = {
  "--list": () => import("./commands/list.ts").then(def),
  "--watch": () => import("./commands/watch.ts").then(def),
  "--panes": () => import("./commands/panes.ts").then(def),
  "--mention": () => import("./commands/mention.ts").then(def),
  "--select": () => import("./commands/select.ts").then(def),
  "--close": () => import("./commands/close.ts").then(def),
  "--approve-setup": () => import("./commands/approve-setup.ts").then(def),
  "--jump": () => import("./commands/jump.ts").then(def),
  "--status-line": () => import("./commands/status-line.ts").then(def),
  "--mute": () => import("./commands/mute.ts").then(def),
  "--unmute": () => import("./commands/unmute.ts").then(def),
  "--doctor": () => import("./commands/doctor.ts").then(def),
  "--completions": () => import("./commands/completions.ts").then(def),
};

/** Every mode's command, loaded: what the help and the completions list. */
export async function loadModes(): Promise<Record<string, CommandDef<any>>> {
  return Object.fromEntries(await Promise.all(Object.entries(MODES).map(async ([flag, load]) => [flag, await load()] as const)));
}
