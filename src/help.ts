import type { ArgDef, ArgsDef } from "citty";
import pc from "picocolors";

export interface HelpPage {
  description: string;
  usage: string;
  args: ArgsDef;
  /** Extra flags not declared as citty args (handled before citty runs), as [flags, description]. */
  extra?: [string, string][];
  footer?: string;
}

const flagLabel = (name: string, def: ArgDef): string => {
  const aliases = [(def as { alias?: string | string[] }).alias ?? []].flat().map((a) => `-${a}`);
  const hint = def.type === "string" ? ` <${(def as { valueHint?: string }).valueHint ?? name}>` : "";
  return [...aliases, `--${name}`].join(", ") + hint;
};

/**
 * Help in the shape of citty's, drawn with picocolors so that it is plain when stdout is not a
 * terminal or NO_COLOR is set (citty colours regardless).
 */
export function renderHelp(page: HelpPage): string {
  const rows: [string, string][] = [
    ...Object.entries(page.args).map(([name, def]): [string, string] => [flagLabel(name, def), def.description ?? ""]),
    ...(page.extra ?? []),
  ];
  const width = Math.max(...rows.map(([f]) => f.length));
  const lines = [
    page.description,
    "",
    `${pc.bold(pc.underline("USAGE"))} ${pc.cyan(page.usage)}`,
    "",
    pc.bold(pc.underline("OPTIONS")),
    "",
    ...rows.map(([f, d]) => `  ${pc.cyan(f.padEnd(width))}  ${d}`),
  ];
  if (page.footer) lines.push("", page.footer);
  return `${lines.join("\n")}\n`;
}
