// The user's environment must not silently keep the real client off its instance: settings that
// would stop it connecting or send it elsewhere are not passed on, and bare mode gets --ide.
import { afterEach, expect, test } from "bun:test";
import { startRealClaude, type RealClaude } from "../helpers/real-claude.ts";

let run: RealClaude;
afterEach(() => run.cleanup());

const connectsDespite = (env: Record<string, string>) => async () => {
  run = startRealClaude({ env });
  run.launch();
  const pid = await run.clientPid();
  expect(run.parentOf(pid)).toBe(run.lock().pid);
  await run.tmux.waitForScreen(/❯\s*$/m);
  await run.tmux.type("/ide");
  await run.tmux.waitForScreen(/✔ cc-wt \(feature-x\)/);
};

test("CLAUDE_CODE_AUTO_CONNECT_IDE=false in the environment: claude still connects to cc-wt", connectsDespite({ CLAUDE_CODE_AUTO_CONNECT_IDE: "false" }), 90_000);

// 192.0.2.1 (TEST-NET-1) goes nowhere: a client that dialled it would never connect.
test("CLAUDE_CODE_IDE_HOST_OVERRIDE in the environment: claude still connects to cc-wt", connectsDespite({ CLAUDE_CODE_IDE_HOST_OVERRIDE: "192.0.2.1" }), 90_000);

test(
  "bare mode (--bare), where only --ide connects: claude connects to cc-wt",
  async () => {
    run = startRealClaude();
    run.launch("--bare");
    const pid = await run.clientPid();
    expect(run.parentOf(pid)).toBe(run.lock().pid);
    expect(run.debugLog()).toContain('["--bare","--ide"]');
  },
  90_000,
);

test(
  "bare mode from the environment (CLAUDE_CODE_SIMPLE=1): claude connects to cc-wt",
  async () => {
    run = startRealClaude({ env: { CLAUDE_CODE_SIMPLE: "1" } });
    run.launch();
    const pid = await run.clientPid();
    expect(run.parentOf(pid)).toBe(run.lock().pid);
  },
  90_000,
);
