// Shell completion scripts, generated from the same command definitions as the help, so they
// cannot drift from the flags cc-wt really takes.
import type { CommandDef } from "citty";
import { argSpecs } from "./argv.ts";
import run from "./commands/run.ts";
import { LAYOUTS } from "./config.ts";
import { loadModes } from "./modes.ts";

// Every mode's command: this module is itself loaded only for help or completions, never for a launch.
const MODES = await loadModes();

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

/** The branches --panes, --jump, --mute and --unmute offer, one per line: data for the shells, never part of their code. */
const BRANCHES = 'git for-each-ref "--format=%(refname:short)" refs/heads 2>/dev/null';

const allFlags = () => [...new Set([...topFlags(), ...modeFlags()].map((f) => f.flag))].join(" ");

// Candidates are never put where the shell would evaluate them: bash's `compgen -W` expands its
// word list ($(…), backticks, variables), so a branch named "$(rm -rf ~)" would run on TAB, and an
// unquoted $(…) would also split and glob file names. Here words are read line by line, matched
// by prefix as plain text, and quoted for the command line with printf %q.
function bash(): string {
  return `# cc-wt completion for bash: eval "$(cc-wt --completions bash)"
_cc_wt_reply() {
  local word quoted
  while IFS= read -r word; do
    [[ $word == "$1"* ]] || continue
    printf -v quoted '%q' "$word"
    COMPREPLY+=("$quoted")
  done
}
_cc_wt() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # A word typed with quotes or backslashes (or put there by a completion) is matched without them.
  cur=\${cur//\\\\/}; cur=\${cur//[\\'\\"]/}
  COMPREPLY=()
  case "$prev" in
    --mention|--select) _cc_wt_reply "$cur" < <(compgen -f -- "$cur"); return ;;
    --layout) _cc_wt_reply "$cur" < <(printf '%s\\n' ${LAYOUTS.join(" ")}); return ;;
    --completions) _cc_wt_reply "$cur" < <(printf '%s\\n' ${SHELLS.join(" ")}); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    _cc_wt_reply "$cur" < <(printf '%s\\n' ${allFlags()})
    return
  fi
  case " \${COMP_WORDS[*]} " in
    *" --panes "*|*" --jump "*|*" --mute "*|*" --unmute "*) _cc_wt_reply "$cur" < <(${BRANCHES}) ;;
    *) _cc_wt_reply "$cur" < <(compgen -f -- "$cur") ;;
  esac
}
complete -F _cc_wt cc-wt
`;
}

// Native zsh: compadd takes the candidates as plain strings and quotes them itself on insertion.
function zsh(): string {
  return `# cc-wt completion for zsh: eval "$(cc-wt --completions zsh)"
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
_cc_wt() {
  emulate -L zsh
  case \${words[CURRENT-1]} in
    --mention|--select) _files; return ;;
    --layout) compadd -- ${LAYOUTS.join(" ")}; return ;;
    --completions) compadd -- ${SHELLS.join(" ")}; return ;;
  esac
  if [[ $PREFIX == -* ]]; then
    compadd -- ${allFlags()}
  elif (( \${words[(I)--(panes|jump|mute|unmute)]} )); then
    compadd -- \${(f)"$(${BRANCHES})"}
  else
    _files
  fi
}
compdef _cc_wt cc-wt
`;
}

// fish splits a command substitution's output into candidates and never evaluates them.
function fish(): string {
  const esc = (s: string) => s.replaceAll("\\", "\\\\").replaceAll("'", "\\'");
  const lines = [...topFlags(), ...modeFlags()]
    .filter((f, i, all) => all.findIndex((g) => g.flag === f.flag) === i)
    .map((f) => `complete -c cc-wt -l ${f.flag.slice(2)} -d '${esc(f.description)}'`);
  return `# cc-wt completion for fish: cc-wt --completions fish | source
${lines.join("\n")}
complete -c cc-wt -l layout -xa '${LAYOUTS.join(" ")}'
complete -c cc-wt -l completions -xa '${SHELLS.join(" ")}'
complete -c cc-wt -n '__fish_seen_argument -l panes -l jump -l mute -l unmute; and not string match -q -- "-*" (commandline -ct)' -f -a '(${BRANCHES})'
`;
}

export const completionScript = (shell: Shell): string => ({ bash, zsh, fish })[shell]();
