import { defineCommand } from "citty";
import { collect } from "../list/collect.ts";
import { toJson, toTable } from "../list/render.ts";

export default defineCommand({
  meta: {
    name: "--list",
    description: "Show every running cc-wt, with Claude's status as Claude reports it",
  },
  args: {
    list: { type: "boolean", description: "List the worktrees of this repository and the Claude running in each" },
    all: { type: "boolean", alias: "a", description: "Every instance on this machine, grouped by repository" },
    json: { type: "boolean", description: "Machine-readable output on stdout (fields in the README)" },
  },
  async run({ args }) {
    const listing = await collect(process.cwd(), process.env, args.all === true);
    process.stdout.write(args.json ? toJson(listing) : toTable(listing));
    return 0;
  },
});
