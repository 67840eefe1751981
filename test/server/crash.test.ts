// The launcher's last line of defence (src/launch/crash.ts): an error nobody caught goes to the
// debug log, nothing reaches stderr (claude's screen), and the server keeps serving.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHALLENGE_HEADER, newNonce } from "../../src/control/proof.ts";
import { HELLO_PATH } from "../../src/control/routes.ts";
import { waitFor } from "../helpers/wait.ts";

const dir = mkdtempSync(join(tmpdir(), "cc-wt-crash-"));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("an uncaught exception and an unhandled rejection are logged; the process keeps serving and prints nothing", async () => {
  const log = join(dir, "debug.log");
  const p = Bun.spawn([process.execPath, join(import.meta.dir, "../helpers/crashing-server.ts"), log], { stdout: "pipe", stderr: "pipe" });
  try {
    const reader = p.stdout.getReader();
    const port = Number(new TextDecoder().decode((await reader.read()).value).trim());
    await waitFor(() => {
      try {
        return readFileSync(log, "utf8").includes("boom from a promise");
      } catch {
        return false;
      }
    }, 5000);
    const res = await fetch(`http://127.0.0.1:${port}${HELLO_PATH}`, { headers: { [CHALLENGE_HEADER]: newNonce() } });
    expect(res.status).toBe(200);
    expect(readFileSync(log, "utf8")).toContain("uncaught error, still serving: Error: boom from a timer");
    expect(p.exitCode).toBeNull();
  } finally {
    p.kill("SIGKILL");
    await p.exited;
  }
  expect(await new Response(p.stderr).text()).toBe("");
});
