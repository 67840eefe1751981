// The tmux diff view with scripted viewers, in a private tmux server: every way a review can end.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verdictOf } from "../../src/diff/outcome.ts";
import { reply } from "../../src/ide/tools/openDiff.ts";
import { TmuxDiffViews } from "../../src/diff/tmuxView.ts";
import { fillViewer, viewerCommand } from "../../src/diff/viewers.ts";
import { DiffRegistry } from "../../src/ide/diffs.ts";
import { waitFor } from "../helpers/wait.ts";

let dir: string;
let env: Record<string, string>;
let file: string;

const tmux = (...args: string[]) => {
  const p = Bun.spawnSync(["tmux", ...args], { env, stdout: "pipe", stderr: "pipe" });
  if (!p.success) throw new Error(`tmux ${args.join(" ")}: ${p.stderr}`);
  return p.stdout.toString().trim();
};
const paneCount = () => tmux("list-panes", "-a").split("\n").length;
/** The views' private copies, which must be gone once a view has ended. */
const diffDirs = () => readdirSync(join(dir, "tmp"));

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "cc-wt-diffview-")));
  mkdirSync(join(dir, "tmux"));
  mkdirSync(join(dir, "tmp"));
  env = { PATH: process.env.PATH!, HOME: dir, TERM: "xterm-256color", LANG: "C.UTF-8", TMUX_TMPDIR: join(dir, "tmux") };
  file = join(dir, "hello.txt");
  writeFileSync(file, "hello world\n");
  tmux("new-session", "-d", "-s", "s", "-x", "200", "-y", "50", "-c", dir);
  env.TMUX_PANE = tmux("display-message", "-p", "-t", "s", "#{pane_id}");
});
afterEach(() => {
  Bun.spawnSync(["tmux", "kill-server"], { env });
  rmSync(dir, { recursive: true, force: true });
});

function views(viewer: string, mode: "split" | "popup" = "split", workspace = dir) {
  return new TmuxDiffViews({ mode, viewer, workspace, env, log: () => {}, tmpRoot: join(dir, "tmp") });
}
const request = { proposed: "hello cc-wt\n", tabName: "✻ [Claude Code] hello.txt (1) ⧉" };
const texts = (r: { content: { text: string }[] }) => r.content.map((c) => c.text);

test("the viewer's exit is the answer: accept as proposed, accept with edits, reject", async () => {
  const accept = views("true").open({ oldPath: file, ...request });
  expect(await accept.done).toEqual({ kind: "accepted" });

  const edited = views(`sh -c 'printf "hello, edited\\n" > "$1"' _ {new}`).open({ oldPath: file, ...request });
  expect(await edited.done).toEqual({ kind: "edited", contents: "hello, edited\n" });

  const rejected = views("false").open({ oldPath: file, ...request });
  expect(await rejected.done).toEqual({ kind: "rejected" });

  // The viewer saw the file as it is and as proposed, and cc-wt never touched the file itself.
  const seen = join(dir, "seen");
  await views(`cat {old} {new} > ${seen}`).open({ oldPath: file, ...request }).done;
  expect(await Bun.file(seen).text()).toBe("hello world\nhello cc-wt\n");
  expect(await Bun.file(file).text()).toBe("hello world\n");
  expect(diffDirs()).toEqual([]);
});

test("a new file is diffed against nothing", async () => {
  const seen = join(dir, "seen");
  await views(`cat {old} {new} > ${seen}`).open({ oldPath: join(dir, "new.txt"), ...request }).done;
  expect(await Bun.file(seen).text()).toBe("hello cc-wt\n");
});

test("the view opens in a pane titled with the tab, and closes when Claude closes the tab", async () => {
  const registry = new DiffRegistry();
  const before = paneCount();
  const view = views("sleep 600").open({ oldPath: file, ...request });
  const answer = registry.open(request.tabName, 1, view);
  await waitFor(() => paneCount() === before + 1, 5000);
  expect(tmux("list-panes", "-a", "-F", "#{pane_title}")).toContain(request.tabName);

  expect(diffDirs()).toHaveLength(1);
  registry.close(request.tabName); // what close_tab does
  expect(texts(await answer)).toEqual(["TAB_CLOSED"]);
  expect(diffDirs()).toEqual([]);
  await waitFor(() => paneCount() === before, 5000, () => "the view's pane is still there");
});

test("a client that disconnects, or cc-wt stopping, closes every view", async () => {
  const registry = new DiffRegistry();
  const before = paneCount();
  const a = registry.open("a", 1, views("sleep 600").open({ oldPath: file, ...request, tabName: "a" }));
  const b = registry.open("b", 2, views("sleep 600").open({ oldPath: file, ...request, tabName: "b" }));
  await waitFor(() => paneCount() === before + 2, 5000);
  registry.dropPeer(1);
  expect((await a).isError).toBe(true);
  await waitFor(() => paneCount() === before + 1, 5000);
  registry.shutdown();
  expect((await b).isError).toBe(true);
  await waitFor(() => paneCount() === before, 5000);
});

