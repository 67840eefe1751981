// Desktop notifications, by whatever this machine can send: notify-send (Linux desktops),
// osascript (macOS), or the terminal's own OSC 9 / OSC 777 escape (through tmux's passthrough).
// Every path takes the text as data: argv entries, never a shell or a script; no control characters.
import { printable } from "../text/untrusted.ts";
import type { Env } from "../env.ts";

export const DESKTOP_METHODS = ["auto", "off", "notify-send", "osascript", "osc9", "osc777"] as const;
export type DesktopSetting = (typeof DESKTOP_METHODS)[number];
export type DesktopMethod = Exclude<DesktopSetting, "auto" | "off">;

/**
 * What "auto" means here: notify-send in a graphical Linux session, osascript on macOS, otherwise
 * nothing (an OSC escape is only sent when asked for: not every terminal shows one, and some act
 * on OSC 9 differently).
 */
export function chooseDesktop(setting: DesktopSetting, env: Env, platform: string, has: (cmd: string) => boolean): DesktopMethod | undefined {
  if (setting === "off") return undefined;
  if (setting !== "auto") return setting;
  if (platform === "darwin" && has("osascript")) return "osascript";
  if ((env.DISPLAY || env.WAYLAND_DISPLAY) && has("notify-send")) return "notify-send";
  return undefined;
}

/** notify-send bodies are markup for most notification daemons. */
const unmarkup = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A program to run, or bytes for the terminal; title and body are untrusted (a branch name). */
export type Delivery = { argv: string[] } | { bytes: string };

export function desktopDelivery(method: DesktopMethod, title: string, body: string, inTmux: boolean): Delivery {
  const [t, b] = [printable(title), printable(body)];
  switch (method) {
    case "notify-send":
      return { argv: ["notify-send", "--app-name=cc-wt", "--", t, unmarkup(b)] };
    case "osascript":
      // The text arrives as the script's arguments: nothing in it is AppleScript.
      return {
        argv: ["osascript", "-e", "on run argv", "-e", "display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run", t, b],
      };
    case "osc9":
    case "osc777": {
      // printable() left no control character that could end the escape early; ";" separates OSC 777's fields.
      const seq = method === "osc9" ? `\x1b]9;${t}: ${b}\x07` : `\x1b]777;notify;${t.replaceAll(";", ",")};${b.replaceAll(";", ",")}\x07`;
      // tmux hands an escape to the outer terminal only wrapped, every ESC doubled (and with allow-passthrough on).
      return { bytes: inTmux ? `\x1bPtmux;${seq.replaceAll("\x1b", "\x1b\x1b")}\x1b\\` : seq };
    }
  }
}
