// A lock that outlived its instance (cc-wt killed with SIGKILL, its pid reused by another process)
// and a stranger listening on its port: --list, --mention and --select must hand it nothing (no
// token, no location, no selected text), list the instance as unreachable and refuse to route to it.
import { afterEach, describe, expect, test } from "bun:test";
import type { Server, Subprocess } from "bun";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { otherUser, publicBinary, runAs, type OtherUser } from "../helpers/second-user.ts";
import { CC_WT, sandboxPerTest, type FoundLock } from "../helpers/sandbox.ts";
import { readStubReport } from "../helpers/stub-claude.ts";
import { waitFor } from "../helpers/wait.ts";

const sb = sandboxPerTest();

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

let squatters: Server<undefined>[] = [];
let sleepers: Subprocess[] = [];
afterEach(async () => {
  for (const s of squatters.splice(0)) await s.stop(true);
  for (const p of sleepers.splice(0)) p.kill("SIGKILL");
});

/** Only what proves the other end: signed bodiless status GETs (no secret in them) and challenges; no notify, no body. */
const onlyProofs = (seen: Seen[]) => seen.every((s) => s.method === "GET" && s.body === "" && ["/cc-wt/status", "/cc-wt/hello"].includes(new URL(s.url).pathname));

/** Everything a request carried, as one string to search for secrets. */
const everything = (seen: Seen[]) => JSON.stringify(seen);

/**
 * A real instance's lock left behind by SIGKILL, its pid now a live process of ours (as a reused
 * pid would be), and a stranger on its port that records every request and answers as given.
 */
async function squattedLock(answer: (req: Request, seen: Seen[]) => Response): Promise<{ lock: FoundLock; seen: Seen[] }> {
  const cc = sb().start([], { stub: { wait: true } });
  const lock = await cc.lock();
  cc.kill("SIGKILL");
  await cc.proc.exited;
  const stub = readStubReport(cc.reportPath)?.pid;
  if (stub) process.kill(stub, "SIGKILL");
  const sleeper = Bun.spawn(["sleep", "600"]);
  sleepers.push(sleeper);
  writeFileSync(lock.path, JSON.stringify({ ...lock.lock, pid: sleeper.pid }), { mode: 0o600 });

  const seen: Seen[] = [];
  let squatter: Server<undefined> | undefined;
  // The port was just freed; binding it may take a moment.
  await waitFor(() => {
    try {
      squatter = Bun.serve({
        hostname: "127.0.0.1",
        port: lock.port,
        async fetch(req) {
          seen.push({ method: req.method, url: req.url, headers: Object.fromEntries(req.headers), body: await req.text() });
          return answer(req, seen);
        },
      });
      return true;
    } catch {
      return false;
    }
  }, 5000);
  squatters.push(squatter!);
  return { lock: { ...lock, lock: { ...lock.lock, pid: sleeper.pid } }, seen };
}

/** A squatter that tries its best: answers every request as an instance would, with made-up proofs. */
const impostor = (req: Request) =>
  new URL(req.url).pathname === "/cc-wt/hello"
    ? Response.json({ answer: "A".repeat(43), nonce: "B".repeat(43) })
    : Response.json({ delivered: 1, pid: 1, port: 1, workspace: "/", connected: true, startedAt: 0, since: 0, status: "idle" });

