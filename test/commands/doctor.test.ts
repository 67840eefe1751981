// `cc-wt --doctor`: finds this worktree's language servers and really starts them.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CC_WT } from "../helpers/real-claude.ts";

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-doctor-")));
  env = { PATH: process.env.PATH!, HOME: dir, XDG_CONFIG_HOME: join(dir, "xdg"), CC_WT_CLAUDE: "/bin/true" };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function doctor(): { code: number; checks: { name: string; ok: boolean; detail: string }[] } {
  const p = Bun.spawnSync([CC_WT, "--doctor", "--json"], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, checks: JSON.parse(p.stdout.toString()) };
}

test("a TypeScript project's server is found and started; a broken declared server fails the check", () => {
  symlinkSync(resolve(import.meta.dir, "../../node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "tsconfig.json"), "{}");
  const ok = doctor();
  expect(ok.code).toBe(0);
  expect(ok.checks.find((c) => c.name === "diagnostics: typescript")).toMatchObject({ ok: true, detail: expect.stringMatching(/tsc --lsp --stdio \(started in \d+ ms\)/) });

  mkdirSync(join(dir, "xdg", "cc-wt"), { recursive: true });
  writeFileSync(join(dir, "xdg", "cc-wt", "config.toml"), '[[diagnostics.server]]\nname = "broken"\ncommand = ["false"]\nfiletypes = ["txt"]\n');
  const broken = doctor();
  expect(broken.code).toBe(1);
  expect(broken.checks.find((c) => c.name === "diagnostics: broken")).toMatchObject({ ok: false });
});

test("diagnostics = false turns them off; a worktree with no known project says so", () => {
  const none = doctor();
  expect(none.checks.find((c) => c.name === "diagnostics")?.detail).toBe("no language server applies to this worktree");
  mkdirSync(join(dir, "xdg", "cc-wt"), { recursive: true });
  writeFileSync(join(dir, "xdg", "cc-wt", "config.toml"), "diagnostics = false\n");
  expect(doctor().checks.find((c) => c.name === "diagnostics")?.detail).toBe("off (diagnostics = false)");
});

test("a server that is simply not installed is reported without failing the doctor", () => {
  writeFileSync(join(dir, "package.json"), "{}");
  env.PATH = "/usr/bin:/bin";
  const r = doctor();
  expect(r.checks.find((c) => c.name === "diagnostics")).toMatchObject({ ok: false, absent: true });
  expect(r.code).toBe(0);
});

test("a CC_WT_DIFF_VIEW that is not a mode is named, not taken for a popup", () => {
  env.CC_WT_DIFF_VIEW = "of";
  const r = doctor();
  expect(r.checks.find((c) => c.name === "diff view")).toMatchObject({ ok: false, detail: expect.stringContaining("CC_WT_DIFF_VIEW=of is not one of") });
  expect(r.code).toBe(1);
});

test("Claude's own diffTool = \"terminal\" is reported: it keeps edits out of the diff view", () => {
  env.CLAUDE_CONFIG_DIR = join(dir, "cfg");
  mkdirSync(env.CLAUDE_CONFIG_DIR);
  expect(doctor().checks.find((c) => c.name === "claude diffTool")).toBeUndefined();
  writeFileSync(join(env.CLAUDE_CONFIG_DIR, ".claude.json"), JSON.stringify({ diffTool: "auto" }));
  expect(doctor().checks.find((c) => c.name === "claude diffTool")).toBeUndefined();
  writeFileSync(join(env.CLAUDE_CONFIG_DIR, ".claude.json"), JSON.stringify({ diffTool: "terminal" }));
  const r = doctor();
  expect(r.checks.find((c) => c.name === "claude diffTool")).toMatchObject({ ok: false, detail: expect.stringContaining('"terminal" in ' + join(env.CLAUDE_CONFIG_DIR, ".claude.json")) });
  expect(r.code).toBe(1);
});

test("claude missing: --doctor says how to install it and exits 127; it names the configuration files it read", () => {
  env.CC_WT_CLAUDE = join(dir, "no-such-claude");
  env.PATH = "/usr/bin:/bin";
  const missing = doctor();
  expect(missing.code).toBe(127);
  expect(missing.checks.find((c) => c.name === "claude")).toMatchObject({ ok: false, detail: expect.stringContaining("npm install -g @anthropic-ai/claude-code") });
  const user = join(dir, "xdg", "cc-wt", "config.toml");
  expect(missing.checks.find((c) => c.name === "configuration")?.detail).toBe(`no file (looked for ${user}, ${join(dir, ".cc-wt.toml")})`);

  env.CC_WT_CLAUDE = "/bin/true";
  mkdirSync(join(dir, "xdg", "cc-wt"), { recursive: true });
  writeFileSync(user, "diagnostics = false\n");
  writeFileSync(join(dir, ".cc-wt.toml"), '[panes]\nlayout = "tiled"\n');
  writeFileSync(join(dir, ".claude.json"), "{}");
  const found = doctor();
  expect(found.code).toBe(0);
  expect(found.checks.find((c) => c.name === "configuration")?.detail).toBe(`read ${user}, ${join(dir, ".cc-wt.toml")}`);
  expect(found.checks.find((c) => c.name === "claude settings")?.detail).toBe(`read ${join(dir, ".claude.json")} (diffTool)`);
});
