// Every command of cc-wt, loaded only when chosen: a launch (no mode) loads none of them, nor
// citty, the help or the completions. What is known of a command before it loads is in meta.ts.
import type { CommandDef } from "citty";
import type { CommandName, Commands } from "./meta.ts";

type Load = () => Promise<CommandDef<any>>;
const def = (m: { default: CommandDef<any> }) => m.default;

export const LOADERS: Readonly<Record<CommandName, Load>> = {
  "--list": () => import("../commands/list.ts").then(def),
  "--watch": () => import("../commands/watch.ts").then(def),
  "--panes": () => import("../commands/panes.ts").then(def),
  "--mention": () => import("../commands/mention.ts").then(def),
  "--select": () => import("../commands/select.ts").then(def),
  "--close": () => import("../commands/close.ts").then(def),
  "--approve-setup": () => import("../commands/approve-setup.ts").then(def),
  "--jump": () => import("../commands/jump.ts").then(def),
  "--status-line": () => import("../commands/status-line.ts").then(def),
  "--mute": () => import("../commands/mute.ts").then(def),
  "--unmute": () => import("../commands/unmute.ts").then(def),
  "--doctor": () => import("../commands/doctor.ts").then(def),
  "--completions": () => import("../commands/completions.ts").then(def),
};

export const isCommandName = (flag: string): flag is CommandName => Object.hasOwn(LOADERS, flag);

/** Every command, loaded: what the completions need (every flag of every command). */
export async function loadCommands(): Promise<Commands> {
  return Object.fromEntries(await Promise.all(Object.entries(LOADERS).map(async ([flag, load]) => [flag, await load()] as const))) as Commands;
}