test("popup mode shows the viewer in a popup on the attached client, and closes it", async () => {
  // A real client: tmux attached inside a pseudo-terminal.
  const client = Bun.spawn(["script", "-qfc", "tmux attach -t s", "/dev/null"], { env, stdin: "pipe", stdout: "ignore", stderr: "ignore" });
  try {
    await waitFor(() => tmux("list-clients").length > 0, 5000, () => "no client attached");
    const marker = join(dir, "popup-ran");
    const registry = new DiffRegistry();
    const answer = registry.open("p", 1, views(`touch ${marker}; sleep 600`, "popup").open({ oldPath: file, ...request, tabName: "p" }));
    await waitFor(() => existsSync(marker), 5000, () => "the viewer never ran in the popup");
    const before = paneCount();
    registry.close("p");
    expect(texts(await answer)).toEqual(["TAB_CLOSED"]);
    // A popup is not a pane: the viewer ran without splitting the window.
    expect(paneCount()).toBe(before);
    await waitFor(() => !Bun.spawnSync(["pgrep", "-f", `touch ${marker}`]).success, 5000, () => "the popup's viewer is still running");

    // tmux shows one popup at a time: a second view, while one is open, goes in a pane instead.
    const first = registry.open("p1", 1, views(`touch ${marker}-1; sleep 600`, "popup").open({ oldPath: file, ...request, tabName: "p1" }));
    await waitFor(() => existsSync(`${marker}-1`), 5000);
    const second = registry.open("p2", 1, views(`touch ${marker}-2; sleep 600`, "popup").open({ oldPath: file, ...request, tabName: "p2" }));
    await waitFor(() => existsSync(`${marker}-2`) && paneCount() === before + 1, 5000, () => "the second view never showed");
    // Closing the pane's view leaves the other popup open.
    registry.close("p2");
    await second;
    await waitFor(() => paneCount() === before, 5000);
    expect(Bun.spawnSync(["pgrep", "-f", `touch ${marker}-1`]).success).toBe(true);
    registry.close("p1");
    await first;
  } finally {
    client.kill();
  }
});

test("hostile names stay text: a file, its tab and the workspace named with #(…) and #{…}, in a pane and in a popup", async () => {
  // Each command, if tmux ever ran it, would leave its marker in $HOME (this test's directory).
  const run = (marker: string) => `#(cd;touch\${IFS}${marker})`;
  const workspace = join(dir, `ws${run("pwned-ws")}#{session_name}`);
  mkdirSync(workspace);
  const evil = join(workspace, `a${run("pwned-file")}#{pane_id}b\x1b]0;title\x07.txt`);
  writeFileSync(evil, "hello world\n");
  const tabName = `✻ [Claude Code] ${evil.slice(evil.lastIndexOf("/") + 1)} (1) ⧉`;
  const seen = join(dir, "seen");
  // Written whole, then renamed: the test reads it as soon as it exists.
  const viewer = `{ pwd; printf '%s\\n' {old}; cat {old} {new}; } > ${seen}.tmp && mv ${seen}.tmp ${seen}`;
  const pwned = () => readdirSync(dir).filter((f) => f.startsWith("pwned"));
  const expectSeen = async () => {
    const [cwd, old, ...contents] = (await Bun.file(seen).text()).split("\n");
    expect(cwd).toBe(workspace);
    expect(old!.slice(old!.lastIndexOf("/") + 1)).toBe(`a${run("pwned-file")}#{pane_id}b\\x1b]0;title\\x07.txt`);
    expect(contents.join("\n")).toBe("hello world\nhello cc-wt\n");
  };

  // In a pane: started in the workspace, titled with the tab name as Claude sent it.
  const registry = new DiffRegistry();
  const held = registry.open(tabName, 1, views(`${viewer}; sleep 600`, "split", workspace).open({ oldPath: evil, ...request, tabName }));
  await waitFor(() => existsSync(seen) && tmux("list-panes", "-a", "-F", "#{pane_title}").includes("Claude Code"), 5000);
  expect(tmux("list-panes", "-a", "-F", "#{pane_title}").split("\n")).toContain(`✻ [Claude Code] a${run("pwned-file")}#{pane_id}b\\x1b]0;title\\x07.txt (1) ⧉`);
  await expectSeen();
  registry.close(tabName);
  await held;
  rmSync(seen);

  // In a popup, on a real client: its directory is the workspace, and its title is drawn as text.
  const screenFile = join(dir, "client-screen");
  const client = Bun.spawn(["script", "-qfc", "tmux attach -t s", screenFile], { env, stdin: "pipe", stdout: "ignore", stderr: "ignore" });
  try {
    await waitFor(() => tmux("list-clients").length > 0, 5000, () => "no client attached");
    const popup = views(`${viewer}; sleep 600`, "popup", workspace).open({ oldPath: evil, ...request, tabName });
    const answer = registry.open(tabName, 1, popup);
    await waitFor(() => existsSync(seen), 5000, () => "the viewer never ran in the popup");
    await expectSeen();
    await waitFor(
      () => readFileSync(screenFile, "utf8").includes(`${run("pwned-file")}#{pane_id}b`),
      5000,
      () => `the popup's title was not drawn literally; the client's output:\n${JSON.stringify(readFileSync(screenFile, "utf8").slice(-3000))}`,
    );
    registry.close(tabName);
    await answer;
  } finally {
    client.kill();
  }
  expect(pwned()).toEqual([]);
  // The same tmux does expand a title that is not made literal: these titles would have changed.
  tmux("select-pane", "-t", env.TMUX_PANE!, "-T", "control#{session_name}");
  expect(tmux("list-panes", "-a", "-F", "#{pane_title}")).toContain("controls");
}, 30_000);

