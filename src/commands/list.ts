import { defineCommand } from "citty";
import { collect } from "../list/collect.ts";
import { toJson, toTable } from "../list/render.ts";
import { COMMANDS } from "../cli/meta.ts";

export default defineCommand({
  meta: COMMANDS["--list"],
  args: {
    list: { type: "boolean", description: "List the worktrees of this repository and the Claude running in each" },
    all: { type: "boolean", alias: "a", description: "Every instance on this machine, grouped by repository" },
    json: { type: "boolean", description: "Machine-readable output on stdout (fields in the README)" },
    wide: { type: "boolean", description: "Every column (ports, pids, session) and full paths, however wide" },
  },
  async run({ args }) {
    const listing = await collect(process.cwd(), process.env, args.all === true);
    // On a terminal the table fits its width (an 80-column pane, as --panes makes, included).
    const width = process.stdout.isTTY && !args.wide ? process.stdout.columns : undefined;
    process.stdout.write(args.json ? toJson(listing) : toTable(listing, Date.now(), undefined, { width, wide: args.wide === true }));
    return 0;
  },
});
