import type { CommandDef } from "citty";
import { collect, type Listing } from "../list/collect.ts";
import { toJson, toTable } from "../list/render.ts";
import { COMMANDS } from "../cli/meta.ts";
import { writeStdout } from "../cli/stdout.ts";

/** On a terminal the table fits its width (an 80-column pane, as --panes makes, included). */
async function table(listing: Listing, wide: boolean): Promise<string> {
  const { colorsFor } = await import("../colors.ts");
  const { isTTY, columns } = process.stdout;
  return toTable(listing, Date.now(), colorsFor(process.stdout), { width: isTTY && !wide ? columns : undefined, wide });
}

// Not wrapped in citty's defineCommand (an identity function): its flags are parsed without
// loading citty (onlyFlags in src/cli/argv.ts).
export default {
  meta: COMMANDS["--list"],
  args: {
    list: { type: "boolean", description: "List the worktrees of this repository and the Claude running in each" },
    all: { type: "boolean", alias: "a", description: "Every instance on this machine, grouped by repository" },
    json: { type: "boolean", description: "Machine-readable output on stdout (fields in the README)" },
    wide: { type: "boolean", description: "Every column (ports, pids, session) and full paths, however wide" },
  },
  async run({ args }) {
    const listing = await collect(process.cwd(), process.env, args.all === true);
    // Only the table asks about the terminal (src/cli/stdout.ts).
    await writeStdout(args.json ? toJson(listing) : await table(listing, args.wide === true));
    return 0;
  },
} satisfies CommandDef<any>;
