import { defineCommand } from "citty";
import { COMMANDS } from "../cli/meta.ts";

/** The status line runs every second: an instance slower than this to answer is left out of the counts. */
const TIMEOUT_MS = 250;

export default defineCommand({
  meta: COMMANDS["--status-line"],
  args: {
    "status-line": { type: "boolean", description: "Print the counts with tmux styles" },
    plain: { type: "boolean", description: "Without tmux styles (also when NO_COLOR is set)" },
  },
  async run({ args }) {
    const [{ liveInstances }, { statusLine }] = await Promise.all([import("../control/instances.ts"), import("../alerts/statusLine.ts")]);
    const rows = (await liveInstances(process.env, TIMEOUT_MS)).map((i) => i.row);
    process.stdout.write(`${statusLine(rows, !(args.plain || process.env.NO_COLOR))}\n`);
    return 0;
  },
});