test("the viewer's exit: 0 accepts (as proposed or as edited), anything else rejects; openDiff words it for the client", () => {
  expect(verdictOf(0, "a", "a")).toEqual({ kind: "accepted" });
  expect(verdictOf(0, "a", "b")).toEqual({ kind: "edited", contents: "b" });
  expect(verdictOf(1, "a", "b")).toEqual({ kind: "rejected" });
  expect(texts(reply({ kind: "accepted" }, "t"))).toEqual(["TAB_CLOSED"]);
  expect(texts(reply({ kind: "edited", contents: "b" }, "t"))).toEqual(["FILE_SAVED", "b"]);
  expect(texts(reply({ kind: "rejected" }, "t"))).toEqual(["DIFF_REJECTED", "t"]);
});

test("viewers: auto prefers nvim, then vim, then the pager; paths are shell-quoted", () => {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const only = (...cmds: string[]) => {
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    for (const c of cmds) writeFileSync(join(bin, c), "#!/bin/sh\n", { mode: 0o755 });
    return { PATH: bin };
  };
  expect(viewerCommand("auto", only("nvim", "vim", "git"))).toStartWith("nvim -d {old} {new} ");
  expect(viewerCommand("auto", only("vim", "git"))).toStartWith("vim -d {old} {new} ");
  expect(viewerCommand("auto", only("git"))).toContain("git --no-pager diff --no-index");
  expect(viewerCommand("auto", only())).toBeUndefined();
  expect(viewerCommand("nvim", only("vim"))).toBeUndefined();
  expect(viewerCommand("meld {old} {new}", only())).toBe("meld {old} {new}");
  expect(fillViewer("diff {old} {new}", "/a b/x", "/it's")).toBe(`diff '/a b/x' '/it'\\''s'`);
});

/** Keys for the viewer's pane, once it shows `ready`. */
async function drive(ready: RegExp, ...keys: string[][]) {
  let pane = "";
  await waitFor(
    () => {
      pane = tmux("list-panes", "-a", "-F", "#{pane_id}").split("\n").find((p) => p !== env.TMUX_PANE) ?? "";
      return pane !== "" && ready.test(tmux("capture-pane", "-p", "-t", pane));
    },
    10_000,
    () => `the viewer never showed ${ready}`,
  );
  for (const k of keys) tmux("send-keys", "-t", pane, ...k);
}

test("the default vim viewer: :wqa accepts what the right side holds, :cq rejects", async () => {
  const vim = `${viewerCommand("vim", env)!.replace("vim", "vim -u NONE -i NONE -N")}`;
  const kept = views(vim).open({ oldPath: file, ...request });
  await drive(/hello cc-wt/, [":wqa", "Enter"]);
  expect(await kept.done).toEqual({ kind: "accepted" });

  tmux("resize-window", "-t", "s", "-x", "300"); // room for both status lines whole
  const edited = views(vim).open({ oldPath: file, ...request });
  // Each side is named after the file, and the proposed side shows the keys.
  await drive(/:wqa accept  :cq reject  hello\.txt \(proposed by Claude\)/);
  const screen = tmux("capture-pane", "-p", "-t", tmux("list-panes", "-a", "-F", "#{pane_id}").split("\n").find((p) => p !== env.TMUX_PANE)!);
  expect(screen).toMatch(/hello\.txt \(current\)/);
  expect(screen).not.toContain(join(dir, "tmp"));
  // The cursor starts in the right-hand (proposed) window: change its line at once, then accept.
  await drive(/hello cc-wt/, ["c", "c", "edited by hand", "Escape"], [":wqa", "Enter"]);
  expect(await edited.done).toEqual({ kind: "edited", contents: "edited by hand\n" });

  const rejected = views(vim).open({ oldPath: file, ...request });
  await drive(/hello cc-wt/, [":cq", "Enter"]);
  expect(await rejected.done).toEqual({ kind: "rejected" });
}, 30_000);

