import { expect, test } from "bun:test";
import { CliError, Exit, exitStatusLines } from "../../src/errors.ts";
import { terminalText } from "../../src/logger.ts";
import { chooseInstance } from "../../src/control/route.ts";

test("the help's exit statuses come from the same table as the code's, one line each", () => {
  const lines = exitStatusLines();
  expect(lines).toHaveLength(Object.keys(Exit).length);
  for (const status of Object.values(Exit)) expect(lines.some((l) => l.trimStart().startsWith(`${status} `))).toBe(true);
});

test("a message keeps its own line breaks; every other control character is shown, not obeyed", () => {
  expect(terminalText("Running:\n  /repo/app (port 1)")).toBe("Running:\n  /repo/app (port 1)");
  expect(terminalText("a\x1b]0;owned\x07\rb\n\x9b31m")).toBe("a\\x1b]0;owned\\x07\\rb\n\\x9b31m");
});

test("an untrusted value is escaped where it is put in: a line break in a worktree name cannot forge a line", () => {
  const row = { worktree: "/r/app\n  /r/forged (port 1, pid 1)\x1b[2J", port: 4000, pid: 7, status: "idle" };
  let message = "";
  try {
    chooseInstance("/elsewhere/x", [{ row } as never], {});
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exit).toBe(Exit.Unavailable);
    message = terminalText((e as CliError).message);
  }
  expect(message).toContain("Running:\n  /r/app\\n  /r/forged (port 1, pid 1)\\x1b[2J (port 4000, pid 7)");
  expect(message).not.toMatch(/\x1b/);
});
