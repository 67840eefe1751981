// A second, unprivileged local user for the trust-boundary tests: the other person on the machine
// whose files cc-wt must neither believe nor touch, and as whom the compiled binary can run.
// Created with useradd when the tests run as root; elsewhere the tests that need it are skipped.
import { chmodSync, copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CC_WT } from "./sandbox.ts";

export const OTHER_USER = "ccwt-other";

export interface OtherUser {
  name: string;
  uid: number;
  gid: number;
}

function lookup(): OtherUser | undefined {
  const p = Bun.spawnSync(["id", "-u", OTHER_USER], { stderr: "ignore" });
  if (!p.success) return undefined;
  const g = Bun.spawnSync(["id", "-g", OTHER_USER]);
  return { name: OTHER_USER, uid: Number(p.stdout.toString()), gid: Number(g.stdout.toString()) };
}

/** The second user, created if need be; or why there cannot be one here. */
export function otherUser(): OtherUser | string {
  if (process.getuid?.() !== 0) return "not root: cannot create or become another user";
  const found = lookup();
  if (found) return found;
  const add = Bun.spawnSync(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OTHER_USER], { stderr: "pipe" });
  // Another test file may have created it at the same moment.
  return lookup() ?? `useradd ${OTHER_USER} failed: ${add.stderr.toString().trim()}`;
}

/** A world-readable directory holding a copy of the binary, so that any user can run it. */
export function publicBinary(): { dir: string; bin: string } {
  const dir = mkdtempSync(join(tmpdir(), "cc-wt-bin-"));
  chmodSync(dir, 0o755);
  const bin = join(dir, "cc-wt");
  copyFileSync(CC_WT, bin);
  chmodSync(bin, 0o755);
  return { dir, bin };
}

/** The command line that runs argv as user, with no supplementary groups (root's would leak in). */
export const asUser = (user: OtherUser, argv: string[]): string[] => [
  "setpriv",
  `--reuid=${user.uid}`,
  `--regid=${user.gid}`,
  "--clear-groups",
  "--",
  ...argv,
];

/** Runs argv as user, to completion. */
export async function runAs(
  user: OtherUser,
  argv: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<{ stdout: string; stderr: string; status: number }> {
  const p = Bun.spawn(asUser(user, argv), { ...opts, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, status] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr, status };
}
