import { defineCommand } from "citty";
import { colorsFor } from "../colors.ts";
import { doctor } from "../doctor.ts";
import { Exit } from "../errors.ts";
import { jsonText, printable } from "../text/untrusted.ts";
import { COMMANDS } from "../cli/meta.ts";

export default defineCommand({
  meta: COMMANDS["--doctor"],
  args: {
    doctor: { type: "boolean", description: "Run the checks" },
    json: { type: "boolean", description: "The checks as JSON on stdout" },
  },
  async run({ args }) {
    const checks = await doctor(process.cwd(), process.env);
    if (args.json) process.stdout.write(`${jsonText(checks)}\n`);
    else {
      const pc = colorsFor(process.stdout);
      // Details quote paths, configuration values and what programs answered.
      const shown = checks.map((c) => ({ ...c, name: printable(c.name), detail: printable(c.detail) }));
      const width = Math.max(...shown.map((c) => c.name.length));
      for (const c of shown) process.stdout.write(`${c.ok ? pc.green("ok ") : pc.red("!! ")} ${c.name.padEnd(width)}  ${c.detail}\n`);
    }
    // claude missing: nothing cc-wt does can work (127, as a launch would exit). Otherwise something
    // that is there but does not work is worth a non-zero status; something optional and absent is not.
    if (checks.some((c) => c.required && c.absent)) return Exit.NotFound;
    return checks.some((c) => !c.ok && !c.absent) ? 1 : 0;
  },
});
