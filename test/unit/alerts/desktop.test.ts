import { expect, test } from "bun:test";
import { chooseDesktop, desktopDelivery } from "../../../src/alerts/desktop.ts";

const has = (...cmds: string[]) => (c: string) => cmds.includes(c);

test("auto: osascript on macOS, notify-send in a graphical Linux session, otherwise nothing", () => {
  expect(chooseDesktop("auto", {}, "darwin", has("osascript"))).toBe("osascript");
  expect(chooseDesktop("auto", { DISPLAY: ":0" }, "linux", has("notify-send"))).toBe("notify-send");
  expect(chooseDesktop("auto", { WAYLAND_DISPLAY: "wayland-0" }, "linux", has("notify-send"))).toBe("notify-send");
  expect(chooseDesktop("auto", {}, "linux", has("notify-send"))).toBeUndefined(); // an ssh session: no desktop
  expect(chooseDesktop("auto", { DISPLAY: ":0" }, "linux", has())).toBeUndefined();
  expect(chooseDesktop("off", { DISPLAY: ":0" }, "linux", has("notify-send"))).toBeUndefined();
  expect(chooseDesktop("osc9", {}, "linux", has())).toBe("osc9");
});

const evil = "x\x1b]0;owned\x07;<b>&`$(rm -rf ~)`";

test("notify-send and osascript take the text as arguments, never as markup, script or shell", () => {
  const ns = desktopDelivery("notify-send", "cc-wt: b", `Claude in ${evil} is done`, false);
  expect(ns).toEqual({ argv: ["notify-send", "--app-name=cc-wt", "--", "cc-wt: b", "Claude in x\\x1b]0;owned\\x07;&lt;b&gt;&amp;`$(rm -rf ~)` is done"] });
  const osa = desktopDelivery("osascript", `cc-wt: ${evil}`, "body", false) as { argv: string[] };
  expect(osa.argv.slice(0, 7)).toEqual(["osascript", "-e", "on run argv", "-e", "display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run"]);
  expect(osa.argv[7]).toBe("cc-wt: x\\x1b]0;owned\\x07;<b>&`$(rm -rf ~)`");
});

test("OSC 9 and 777: one escape with no control character inside, wrapped for tmux's passthrough", () => {
  expect(desktopDelivery("osc9", "cc-wt: b", "done", false)).toEqual({ bytes: "\x1b]9;cc-wt: b: done\x07" });
  expect(desktopDelivery("osc777", "t;1", "b;2", false)).toEqual({ bytes: "\x1b]777;notify;t,1;b,2\x07" });
  expect(desktopDelivery("osc9", "t", "b", true)).toEqual({ bytes: "\x1bPtmux;\x1b\x1b]9;t: b\x07\x1b\\" });
  const { bytes } = desktopDelivery("osc9", "t", evil, false) as { bytes: string };
  // Exactly the escape's own ESC and BEL: the branch name cannot end it or start another.
  expect([...bytes].filter((c) => c < " ")).toEqual(["\x1b", "\x07"]);
});