test("the pager viewer asks once: y accepts as proposed, anything else rejects", async () => {
  const pager = viewerCommand("pager", env)!;
  const yes = views(pager).open({ oldPath: file, ...request });
  // The sides are named after the file, not the temporary copies.
  await drive(/proposed\/hello\.txt/);
  await drive(/hello cc-wt/, ["q"]);
  await drive(/Claude proposes an edit to hello\.txt: .*y accepts it/);
  await drive(/Apply this edit\? \[y\/N\]/, ["y", "Enter"]);
  expect(await yes.done).toEqual({ kind: "accepted" });

  const no = views(pager).open({ oldPath: file, ...request });
  await drive(/hello cc-wt/, ["q"]);
  await drive(/Apply this edit\?/, ["Enter"]);
  expect(await no.done).toEqual({ kind: "rejected" });
});

test("the view never takes the keyboard from a user looking elsewhere: a pane opened without the focus, and the user is told", async () => {
  // The user works in another window of the session, on an attached client.
  tmux("new-window", "-t", "s", "-c", dir);
  const userPane = tmux("display-message", "-p", "-t", "s", "#{pane_id}");
  expect(userPane).not.toBe(env.TMUX_PANE);
  const screenFile = join(dir, "client-screen");
  const client = Bun.spawn(["script", "-qfc", "tmux attach -t s", screenFile], { env, stdin: "pipe", stdout: "ignore", stderr: "ignore" });
  try {
    await waitFor(() => tmux("list-clients").length > 0, 5000, () => "no client attached");
    const marker = join(dir, "viewer-ran");
    const registry = new DiffRegistry();
    // A popup would take the client's keyboard: the view goes in a pane beside Claude instead.
    const answer = registry.open("v", 1, views(`touch ${marker}; cat > ${marker}.keys`, "popup").open({ oldPath: file, ...request, tabName: "v" }));
    await waitFor(() => existsSync(marker), 5000, () => "the viewer never ran");
    const viewerPane = tmux("list-panes", "-s", "-t", "s", "-F", "#{pane_id}").split("\n").find((p) => p !== env.TMUX_PANE && p !== userPane)!;
    expect(tmux("display-message", "-p", "-t", viewerPane, "#{window_index}")).toBe(tmux("display-message", "-p", "-t", env.TMUX_PANE!, "#{window_index}"));
    // The client still shows the user's pane, whose keys stay the user's.
    expect(tmux("list-clients", "-F", "#{pane_id}")).toBe(userPane);
    await waitFor(
      () => readFileSync(screenFile, "utf8").includes(`cc-wt: Claude's edit to hello.txt waits in pane ${viewerPane}`),
      5000,
      () => `the user was not told; the client's output:\n${JSON.stringify(readFileSync(screenFile, "utf8").slice(-2000))}`,
    );
    registry.close("v");
    expect(texts(await answer)).toEqual(["TAB_CLOSED"]);
    expect(readFileSync(`${marker}.keys`, "utf8")).toBe("");

    // Looking at Claude's pane, the same view opens in a popup on that client.
    tmux("select-window", "-t", tmux("display-message", "-p", "-t", env.TMUX_PANE!, "#{window_id}"));
    const before = tmux("list-panes", "-a").split("\n").length;
    const popup = registry.open("w", 1, views(`touch ${marker}-2; sleep 600`, "popup").open({ oldPath: file, ...request, tabName: "w" }));
    await waitFor(() => existsSync(`${marker}-2`), 5000, () => "the popup never ran");
    expect(tmux("list-panes", "-a").split("\n").length).toBe(before);
    registry.close("w");
    await popup;
  } finally {
    client.kill();
  }
}, 20_000);

test("a path Claude names that is no regular file (a FIFO, a device) is never read: no view, no hang, no copy left", () => {
  const fifo = join(dir, "pipe.txt");
  Bun.spawnSync(["mkfifo", fifo]);
  for (const oldPath of [fifo, "/dev/zero", dir]) {
    expect(() => views("true").open({ oldPath, ...request })).toThrow("not a regular file");
  }
  expect(diffDirs()).toEqual([]);
  // A file that is not there yet is a new one: shown against nothing.
  const created = views("true").open({ oldPath: join(dir, "new.txt"), ...request });
  expect(created.done).resolves.toBeDefined();
});
