// The program that stands in for `claude` in lifecycle tests (see stub-claude.ts for how it is
// launched). Everything it does is chosen by the environment, because that is the only channel
// the tests have through cc-wt to its child:
//   STUB_REPORT=<file>   write a StubReport (JSON) there, atomically
//   STUB_CONNECT=1       connect to cc-wt's IDE server as the real client does, record the outcome
//   STUB_KILL_SELF=<SIG> die by that signal
//   STUB_WAIT=1          stay alive until a signal ends it (two minutes at most)
//   STUB_EXIT=<n>        exit status (default 0)
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { STUB_VERSION, type ConnectResult, type StubReport } from "./stub-claude.ts";

const env = process.env;
const args = process.argv.slice(2);

// cc-wt --version asks claude for its version; answer the way the real client does, and nothing else.
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  console.log(STUB_VERSION);
  process.exit(0);
}

const ENV_SEEN = ["CLAUDE_CODE_SSE_PORT", "ENABLE_IDE_INTEGRATION", "CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL", "NO_PROXY", "no_proxy"];

const report: StubReport = {
  argv: args,
  pid: process.pid,
  ppid: process.ppid,
  cwd: process.cwd(),
  env: Object.fromEntries(ENV_SEEN.map((k) => [k, env[k] ?? null])),
};

/** Speaks the client's side of docs/protocol.md, "Transport" and "Messages" and stops at the first thing that goes wrong. */
async function connect(): Promise<ConnectResult> {
  const port = env.CLAUDE_CODE_SSE_PORT;
  const lock = JSON.parse(readFileSync(join(env.CLAUDE_CONFIG_DIR!, "ide", `${port}.lock`), "utf8"));
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, {
    headers: { "x-claude-code-ide-authorization": lock.authToken },
    protocols: ["mcp"],
  });
  const replies = new Map<number, (msg: any) => void>();
  ws.onmessage = (e) => {
    const msg = JSON.parse(String(e.data));
    replies.get(msg.id)?.(msg);
  };
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error("WebSocket connection failed"));
    ws.onclose = (e) => reject(new Error(`WebSocket closed: ${e.code} ${e.reason}`));
  });
  const request = (id: number, method: string, params?: unknown) =>
    new Promise<any>((resolve, reject) => {
      replies.set(id, resolve);
      setTimeout(() => reject(new Error(`no answer to ${method}`)), 5000).unref();
      ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  const notify = (method: string, params?: unknown) => ws.send(JSON.stringify({ jsonrpc: "2.0", method, params }));

  const init = await request(0, "initialize", {
    protocolVersion: "2025-11-25",
    capabilities: { roots: {}, elicitation: {} },
    clientInfo: { name: "claude-code", version: STUB_VERSION },
  });
  notify("notifications/initialized");
  notify("ide_connected", { pid: process.pid });
  const list = await request(1, "tools/list");
  ws.close();
  return {
    ok: true,
    subprotocol: ws.protocol,
    protocolVersion: init.result?.protocolVersion,
    tools: (list.result?.tools ?? []).map((t: { name: string }) => t.name),
  };
}

/** Whole or not at all: the tests poll for this file while it is being written. */
function writeReport(): void {
  if (!env.STUB_REPORT) return;
  writeFileSync(`${env.STUB_REPORT}.tmp`, JSON.stringify(report));
  renameSync(`${env.STUB_REPORT}.tmp`, env.STUB_REPORT);
}

// First thing, so a test that must clean up after a dead cc-wt knows this pid as early as possible.
writeReport();
if (env.STUB_CONNECT === "1") {
  report.connect = await connect().catch((e: Error) => ({ ok: false as const, error: e.message }));
  writeReport();
}

if (env.STUB_KILL_SELF) process.kill(process.pid, env.STUB_KILL_SELF as NodeJS.Signals);
// Default signal dispositions are kept on purpose: a forwarded SIGTERM must end this process the
// way it ends claude, so that cc-wt sees a child killed by that signal. A signal sent to oneself
// may land a moment after kill() returns, so waiting also keeps STUB_KILL_SELF from exiting 0 first.
if (env.STUB_WAIT === "1" || env.STUB_KILL_SELF) {
  // Bounded, so that a test run killed outright cannot leave stubs waiting forever.
  setTimeout(() => process.exit(124), 120_000);
} else {
  process.exit(Number(env.STUB_EXIT ?? 0));
}
