// Hostile traffic against a real cc-wt process (the compiled binary, with a client that never
// connects): each attack is refused or answered, and afterwards the instance still serves and its
// memory is back near where it started.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect as tcpConnect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CC_WT } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let dir: string;
let proc: Subprocess;
let port: number;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cc-wt-hostile-"));
  const env = { PATH: process.env.PATH!, HOME: dir, CLAUDE_CONFIG_DIR: join(dir, "cfg"), CC_WT_CLAUDE: "/bin/sleep" };
  proc = Bun.spawn([CC_WT, "600"], { cwd: dir, env, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
  const ide = join(dir, "cfg", "ide");
  await waitFor(() => {
    try {
      return readdirSync(ide).some((f) => f.endsWith(".lock"));
    } catch {
      return false;
    }
  }, 10_000);
  const name = readdirSync(ide).find((f) => f.endsWith(".lock"))!;
  port = Number.parseInt(name, 10);
  token = JSON.parse(readFileSync(join(ide, name), "utf8")).authToken;
});
afterAll(async () => {
  proc.kill("SIGTERM");
  await proc.exited;
  rmSync(dir, { recursive: true, force: true });
});

const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"))![1]) / 1024;

/** A WebSocket spoken by hand, so frames can be as broken as an attacker likes. */
async function raw(headers: Record<string, string> = {}): Promise<{ sock: Socket; status: number; closed: Promise<void>; data: () => Buffer }> {
  const sock = tcpConnect({ host: "127.0.0.1", port });
  let buf = Buffer.alloc(0);
  sock.on("data", (d: Buffer) => (buf = Buffer.concat([buf, d])));
  sock.on("error", () => {});
  const closed = new Promise<void>((r) => sock.on("close", () => r()));
  await new Promise<void>((r) => sock.on("connect", () => r()));
  const head = {
    host: `127.0.0.1:${port}`,
    upgrade: "websocket",
    connection: "Upgrade",
    "sec-websocket-key": Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"),
    "sec-websocket-version": "13",
    "sec-websocket-protocol": "mcp",
    "x-claude-code-ide-authorization": token,
    ...headers,
  };
  sock.write(`GET / HTTP/1.1\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`);
  await waitFor(() => buf.includes("\r\n\r\n") || sock.destroyed, 5000);
  const status = Number(buf.toString("latin1").split(" ")[1] ?? 0);
  buf = buf.subarray(buf.indexOf("\r\n\r\n") + 4);
  return { sock, status, closed, data: () => buf };
}

/** A masked client frame; `declared` lies about the length when given. */
function frame(opcode: number, payload: Buffer, declared = payload.length): Buffer {
  const mask = Buffer.from(crypto.getRandomValues(new Uint8Array(4)));
  const len = declared < 126 ? Buffer.from([0x80 | declared]) : declared < 65536 ? Buffer.from([0x80 | 126, declared >> 8, declared & 255]) : (() => {
    const b = Buffer.alloc(9);
    b[0] = 0x80 | 127;
    b.writeBigUInt64BE(BigInt(declared), 1);
    return b;
  })();
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x80 | opcode]), len, mask, masked]);
}

/** A well-behaved client still gets its answer. */
async function stillServes(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { headers: { "x-claude-code-ide-authorization": token }, protocols: ["mcp"] } as never);
  const answer = new Promise<string>((resolve, reject) => {
    ws.onmessage = (e) => resolve(String(e.data));
    ws.onclose = () => reject(new Error("closed before answering"));
  });
  await new Promise((r) => (ws.onopen = r));
  ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
  expect(JSON.parse(await answer).result.tools.length).toBeGreaterThan(5);
  ws.close();
}

let baseline = 0;
test("baseline: the instance serves", async () => {
  await stillServes();
  baseline = rssMiB();
});

test("huge headers are refused without an upgrade", async () => {
  const r = await raw({ "x-padding": "a".repeat(200_000) });
  expect(r.status === 0 || r.status >= 400).toBe(true);
  r.sock.destroy();
  await stillServes();
});

test("a text frame that is not UTF-8 closes that connection only", async () => {
  const r = await raw();
  expect(r.status).toBe(101);
  r.sock.write(frame(0x1, Buffer.from([0xc3, 0x28, 0xff, 0xfe])));
  await r.closed;
  await stillServes();
});

test("a truncated frame, then silence and a hang-up, leaves nothing behind", async () => {
  const r = await raw();
  const f = frame(0x1, Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })));
  r.sock.write(f.subarray(0, f.length - 5));
  await Bun.sleep(100);
  r.sock.destroy();
  await stillServes();
});

test("a 100 MB frame is refused (the limit is 64 MiB) without taking the memory", async () => {
  const r = await raw();
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  r.sock.write(frame(0x1, Buffer.alloc(0), 100 * 1024 * 1024).subarray(0, 14));
  for (let i = 0; i < 100 && !r.sock.destroyed; i++) {
    if (!r.sock.write(chunk)) await Promise.race([new Promise((d) => r.sock.once("drain", d)), r.closed]);
  }
  await Promise.race([r.closed, Bun.sleep(5000)]);
  expect(r.sock.destroyed || r.sock.readableEnded).toBe(true);
  await stillServes();
});

test("a million tiny messages on one socket: all handled, the server still serves", async () => {
  const r = await raw();
  const note = frame(0x1, Buffer.from('{"jsonrpc":"2.0","method":"x"}'));
  const batch = Buffer.concat(Array.from({ length: 10_000 }, () => note));
  for (let i = 0; i < 100; i++) {
    if (!r.sock.write(batch)) await new Promise((d) => r.sock.once("drain", d));
  }
  // A request after them all: its answer means every notification before it was read.
  r.sock.write(frame(0x1, Buffer.from('{"jsonrpc":"2.0","id":7,"method":"ping"}')));
  await waitFor(() => r.data().includes('"id":7'), 60_000, () => "the ping after a million notifications was never answered");
  r.sock.destroy();
  await stillServes();
}, 90_000);

test("memory is back near the baseline after all of it", async () => {
  await stillServes();
  await waitFor(() => rssMiB() < baseline + 64, 10_000, () => `RSS ${rssMiB().toFixed(1)} MiB, baseline ${baseline.toFixed(1)} MiB`);
});
