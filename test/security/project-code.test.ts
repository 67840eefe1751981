// A cloned repository's own programs never run before the user trusts it: a committed
// node_modules/.bin language server is not started when Claude starts working (the first turn
// warms the servers), not even when Claude asks for diagnostics, until Claude's trust dialog has
// been accepted for the folder.
import { expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AUTH_HEADER } from "../../src/ide/auth.ts";
import { fileUri } from "../../src/ide/paths.ts";
import { sandboxPerTest } from "../helpers/sandbox.ts";
import { Client } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

const sb = sandboxPerTest();

test("a repository's node_modules/.bin server runs only once Claude trusts the folder", async () => {
  const repo = sb().repo;
  const marker = join(sb().dir, "PWNED");
  writeFileSync(join(repo, "package.json"), "{}");
  writeFileSync(join(repo, "a.ts"), "export const a = 1;\n");
  mkdirSync(join(repo, "node_modules", ".bin"), { recursive: true });
  writeFileSync(join(repo, "node_modules", ".bin", "typescript-language-server"), `#!/bin/sh\ntouch '${marker}'\nexec sleep 5\n`, { mode: 0o755 });

  const cc = sb().start([], { stub: { wait: true } });
  const { port, lock } = await cc.lock();
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { headers: { [AUTH_HEADER]: lock.authToken }, protocols: ["mcp"] });
  const client = new Client(ws);
  await new Promise<void>((resolve) => ws.addEventListener("open", () => resolve()));
  try {
    await client.request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "test", version: "0" } });
    // The start of a turn (the client closes all diff tabs), then a question about a file.
    await client.callTool("closeAllDiffTabs");
    await client.callTool("getDiagnostics", { uri: fileUri(join(repo, "a.ts")) });
    await Bun.sleep(1500);
    expect(existsSync(marker)).toBe(false);

    // The user accepts Claude's trust dialog for the folder: the next turn starts the server.
    writeFileSync(join(sb().configDir, ".claude.json"), JSON.stringify({ projects: { [repo]: { hasTrustDialogAccepted: true } } }));
    await client.callTool("closeAllDiffTabs");
    await waitFor(() => existsSync(marker), 10_000, () => "the trusted project's server never started");
  } finally {
    ws.close();
  }
});
