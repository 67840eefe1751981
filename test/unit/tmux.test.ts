import { expect, test } from "bun:test";
import { sessionNameFor, sessionTarget } from "../../src/panes/open.ts";
import { besideOwnPane, paneOf, shQuote } from "../../src/tmux.ts";

test("shQuote survives the shell tmux runs a pane command in", () => {
  const args = ["/usr/bin/cc-wt", "--", "fix the 'flaky' test", "$HOME", "a;b", "plain-arg_1.0"];
  const line = args.map(shQuote).join(" ");
  const echoed = Bun.spawnSync(["sh", "-c", `printf '%s\\n' ${line}`], { stdout: "pipe" }).stdout.toString();
  expect(echoed).toBe(`${args.join("\n")}\n`);
  expect(shQuote("plain-arg_1.0")).toBe("plain-arg_1.0");
});

test("paneOf finds the pane whose process is an ancestor, and nothing for a stranger", () => {
  // This test runner's own ancestry stands in for a pane's process tree.
  const me = { id: "%1", pid: process.pid, target: "s:0.1" };
  expect(paneOf(process.pid, [me])).toEqual(me);
  const child = Bun.spawn(["sleep", "5"]);
  try {
    expect(paneOf(child.pid, [me])?.id).toBe("%1");
    expect(paneOf(child.pid, [{ id: "%2", pid: 999_999_999, target: "x" }])).toBeUndefined();
  } finally {
    child.kill();
  }
});

test("session names keep only letters, digits, _ and -: nothing tmux forbids, expands or matches as a pattern", () => {
  expect(sessionNameFor("/src/my.app:v2")).toBe("my_app_v2");
  expect(sessionNameFor("/src/a#{host}#(id)")).toBe("a__host___id_");
  expect(sessionNameFor("/src/$x*?[=@%] é")).toBe("_x________é");
  expect(sessionTarget("app-2")).toBe("=app-2:");
});

test("only a pane id from $TMUX_PANE is used as a target", () => {
  expect(besideOwnPane({ TMUX_PANE: "%12" })).toEqual(["-t", "%12"]);
  for (const bad of [undefined, "", "-x", "=s:", "%1;kill-server", "#{pane_id}"]) expect(besideOwnPane({ TMUX_PANE: bad })).toEqual([]);
});
