// The "exited" alert from a live cc-wt: claude failing raises it, with its status, before cc-wt
// exits; a clean exit, or a stop cc-wt was told to pass on (a closed pane), raises nothing.
import { expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxPerTest } from "../helpers/sandbox.ts";
import { waitFor } from "../helpers/wait.ts";

const sb = sandboxPerTest();

/** The user's own [notify] command: appends each event it is run for. */
function recordEvents(): () => string[] {
  const out = join(sb().dir, "events");
  const config = join(sb().home, ".config", "cc-wt");
  mkdirSync(config, { recursive: true });
  const js = `require("fs").appendFileSync(${JSON.stringify(out)}, process.env.CC_WT_EVENT + " " + process.env.CC_WT_EXIT_STATUS + " " + process.env.CC_WT_WORKTREE + "\\n")`;
  writeFileSync(join(config, "config.toml"), `[notify]\ncommand = [${JSON.stringify(process.execPath)}, "-e", ${JSON.stringify(js)}]\ndesktop = "off"\n`);
  return () => (existsSync(out) ? readFileSync(out, "utf8").trim().split("\n").filter(Boolean) : []);
}

test("claude exiting with 3: the user's command hears exited 3 for this worktree; cc-wt still exits 3", async () => {
  const events = recordEvents();
  expect((await sb().start([], { stub: { exit: 3 } }).finished()).status).toBe(3);
  await waitFor(() => events().length > 0, 5000, () => "no exited event");
  expect(events()).toEqual([`exited 3 ${sb().repo}`]);
});

test("a clean exit, and a stop passed on to claude, raise nothing", async () => {
  const events = recordEvents();
  expect((await sb().start([], { stub: { exit: 0 } }).finished()).status).toBe(0);
  const cc = sb().start([], { stub: { wait: true } });
  await cc.report();
  cc.kill("SIGHUP");
  expect((await cc.finished()).status).toBe(129);
  // A third instance that does fail proves the command was reachable all along, and came alone.
  expect((await sb().start([], { stub: { exit: 1 } }).finished()).status).toBe(1);
  await waitFor(() => events().length > 0, 5000, () => "no exited event");
  expect(events()).toEqual([`exited 1 ${sb().repo}`]);
});
