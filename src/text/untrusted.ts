// Text that came from outside cc-wt's own code (file, folder and branch names, a repository's
// files, anything Claude or another instance says, environment values) is data. These helpers
// put it in front of a terminal or into tmux so that it can only ever be read, never obeyed.

/**
 * Characters a terminal may act on rather than show: C0 controls (ESC starts escape sequences,
 * BEL rings, CR and BS overwrite what is shown), DEL, and C1 controls (U+0080–U+009F: CSI and
 * OSC in 8-bit form). Bidirectional overrides and isolates reorder what is displayed
 * ("Trojan Source"), so a name could read as something it is not.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

const escapeOne = (c: string): string => {
  const code = c.codePointAt(0)!;
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`);
};

/**
 * One line of untrusted text, safe to print: every control character is shown as an escape
 * (`\x1b`, `\n`, `\u{202e}`), so the name stays recognisable and nothing reaches the terminal
 * that it would act on. A backslash is doubled only when it could be mistaken for such an escape.
 */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(/\\(?=x[0-9a-f]{2}|u\{|[nrt])/g, "\\\\").replace(UNPRINTABLE, escapeOne);
}

/**
 * JSON for stdout: JSON.stringify escapes C0 controls but leaves DEL, C1 controls and the
 * bidirectional overrides raw, and a terminal acts on C1 just as on ESC sequences. Those can only
 * stand inside strings in JSON text, so writing them as \uXXXX keeps the same value.
 */
export const jsonText = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * tmux expands formats (`#{…}`, `#(command)`, `#[style]`, `#S`…) in titles, names, start
 * directories, popup titles and display-message text. `##` is tmux's literal "#", so doubling
 * every "#" leaves nothing to expand. Control characters are made visible too: tmux would pass
 * them to the terminals of every attached client (titles, messages).
 */
export const tmuxLiteral = (text: string): string => printable(text).replaceAll("#", "##");

/**
 * The same for a value tmux must receive byte for byte, such as a start directory (`-c`, `-d`):
 * only "#" is doubled, which tmux's expansion turns back into "#", so the directory is exactly
 * the one named (checked with tmux 3.3 by test/diff/view.test.ts and test/commands/panes.test.ts).
 */
export const tmuxVerbatim = (text: string): string => text.replaceAll("#", "##");

