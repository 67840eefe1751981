// Which program shows a proposed edit. Every viewer follows one contract: it gets the file as it
// is ({old}) and as Claude proposes it ({new}, editable); exiting 0 accepts whatever {new} then
// holds, any other status rejects the edit.
import { shQuote } from "../tmux.ts";
import type { Env } from "../env.ts";

/**
 * A two-way diff in (n)vim: edit the right side, :wqa to accept, :cq to reject. The cursor starts
 * on the right (the proposed side: vim -d leaves it in the last window), and each side's status
 * line names the file and the side, the proposed one with the keys first (cut last when narrow);
 * the message naming the temporary copy as it is read is cleared.
 */
const vimDiff = (vim: string) =>
  `${vim} -d {old} {new} -c 'set laststatus=2' ` +
  `-c '1wincmd w | setlocal statusline=%<%t\\ (current)' ` +
  `-c '2wincmd w | setlocal statusline=:wqa\\ accept\\ \\ :cq\\ reject\\ \\ %<%t\\ (proposed\\ by\\ Claude)' -c 'redraw!'`;

/**
 * A read-only diff in a pager, then a one-key question. delta is used when it is installed. It
 * runs beside the copies, so its headers read current/NAME and proposed/NAME, not temporary paths.
 */
const PAGER = [
  '(cd "$(dirname {new})/.." && n="$(basename {new})" &&',
  "printf 'Claude proposes an edit to %s: read it (q leaves the pager), then y accepts it, anything else rejects it.\\n' \"$n\" &&",
  'if command -v delta >/dev/null; then delta --paging=always "current/$n" "proposed/$n";',
  'else git --no-pager diff --no-index --color=always -- "current/$n" "proposed/$n" | less -R; fi);',
  "printf 'Apply this edit? [y/N] '; read -r answer; [ \"$answer\" = y ] || [ \"$answer\" = Y ]",
].join(" ");

export function viewerCommand(choice: string, env: Env): string | undefined {
  const has = (cmd: string) => Bun.which(cmd, { PATH: env.PATH ?? "" }) !== null;
  switch (choice) {
    case "auto":
      return has("nvim") ? vimDiff("nvim") : has("vim") ? vimDiff("vim") : has("git") ? PAGER : undefined;
    case "nvim":
    case "vim":
      return has(choice) ? vimDiff(choice) : undefined;
    case "pager":
      return PAGER;
    default:
      return choice;
  }
}

/** Fills {old} and {new} with shell-quoted paths. */
export const fillViewer = (template: string, oldPath: string, newPath: string): string =>
  template.replaceAll("{old}", shQuote(oldPath)).replaceAll("{new}", shQuote(newPath));
