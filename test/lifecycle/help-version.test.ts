// Help and version are answered by cc-wt itself, without an IDE server or a claude session.
import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import pkg from "../../package.json" with { type: "json" };
import { sandboxPerTest } from "../helpers/sandbox.ts";
import { STUB_VERSION } from "../helpers/stub-claude.ts";

const sb = sandboxPerTest();

// Anywhere on the line: cc-wt takes its help flags wherever they are (claude's is behind --).
test.each([{ args: ["--help"] }, { args: ["-h"] }, { args: ["-p", "a prompt", "--help"] }])("$args prints help on stdout and starts nothing", async ({ args }) => {
  const cc = sb().start(args);
  const done = await cc.finished();
  expect(done.status).toBe(0);
  expect(done.stdout).toContain(`cc-wt ${pkg.version}`);
  expect(done.stdout).toMatch(/USAGE/);
  expect(done.stdout).toContain("cc-wt -- --help");
  expect(existsSync(cc.reportPath)).toBe(false);
  expect(existsSync(sb().ideDir)).toBe(false);
});

test.each(["--version", "-v"])("%s prints cc-wt's version and claude's", async (flag) => {
  const cc = sb().start([flag]);
  const done = await cc.finished();
  expect(done.status).toBe(0);
  expect(done.stdout).toContain(`cc-wt ${pkg.version}`);
  expect(done.stdout).toContain(STUB_VERSION);
  expect(existsSync(sb().ideDir)).toBe(false);
});

test("--version still answers when claude is missing", async () => {
  const done = await sb().run(["--version"], { env: { CC_WT_CLAUDE: "/nonexistent" } });
  expect(done.status).toBe(0);
  expect(done.stdout).toContain(`cc-wt ${pkg.version}`);
  expect(done.stdout).toMatch(/claude .*not found/);
});