test("--list shows a squatted instance as unreachable, and the squatter learns no token", async () => {
  const { lock, seen } = await squattedLock(impostor);
  const done = await sb().run(["--list", "--json"]);
  expect(done.status).toBe(0);
  const rows = JSON.parse(done.stdout) as Record<string, unknown>[];
  expect(rows).toEqual([expect.objectContaining({ worktree: sb().repo, status: "unreachable", port: lock.port, pid: lock.lock.pid })]);
  // It was asked for a status (a signed GET with no secret in it) and, its answer unproven, to
  // prove itself: nothing else, and nothing with a body.
  expect(seen.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(["GET /cc-wt/status", "GET /cc-wt/hello"]);
  expect(seen.every((s) => s.body === "")).toBe(true);
  expect(everything(seen)).not.toContain(lock.lock.authToken);
  // The table says it too.
  expect((await sb().run(["--list"])).stdout).toContain("unreachable");
});

test("--mention and --select send nothing to a squatter: a clear refusal, status 69", async () => {
  const { lock, seen } = await squattedLock(impostor);
  const mention = await sb().run(["--mention", "README:1"]);
  expect(mention.status).toBe(69);
  expect(mention.stderr).toContain("without proving it is the cc-wt that wrote the lock");
  expect(mention.stderr).toContain(`port ${lock.port}`);

  const secret = "TOP-SECRET-SELECTION-7f3a";
  const p = Bun.spawn([CC_WT, "--stdin", "--select", "README:1-1", "--port", String(lock.port)], {
    cwd: sb().repo,
    env: sb().env,
    stdin: new TextEncoder().encode(secret),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [err, status] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  expect(status).toBe(69);
  expect(err).toContain(`port ${lock.port}`);

  expect(onlyProofs(seen)).toBe(true);
  expect(everything(seen)).not.toContain(lock.lock.authToken);
  expect(everything(seen)).not.toContain(secret);
  expect(everything(seen)).not.toContain("README");
});

test("a redirect from the port is never followed", async () => {
  const elsewhere: Seen[] = [];
  const target = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req) => (elsewhere.push({ method: req.method, url: req.url, headers: Object.fromEntries(req.headers), body: "" }), new Response("")),
  });
  squatters.push(target);
  const { lock, seen } = await squattedLock(() => Response.redirect(`http://127.0.0.1:${target.port}/cc-wt/hello`, 307));
  const rows = JSON.parse((await sb().run(["--list", "--json"])).stdout) as Record<string, unknown>[];
  expect(rows[0]).toMatchObject({ status: "unreachable" });
  expect((await sb().run(["--mention", "README"])).status).toBe(69);
  expect(seen.length).toBeGreaterThan(0);
  expect(elsewhere).toEqual([]);
  expect(everything(seen)).not.toContain(lock.lock.authToken);
});

test("a live instance beside a squatted lock in the same worktree gets the mention", async () => {
  await squattedLock(impostor);
  const live = sb().start([], { stub: { wait: true } });
  const mine = await live.lock();
  const rows = JSON.parse((await sb().run(["--list", "--json"])).stdout) as { status: string; port: number }[];
  expect(rows.map((r) => r.status).sort()).toEqual(["starting", "unreachable"]);
  // Routed to the live one (which has no client connected, so the answer is "not connected yet").
  const mention = await sb().run(["--mention", "README", "--wait", "0"]);
  expect(mention.stderr).not.toContain("without proving");
  expect(mention.stderr).toContain("claude has not connected");
  expect(mention.status).toBe(75);
  expect(rows.find((r) => r.status === "starting")?.port).toBe(mine.port);
});

describe("as an unprivileged second user", () => {
  const who = otherUser();
  const skip = typeof who === "string";
  if (skip) test.skip(`second-user squatter test skipped: ${who}`, () => {});

  test.skipIf(skip)("the user's --list and --mention hand a squatter nothing", async () => {
    const user = who as OtherUser;
    const bin = publicBinary();
    const home = mkdtempSync(join(tmpdir(), "cc-wt-user-"));
    const seen: Seen[] = [];
    const squatter = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        seen.push({ method: req.method, url: req.url, headers: Object.fromEntries(req.headers), body: await req.text() });
        return impostor(req);
      },
    });
    squatters.push(squatter);
    try {
      const ide = join(home, "cfg", "ide");
      mkdirSync(ide, { recursive: true, mode: 0o700 });
      writeFileSync(join(home, "notes.txt"), "secret plans\n");
      // The user's own lock, left by a cc-wt of theirs that was killed; its pid now another process.
      const token = "the-users-token-0123456789abcdefghijklmnopq";
      const lock = join(ide, `${squatter.port}.lock`);
      writeFileSync(lock, JSON.stringify({ pid: 1, workspaceFolders: [home], ideName: "cc-wt", transport: "ws", authToken: token, runningInWindows: false }), { mode: 0o600 });
      for (const p of [home, join(home, "cfg"), ide, lock, join(home, "notes.txt")]) chownSync(p, user.uid, user.gid);
      chmodSync(home, 0o755);
      const env = { PATH: process.env.PATH!, HOME: home, CLAUDE_CONFIG_DIR: join(home, "cfg") };
      const run = (...args: string[]) => runAs(user, [bin.bin, ...args], { cwd: home, env });
      const list = await run("--list", "--json");
      expect(list.status).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ worktree: home, status: "unreachable", port: squatter.port })]);
      const mention = await run("--mention", "notes.txt:1");
      expect(mention.status).toBe(69);
      expect(mention.stderr).toContain("without proving it is the cc-wt that wrote the lock");
      expect(seen.length).toBeGreaterThan(0);
      expect(onlyProofs(seen)).toBe(true);
      expect(everything(seen)).not.toContain(token);
      expect(everything(seen)).not.toContain("notes.txt");
    } finally {
      rmSync(bin.dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });
});
