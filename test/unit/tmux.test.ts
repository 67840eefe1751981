import { expect, test } from "bun:test";
import { sessionNameFor } from "../../src/panes/open.ts";
import { paneOf, shQuote } from "../../src/tmux.ts";

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

test("session names drop what tmux forbids", () => {
  expect(sessionNameFor("/src/my.app:v2")).toBe("my_app_v2");
});
