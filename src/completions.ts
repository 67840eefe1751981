// Shell completion scripts, generated from the same command definitions as the help, so they
// cannot drift from the flags cc-wt really takes.
import type { CommandDef } from "citty";
import { argSpecs } from "./argv.ts";
import run from "./commands/run.ts";
import { LAYOUTS } from "./config.ts";
import { MODES } from "./modes.ts";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

interface Flag {
  flag: string;
  description: string;
}

const flagsOf = (cmd: CommandDef<any>): Flag[] =>
  argSpecs(cmd)
    .filter((a) => !a.positional)
    .map((a) => ({ flag: a.flags[0]!, description: a.description }));

const modeFlags = () => Object.values(MODES).flatMap((cmd) => flagsOf(cmd));
const topFlags = (): Flag[] => [
  ...flagsOf(run),
  { flag: "--help", description: "Show help" },
  { flag: "--version", description: "Show the versions of cc-wt and claude" },
];

function bash(): string {
  const all = [...new Set([...topFlags(), ...modeFlags()].map((f) => f.flag))].join(" ");
  return `# cc-wt completion for bash: eval "$(cc-wt --completions bash)"
_cc_wt() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    --mention|--select) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --layout) COMPREPLY=($(compgen -W "${LAYOUTS.join(" ")}" -- "$cur")); return ;;
    --completions) COMPREPLY=($(compgen -W "${SHELLS.join(" ")}" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${all}" -- "$cur"))
    return
  fi
  case " \${COMP_WORDS[*]} " in
    *" --panes "*|*" --jump "*|*" --mute "*|*" --unmute "*)
      COMPREPLY=($(compgen -W "$(git branch --format='%(refname:short)' 2>/dev/null)" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}
complete -F _cc_wt cc-wt
`;
}

function zsh(): string {
  return `# cc-wt completion for zsh: eval "$(cc-wt --completions zsh)"
autoload -U +X bashcompinit && bashcompinit
${bash().split("\n").slice(1).join("\n")}`;
}

function fish(): string {
  const esc = (s: string) => s.replaceAll("'", "\\'");
  const lines = [...topFlags(), ...modeFlags()]
    .filter((f, i, all) => all.findIndex((g) => g.flag === f.flag) === i)
    .map((f) => `complete -c cc-wt -l ${f.flag.slice(2)} -d '${esc(f.description)}'`);
  return `# cc-wt completion for fish: cc-wt --completions fish | source
${lines.join("\n")}
complete -c cc-wt -l layout -xa '${LAYOUTS.join(" ")}'
complete -c cc-wt -l completions -xa '${SHELLS.join(" ")}'
`;
}

export const completionScript = (shell: Shell): string => ({ bash, zsh, fish })[shell]();
