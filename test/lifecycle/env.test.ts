// claude finds its IDE through the environment cc-wt gives it (docs/protocol.md, "Which lock the client connects to" and "Transport").
import { expect, test } from "bun:test";
import { sandboxPerTest } from "../helpers/sandbox.ts";

const sb = sandboxPerTest();
const LOOPBACK = ["127.0.0.1", "localhost", "::1"];

async function envSeen(env: Record<string, string> = {}) {
  const cc = sb().start([], { env, stub: { wait: true } });
  const [report, lock] = await Promise.all([cc.report(), cc.lock()]);
  return { seen: report.env, port: lock.port };
}

test("claude is pointed at this instance's server, even when an outer session set another port", async () => {
  const { seen, port } = await envSeen({ CLAUDE_CODE_SSE_PORT: "1" });
  expect(seen.CLAUDE_CODE_SSE_PORT).toBe(String(port));
  expect(seen.ENABLE_IDE_INTEGRATION).toBe("true");
  expect(seen.CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL).toBe("1");
});

test("loopback bypasses any proxy, in both spellings of NO_PROXY", async () => {
  const { seen } = await envSeen();
  for (const name of ["NO_PROXY", "no_proxy"]) expect(seen[name]?.split(",")).toEqual(expect.arrayContaining(LOOPBACK));
});

test("the user's own NO_PROXY entries are kept, and loopback is not listed twice", async () => {
  const { seen } = await envSeen({ NO_PROXY: "corp.example, 127.0.0.1", no_proxy: "localhost" });
  const upper = seen.NO_PROXY!.split(",");
  expect(upper).toContain("corp.example");
  expect(upper).toEqual(expect.arrayContaining(LOOPBACK));
  expect(upper.filter((h) => h === "127.0.0.1")).toHaveLength(1);
  expect(seen.no_proxy!.split(",").filter((h) => h === "localhost")).toHaveLength(1);
});
