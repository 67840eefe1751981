import type { CommandDef } from "citty";
import approveSetup from "./commands/approve-setup.ts";
import close from "./commands/close.ts";
import completions from "./commands/completions.ts";
import doctor from "./commands/doctor.ts";
import jump from "./commands/jump.ts";
import list from "./commands/list.ts";
import mention from "./commands/mention.ts";
import mute from "./commands/mute.ts";
import panes from "./commands/panes.ts";
import select from "./commands/select.ts";
import statusLine from "./commands/status-line.ts";
import unmute from "./commands/unmute.ts";
import watch from "./commands/watch.ts";

/**
 * Flags that turn cc-wt from a claude launcher into one of its own commands. They must never be
 * claude flags (test/unit/flags.test.ts); the flags of the command they select are then all cc-wt's.
 */
export const MODES: Readonly<Record<string, CommandDef<any>>> = {
  "--list": list,
  "--watch": watch,
  "--panes": panes,
  "--mention": mention,
  "--select": select,
  "--close": close,
  "--approve-setup": approveSetup,
  "--jump": jump,
  "--status-line": statusLine,
  "--mute": mute,
  "--unmute": unmute,
  "--doctor": doctor,
  "--completions": completions,
};
