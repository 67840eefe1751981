// A real IDE server with the launcher's crash handler, in a process of its own, that then throws
// from a timer and rejects a promise nobody awaits. Prints its port, then keeps serving.
import { keepServingOnCrash } from "../../src/launch/crash.ts";
import { startIdeServer } from "../../src/ide/server.ts";
import { appendFileSync } from "node:fs";

const logPath = process.argv[2]!;
const log = (m: string) => appendFileSync(logPath, `${m}\n`);
keepServingOnCrash(log);
const server = startIdeServer({ workspace: "/", token: "t", log });
setTimeout(() => {
  throw new Error("boom from a timer");
}, 10);
setTimeout(() => void Promise.reject(new Error("boom from a promise")), 20);
setTimeout(() => console.log(server.port), 50);
