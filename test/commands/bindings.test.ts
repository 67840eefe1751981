// The README's tmux bindings, taken from the README and run in a private tmux server from a pane
// whose folder name is shell and tmux syntax: the folder is only ever a folder.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isMuted } from "../../src/alerts/mute.ts";
import { makeRepoSandbox, type RepoSandbox } from "../helpers/repo.ts";
import { CC_WT } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

const README = readFileSync(resolve(import.meta.dir, "../../README.md"), "utf8");
const recipe = (name: string): string => {
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (!m) throw new Error(`README has no recipe "${name}"`);
  return m[1]!;
};

let sb: RepoSandbox;
let hostile: string;
const tmux = (...args: string[]) => sb.sh(sb.dir, "tmux", ...args);
// Each would leave a marker if any part of the name ran in a shell or expanded in tmux.
const NAME = "w$(touch M1)`touch M2`\n touch M3 #(touch M4)";
const markers = () => ["M1", "M2", "M3", "M4"].filter((m) => existsSync(join(sb.dir, m)) || existsSync(join(hostile, m)));

beforeEach(() => {
  sb = makeRepoSandbox("bindings");
  sb.git(sb.repo, "commit", "-q", "--allow-empty", "-m", "init");
  hostile = join(sb.dir, NAME);
  sb.git(sb.repo, "worktree", "add", "-q", "-b", "feature", hostile);
  mkdirSync(join(sb.dir, "bin"));
  symlinkSync(CC_WT, join(sb.dir, "bin", "cc-wt")); // as installed: plain `cc-wt` on PATH
  sb.env.PATH = `${join(sb.dir, "bin")}:${sb.env.PATH}`;
  // The server's own directory is the sandbox, where the markers would land.
  tmux("-f", "/dev/null", "new-session", "-d", "-s", "s", "-x", "120", "-y", "30", "-c", sb.dir, "-e", `PATH=${sb.env.PATH}`, "sleep 600");
  tmux("set-environment", "-g", "PATH", sb.env.PATH);
  tmux("new-window", "-d", "-t", "s:", "-c", hostile.replaceAll("#", "##"), "sleep 600");
});
afterEach(() => sb.cleanup());

test("prefix M mutes the worktree of the pane it is pressed in, whatever that folder is called", async () => {
  const conf = join(sb.dir, "supervise.tmux");
  writeFileSync(conf, recipe("supervise"));
  tmux("source-file", conf);
  // What prefix M runs, pressed in the hostile pane: the binding's command, with that pane as the target.
  const command = /^bind-key M run-shell '([^']*)'/m.exec(recipe("supervise"))![1]!;
  expect(tmux("list-keys", "-T", "prefix", "M")).toContain("run-shell");
  tmux("run-shell", "-t", tmux("display-message", "-p", "-t", "s:1", "#{pane_id}"), command);
  await waitFor(() => isMuted(sb.env, hostile) || markers().length > 0, 10_000, () => `not muted; markers: ${markers()}`);
  expect(isMuted(sb.env, hostile)).toBe(true);
  expect(markers()).toEqual([]);
});

test("--pane takes relative paths from that pane's directory, asked of tmux, never through a shell", async () => {
  writeFileSync(join(hostile, "six.txt"), "1\n2\n3\n4\n5\n6\n");
  const pane = tmux("display-message", "-p", "-t", "s:1", "#{pane_id}");
  // No cc-wt runs there: the file is found in the pane's folder, and the error names the worktree.
  const r = await sb.ccwt(sb.dir, "--pane", pane, "--mention", "six.txt:2");
  expect(r.err).toContain("No cc-wt runs in a worktree holding");
  expect(r.code).toBe(69);
  expect(r.err).toContain("No cc-wt runs in a worktree holding");
  const bad = await sb.ccwt(sb.dir, "--pane", "%999", "--mention", "six.txt:2");
  expect(bad.code).toBe(64);
  expect(bad.err).toContain("no such tmux pane");
  expect(markers()).toEqual([]);
});
