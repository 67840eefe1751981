// Floor: a minimal compiled Bun program doing what cc-wt must do at the least: a loopback
// WebSocket server, one child run with the terminal, its exit status passed on.
// FLOOR_RECLAIM=1: the collection cc-wt runs once quiet after traffic, for the load floor compared
// like with like (bench/run.ts, section floor); loaded only then, so the launch floor is untouched.
const reclaim = process.env.FLOOR_RECLAIM ? (await import("../../src/ide/reclaim.ts")).reclaimer() : undefined;
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response("no", { status: 400 })),
  // Answers each message with its length: the bench's load floor sends it what cc-wt gets.
  websocket: { message: (ws, m) => (ws.send(String(m.length)), reclaim?.handled(m.length)) },
});
console.log(server.port);
const child = Bun.spawn(process.argv.slice(2), { stdio: ["inherit", "inherit", "inherit"] });
process.on("SIGTERM", () => child.kill()); // stopped, it stops its child, as cc-wt does
await child.exited;
server.stop(true);
process.exit(child.exitCode ?? 1);
export {}; // a module: top-level await
