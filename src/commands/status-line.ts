import { defineCommand } from "citty";

/** The status line runs every second: an instance slower than this to answer is left out of the counts. */
const TIMEOUT_MS = 250;

export default defineCommand({
  meta: {
    name: "--status-line",
    description: "One line for tmux's status-right: how many Claudes wait for you (⏳), are done (✔), are busy (●)",
  },
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
