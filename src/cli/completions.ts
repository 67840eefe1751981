// Shell completion scripts, generated from the same command definitions as the help, so they
// cannot drift from the flags cc-wt really takes. A mode flag (--list, --panes…) makes the whole
// command line that mode's: after one, only its own flags are offered.
import type { CommandDef } from "citty";
import run from "../commands/run.ts";
import { LAYOUTS } from "../config.ts";
import { argSpecs } from "./argv.ts";
import { COMMANDS, type Commands } from "./meta.ts";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

interface Flag {
  flag: string;
  description: string;
}

const HELP: Flag = { flag: "--help", description: "Show help" };

const flagsOf = (cmd: CommandDef<any>): Flag[] =>
  argSpecs(cmd)
    .filter((a) => !a.positional)
    .map((a) => ({ flag: a.flags[0]!, description: a.description }));

/** What the scripts offer, from every command's flags and meta. */
interface Offer {
  /** With no mode yet: cc-wt's own launch flags, and each mode, described by its meta. */
  top: Flag[];
  /** The mode flags, in order. */
  names: string[];
  /** After a mode flag: the rest of that mode's flags. */
  flags: Record<string, Flag[]>;
  /** Modes whose argument is a branch (or worktree); --mention and --select take files. */
  branchModes: string[];
}

function offerOf(commands: Commands): Offer {
  const metas = Object.values(COMMANDS);
  return {
    top: [...flagsOf(run), HELP, { flag: "--version", description: "Show the versions of cc-wt and claude" }, ...metas.map((m) => ({ flag: m.name, description: m.description }))],
    names: metas.map((m) => m.name),
    flags: Object.fromEntries(metas.map((m) => [m.name, [...flagsOf(commands[m.name]).filter((f) => f.flag !== m.name), HELP]])),
    branchModes: metas.filter((m) => "takesBranches" in m && m.takesBranches).map((m) => m.name),
  };
}

/** The branches those modes offer, one per line: data for the shells, never part of their code. */
const BRANCHES = 'git for-each-ref "--format=%(refname:short)" refs/heads 2>/dev/null';

const words = (flags: readonly Flag[]) => flags.map((f) => f.flag).join(" ");

// Candidates are never put where the shell would evaluate them: bash's `compgen -W` expands its
// word list ($(…), backticks, variables), so a branch named "$(rm -rf ~)" would run on TAB, and an
// unquoted $(…) would also split and glob file names. Here words are read line by line, matched
// by prefix as plain text, and quoted for the command line with printf %q. Flags are cc-wt's own.
function bash(o: Offer): string {
  const perMode = o.names.map((m) => `    ${m}) _cc_wt_reply "$cur" < <(printf '%s\\n' ${words(o.flags[m]!)}) ;;`).join("\n");
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
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" mode="" w
  # A word typed with quotes or backslashes (or put there by a completion) is matched without them.
  cur=\${cur//\\\\/}; cur=\${cur//[\\'\\"]/}
  COMPREPLY=()
  case "$prev" in
    --mention|--select) _cc_wt_reply "$cur" < <(compgen -f -- "$cur"); return ;;
    --layout) _cc_wt_reply "$cur" < <(printf '%s\\n' ${LAYOUTS.join(" ")}); return ;;
    --completions) _cc_wt_reply "$cur" < <(printf '%s\\n' ${SHELLS.join(" ")}); return ;;
  esac
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$w" in
      --) return ;; # the rest is claude's
      ${o.names.join("|")}) [[ -n $mode ]] || mode=$w ;;
    esac
  done
  if [[ "$cur" == -* ]]; then
    case "$mode" in
${perMode}
    *) _cc_wt_reply "$cur" < <(printf '%s\\n' ${words(o.top)}) ;;
    esac
    return
  fi
  case "$mode" in
    ${o.branchModes.join("|")}) _cc_wt_reply "$cur" < <(${BRANCHES}) ;;
    *) _cc_wt_reply "$cur" < <(compgen -f -- "$cur") ;;
  esac
}
complete -F _cc_wt cc-wt
`;
}

/** A zsh single-quoted word. */
const zq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
/** _describe's "name:description" items (a ":" in a name would need escaping; flags have none). */
const described = (flags: readonly Flag[]) => flags.map((f) => zq(`${f.flag}:${f.description}`)).join(" ");

// Native zsh: _describe and compadd take the candidates as plain strings and quote them on insertion.
function zsh(o: Offer): string {
  const perMode = o.names.map((m) => `      ${m}) _cc_wt_flags=(${described(o.flags[m]!)}) ;;`).join("\n");
  return `# cc-wt completion for zsh: eval "$(cc-wt --completions zsh)"
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
_cc_wt() {
  # zsh's own options whatever the user set, plus the extended globs compsys (_describe) needs.
  emulate -L zsh -o extended_glob
  case \${words[CURRENT-1]} in
    --mention|--select) _files; return ;;
    --layout) compadd -- ${LAYOUTS.join(" ")}; return ;;
    --completions) compadd -- ${SHELLS.join(" ")}; return ;;
  esac
  # Named apart: compsys's own functions have locals such as "flags" that would hide ours.
  local -a before=(\${words[2,CURRENT-1]}) _cc_wt_flags
  (( \${before[(I)--]} )) && return
  local mode=\${before[(r)(${o.names.join("|")})]}
  if [[ $PREFIX == -* ]]; then
    case $mode in
${perMode}
      *) _cc_wt_flags=(${described(o.top)}) ;;
    esac
    _describe -t options 'cc-wt option' _cc_wt_flags
  elif [[ $mode == (${o.branchModes.join("|")}) ]]; then
    compadd -- \${(f)"$(${BRANCHES})"}
  else
    _files
  fi
}
compdef _cc_wt cc-wt
`;
}

// fish splits a command substitution's output into candidates and never evaluates them.
function fish(o: Offer): string {
  const esc = (s: string) => s.replaceAll("\\", "\\\\").replaceAll("'", "\\'");
  const long = (m: string) => `-l ${m.slice(2)}`;
  const line = (f: Flag, condition: string) => `complete -c cc-wt -n '${condition}' -l ${f.flag.slice(2)} -d '${esc(f.description)}'`;
  const noMode = `not __fish_seen_argument ${o.names.map(long).join(" ")}`;
  const lines = [
    ...o.top.map((f) => line(f, noMode)),
    ...o.names.flatMap((m) => o.flags[m]!.map((f) => line(f, `__fish_seen_argument ${long(m)}`))),
  ];
  return `# cc-wt completion for fish: cc-wt --completions fish | source
${lines.join("\n")}
complete -c cc-wt -n '__fish_seen_argument -l panes' -l layout -xa '${LAYOUTS.join(" ")}'
complete -c cc-wt -n '__fish_seen_argument -l completions' -l completions -xa '${SHELLS.join(" ")}'
complete -c cc-wt -n '__fish_seen_argument ${o.branchModes.map(long).join(" ")}; and not string match -q -- "-*" (commandline -ct)' -f -a '(${BRANCHES})' -d branch
`;
}

export const completionScript = (shell: Shell, commands: Commands): string => ({ bash, zsh, fish })[shell](offerOf(commands));
