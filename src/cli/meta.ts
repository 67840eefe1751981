// What help and completions need to know of every command, without loading any: its flag, what
// it does, and how its arguments complete. Each command (src/commands/) takes its meta from here;
// the registry (registry.ts) loads a command only when it runs.
import type { CommandDef } from "citty";

export interface CommandMeta {
  /** The mode flag that selects it, which is also its name. */
  name: string;
  description: string;
  /** Its positional arguments are branches (or worktree paths): the completions offer branch names. */
  takesBranches?: boolean;
  /** Arguments after `--` go to the claude it starts (shown in its usage). */
  takesClaudeArgs?: boolean;
}

/**
 * Flags that turn cc-wt from a claude launcher into one of its own commands. They must never be
 * claude flags (test/unit/cli/flags.test.ts); the flags of the command they select are then all cc-wt's.
 */
export const COMMANDS = {
  "--list": { name: "--list", description: "Show every running cc-wt, with Claude's status as Claude reports it" },
  "--watch": { name: "--watch", description: "A live view of every Claude, who needs you first; made for a tmux popup" },
  "--panes": { name: "--panes", description: "Open Claude in several worktrees side by side, one tmux pane each", takesBranches: true, takesClaudeArgs: true },
  "--mention": { name: "--mention", description: "@-mention a file or lines in the Claude whose worktree holds it" },
  "--select": { name: "--select", description: "Share a selection (or the active file) with the Claude whose worktree holds it" },
  "--close": { name: "--close", description: "Remove a worktree, only when no Claude runs there and no work would be lost", takesBranches: true },
  "--approve-setup": { name: "--approve-setup", description: "Approve the setup command a repository's .cc-wt.toml proposes for new worktrees" },
  "--jump": { name: "--jump", description: "Go to a Claude's tmux pane: by default the one that has waited longest for you", takesBranches: true },
  "--status-line": { name: "--status-line", description: "One line for tmux's status-right: how many Claudes wait for you (\u23f3), are done (\u2714), are busy (\u25cf)" },
  "--mute": { name: "--mute", description: "Silence one worktree's alerts (tmux, desktop, your command) until --unmute", takesBranches: true },
  "--unmute": { name: "--unmute", description: "Turn a worktree's alerts back on", takesBranches: true },
  "--doctor": { name: "--doctor", description: "Check what cc-wt would use here: claude, tmux, the diff view, language servers" },
  "--completions": { name: "--completions", description: "Print a shell completion script (bash, zsh or fish)" },
} as const satisfies Record<string, CommandMeta>;

export type CommandName = keyof typeof COMMANDS;

/** Every command, loaded. */
export type Commands = Readonly<Record<CommandName, CommandDef<any>>>;

/** What every command's run gets besides its own arguments (citty's `data`). */
export interface CommandData {
  /** The arguments after `--`, for claude. */
  claudeArgs: string[];
  /** Every command, for one that describes them all (the completions). */
  loadCommands: () => Promise<Commands>;
}
