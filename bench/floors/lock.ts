// Floor: the minimal server (server.ts) plus the least cc-wt must do besides — announce it in a
// lock file written safely: a private directory of ours (created 0700, owner and mode checked
// after symlinks), an exclusive owner-only create that never follows a symlink, a rename so the
// lock appears whole, and its removal when the child exits. Bun has no API for these but node:fs
// (Bun.file/Bun.write follow symlinks and cannot create exclusively or rename), so this is what
// any compiled Bun program that keeps a secret on disk this way pays.
import { closeSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response("no", { status: 400 })),
  websocket: { message: (ws, m) => void ws.send(String(m.length)) },
});
const dir = `${process.env.CLAUDE_CONFIG_DIR || `${process.env.HOME}/.claude`}/ide`;
mkdirSync(dir, { recursive: true, mode: 0o700 });
const real = realpathSync(dir);
const st = statSync(real);
if (!st.isDirectory() || st.uid !== process.geteuid!() || (st.mode & 0o077) !== 0) process.exit(73);
const lock = `${real}/${server.port}.lock`;
const tmp = `${real}/.${server.port}.lock.${process.pid}.tmp`;
const fd = openSync(tmp, "wx", 0o600);
const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
writeSync(fd, JSON.stringify({ pid: process.pid, workspaceFolders: [process.cwd()], ideName: "floor", transport: "ws", authToken: token, runningInWindows: false }));
closeSync(fd);
renameSync(tmp, lock);

const child = Bun.spawn(process.argv.slice(2), { stdio: ["inherit", "inherit", "inherit"] });
process.on("SIGTERM", () => child.kill()); // stopped, it stops its child, as cc-wt does
await child.exited;
rmSync(lock, { force: true });
server.stop(true);
process.exit(child.exitCode ?? 1);
export {}; // a module: top-level await
