import type { CommandDef } from "citty";
import { COMMANDS } from "../cli/meta.ts";
import { writeStdout } from "../cli/stdout.ts";

/** The status line runs every second: an instance slower than this to answer is left out of the counts. */
const TIMEOUT_MS = 250;

// Run every second by tmux: not wrapped in citty's defineCommand (an identity function), so its
// flags are parsed without loading citty (onlyFlags in src/cli/argv.ts).
export default {
  meta: COMMANDS["--status-line"],
  args: {
    "status-line": { type: "boolean", description: "Print the counts with tmux styles" },
    plain: { type: "boolean", description: "Without tmux styles (also when NO_COLOR is set)" },
  },
  async run({ args }) {
    const [{ liveInstances }, { statusLine }] = await Promise.all([import("../control/instances.ts"), import("../alerts/statusLine.ts")]);
    const rows = (await liveInstances(process.env, TIMEOUT_MS)).map((i) => i.row);
    await writeStdout(`${statusLine(rows, !(args.plain || process.env.NO_COLOR))}\n`);
    return 0;
  },
} satisfies CommandDef<any>;
