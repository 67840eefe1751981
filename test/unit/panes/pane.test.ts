// The environment file a --panes pane takes: owner-only, refused when planted or loosened, never left behind.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { paneEnvironment, settlePaneSpecs, takePaneSpec, writePaneSpec } from "../../../src/panes/pane.ts";

let dir: string;
let savedTmp: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-wt-pane-test-"));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = dir;
});
afterEach(() => {
  process.env.TMPDIR = savedTmp;
  if (savedTmp === undefined) delete process.env.TMPDIR;
  rmSync(dir, { recursive: true, force: true });
});

test("written owner-only without what must not leak; taken once, then gone with its directory", () => {
  const path = writePaneSpec({ A: "x#{y}$(z)\n", TMUX: "/s,1,0", TMUX_PANE: "%1", CLAUDE_CODE_SSE_PORT: "9", PWD: "/elsewhere", U: undefined }, "hold");
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
  expect(takePaneSpec(path)).toEqual({ env: { A: "x#{y}$(z)\n" }, afterExit: "hold" });
  expect(existsSync(dirname(path))).toBe(false);
  expect(takePaneSpec(path)).toBeUndefined();
});

test("a file others can read, or a symlink planted in its place, is refused and left alone", () => {
  const loose = writePaneSpec({ A: "1" }, "shell");
  chmodSync(loose, 0o644);
  expect(takePaneSpec(loose)).toBeUndefined();
  expect(existsSync(loose)).toBe(true);
  const target = join(dir, "elsewhere.json");
  writeFileSync(target, JSON.stringify({ env: { PATH: "/evil" }, afterExit: "shell" }), { mode: 0o600 });
  const link = join(dir, "link.json");
  symlinkSync(target, link);
  expect(takePaneSpec(link)).toBeUndefined();
  expect(existsSync(target)).toBe(true);
});

test("the pane keeps its own terminal and tmux variables", () => {
  const env = paneEnvironment({ env: { TERM: "xterm-kitty", COLUMNS: "200", HOME: "/h", TMUX: "/other" }, afterExit: "shell" }, { TERM: "tmux-256color", TMUX: "/s,2,0", TMUX_PANE: "%4" });
  expect(env).toEqual({ TERM: "tmux-256color", TMUX: "/s,2,0", TMUX_PANE: "%4", HOME: "/h", CLAUDE_CODE_DISABLE_TERMINAL_TITLE: "1" });
});

test("a file no pane took is removed by --panes, so the environment never stays on disk", async () => {
  const taken = writePaneSpec({ A: "1" }, "shell");
  const untaken = writePaneSpec({ SECRET: "s" }, "shell");
  takePaneSpec(taken);
  await settlePaneSpecs([taken, untaken], 200);
  expect(readdirSync(dir)).toEqual([]);
});
