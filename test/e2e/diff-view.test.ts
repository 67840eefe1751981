// The tmux diff view with the real client: accepting (with an edit) in the view applies the view's
// contents, rejecting there makes Claude report the rejection, answering in Claude's own prompt
// closes the view. The viewer is a script that acts as the test tells it.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startRealClaude, type RealClaude } from "../helpers/real-claude.ts";
import { waitFor } from "../helpers/wait.ts";

let run: RealClaude;
let act: (action: "edit" | "reject" | "wait" | "record") => void;
const viewOpen = () => join(run.dir, "view-open");
/** What the "record" viewer saw: its pane's title and its copy's file name, one line per view. */
const seen = () => join(run.dir, "seen");

beforeEach(() => {
  run = startRealClaude();
  const viewer = join(run.dir, "viewer.sh");
  const action = join(run.dir, "action");
  writeFileSync(
    viewer,
    `case "$(cat ${action})" in
  edit) printf 'hello from the view\\n' > "$2"; exit 0 ;;
  reject) exit 1 ;;
  wait) touch ${viewOpen()}; exec sleep 600 ;;
  record)
    # The title is set just after the pane starts: wait for it (at most 10 s), then accept.
    for i in $(seq 100); do t=$(tmux display-message -p -t "$TMUX_PANE" '#{pane_title}'); case "$t" in *.txt*) break ;; esac; sleep 0.1; done
    printf '%s|%s\\n' "$t" "$(basename "$2")" >> ${seen()}; exit 0 ;;
esac
`,
  );
  act = (a) => writeFileSync(action, a);
  mkdirSync(join(run.dir, "xdg", "cc-wt"), { recursive: true });
  writeFileSync(join(run.dir, "xdg", "cc-wt", "config.toml"), `[diff]\nview = "split"\nviewer = "sh ${viewer} {old} {new}"\n`);
  run.env.XDG_CONFIG_HOME = join(run.dir, "xdg");
  delete run.env.CC_WT_DIFF_VIEW;
});
afterEach(() => run.cleanup());

const panes = () => run.tmux.run("list-panes", "-a").trim().split("\n").length;

test(
  "accept with edits, reject, and answer in Claude's prompt: each does what it says",
  async () => {
    const file = join(run.worktree, "hello.txt");
    const content = () => readFileSync(file, "utf8");
    run.launch("--permission-mode", "default");
    await run.clientPid();
    await run.tmux.waitForScreen(/❯\s*$/m);

    // 1. Accepted in the view, with the user's own change: that change is what lands on disk.
    act("edit");
    run.api.script(
      { tool: "Read", input: { file_path: file } },
      { tool: "Edit", input: { file_path: file, old_string: "hello world", new_string: "hello cc-wt" } },
      { text: "First done." },
    );
    await run.tmux.type("first edit");
    await waitFor(() => content() === "hello from the view\n", 20_000, () => `file: ${content()}\n${run.tmux.screen()}`);
    await run.tmux.waitForScreen(/First done\./);

    // 2. Rejected in the view: the file stays, and Claude reports the rejection (and ends the turn).
    act("reject");
    run.api.script({ tool: "Edit", input: { file_path: file, old_string: "hello from the view", new_string: "second" } });
    await run.tmux.type("second edit");
    await run.tmux.waitForScreen(/Rejected update to hello\.txt/);
    expect(content()).toBe("hello from the view\n");

    // 3. Answered in Claude's own prompt: the view goes away.
    act("wait");
    const before = panes();
    run.api.script(
      { tool: "Edit", input: { file_path: file, old_string: "hello from the view", new_string: "third" } },
      { text: "Third done." },
    );
    const asked = run.api.requests.length;
    await run.tmux.type("third edit");
    await waitFor(() => existsSync(viewOpen()) && panes() === before + 1, 20_000, () => "the view never opened");
    // The model is told about the rejected edit, as a failed tool call, with the next prompt.
    const told = JSON.stringify(run.api.requests[asked]!.messages);
    expect(told).toContain('"is_error":true');
    expect(told).toMatch(/reject/i);
    await run.acceptEdit(file, "third\n");
    await waitFor(() => panes() === before, 10_000, () => "the view stayed open after Claude's prompt was answered");
    await run.tmux.waitForScreen(/Third done\./);
  },
  120_000,
);

test(
  "files named with tmux formats: the view opens safely, titled with the name as it is, no command runs, and the edits land",
  async () => {
    // If tmux ever expanded these names, the command would leave its marker in $HOME (run.dir).
    const names = ["a#(cd;touch${IFS}pwned-e2e)b.txt", "c#{session_name}d##e.txt"];
    const files = names.map((n) => join(run.worktree, n));
    for (const f of files) writeFileSync(f, "hello world\n");
    act("record");
    run.launch("--permission-mode", "default");
    await run.clientPid();
    await run.tmux.waitForScreen(/❯\s*$/m);
    run.api.script(
      ...files.flatMap((file) => [
        { tool: "Read", input: { file_path: file } },
        { tool: "Edit", input: { file_path: file, old_string: "hello world", new_string: "hello cc-wt" } },
      ]),
      { text: "Both done." },
    );
    await run.tmux.type("edit both files");
    await run.tmux.waitForScreen(/Both done\./, 60_000);
    for (const f of files) expect(readFileSync(f, "utf8")).toBe("hello cc-wt\n");
    const views = readFileSync(seen(), "utf8").trim().split("\n");
    expect(views).toHaveLength(2);
    names.forEach((name, i) => {
      const [title, copy] = views[i]!.split("|");
      expect(title).toContain(name); // Claude's tab name, shown as it was sent
      expect(copy).toBe(name);
    });
    expect(readdirSync(run.dir).filter((f) => f.startsWith("pwned"))).toEqual([]);
  },
  120_000,
);
