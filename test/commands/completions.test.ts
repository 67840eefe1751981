// The completion scripts, run in the shells they are for: bash's function called directly, then
// bash, zsh and fish each driven for real in a private tmux server (TAB pressed, the line run),
// in a repository whose branch and file names are built to run commands if ever evaluated.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completionScript as script, type Shell } from "../../src/cli/completions.ts";
import { COMMANDS } from "../../src/cli/meta.ts";
import { loadCommands } from "../../src/cli/registry.ts";
import { Tmux } from "../helpers/tmux.ts";
import { waitFor } from "../helpers/wait.ts";

const commands = await loadCommands();
const completionScript = (shell: Shell) => script(shell, commands);

let dir: string;
let repo: string;

/** Each name begins with its own letter, so typing that letter and TAB completes to it alone. */
const BRANCHES = ["d$(touch${IFS}pwned-d)", "b`touch${IFS}pwned-b`", `q'it"s`, "v${IFS}x"];
const FILES = ["f$(touch${IFS}pwned-f).txt", "s p a c e.txt", "g*lob?.txt"];

function sh(cwd: string, ...cmd: string[]): string {
  const p = Bun.spawnSync(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  if (!p.success) throw new Error(`${cmd.join(" ")}: ${p.stderr}`);
  return p.stdout.toString();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-wt-completions-"));
  repo = join(dir, "repo");
  sh(dir, "git", "init", "-q", "-b", "main", repo);
  sh(repo, "git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "init");
  for (const b of BRANCHES) sh(repo, "git", "branch", b);
  for (const f of FILES) writeFileSync(join(repo, f), "");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Nothing any name asked for was run. */
const pwned = () => readdirSync(repo).filter((f) => f.startsWith("pwned"));

/** Asks bash's completion for the words typed so far, as the shell would on Tab. */
function complete(words: string[], cwd = import.meta.dir): string[] {
  const script = `${completionScript("bash")}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_cc_wt; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const p = Bun.spawnSync(["bash", "-c", script], { stdout: "pipe", stderr: "pipe", cwd });
  expect(p.stderr.toString()).toBe("");
  return p.stdout.toString().split("\n").filter(Boolean);
}

test("bash completes every mode and flag, layouts, shells, and files for --mention", () => {
  expect(complete(["cc-wt", "--"]).sort()).toEqual([...Object.keys(COMMANDS), "--cc-wt-debug", "--help", "--version"].sort());
  expect(complete(["cc-wt", "--pa"])).toEqual(["--panes"]);
  expect(complete(["cc-wt", "--panes", "--layout", "ti"])).toEqual(["tiled"]);
  expect(complete(["cc-wt", "--completions", "f"])).toEqual(["fish"]);
  expect(complete(["cc-wt", "--mention", "completions.te"])).toEqual(["completions.test.ts"]);
});

test("bash: branch and file names are candidates, quoted for the command line, never evaluated", () => {
  const words = complete(["cc-wt", "--panes", ""], repo);
  expect(words.sort()).toEqual(["b\\`touch\\$\\{IFS\\}pwned-b\\`", "d\\$\\(touch\\$\\{IFS\\}pwned-d\\)", "main", "q\\'it\\\"s", "v\\$\\{IFS\\}x"]);
  // Read back by the shell, each candidate is exactly the name: it completes literally.
  const back = sh(repo, "bash", "-c", `for w in ${words.join(" ")}; do printf '%s\\n' "$w"; done`).trim().split("\n");
  expect(back.sort()).toEqual(["main", ...BRANCHES].sort());
  expect(complete(["cc-wt", "--panes", "d$"], repo)).toEqual(["d\\$\\(touch\\$\\{IFS\\}pwned-d\\)"]);
  // A prefix typed with the quoting a completion uses still matches.
  expect(complete(["cc-wt", "--panes", "d\\$\\(to"], repo)).toEqual(["d\\$\\(touch\\$\\{IFS\\}pwned-d\\)"]);
  expect(complete(["cc-wt", "--mention", "s\\ p"], repo)).toEqual(["s\\ p\\ a\\ c\\ e.txt"]);
  expect(complete(["cc-wt", "--mention", ""], repo).sort()).toEqual([".git", "f\\$\\(touch\\$\\{IFS\\}pwned-f\\).txt", "g\\*lob\\?.txt", "s\\ p\\ a\\ c\\ e.txt"]);
  expect(pwned()).toEqual([]);
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** How each shell is started without the user's files, and made to print the words it would run. */
const SHELLS: Record<Shell, { start: string; setup: (script: string) => string }> = {
  bash: { start: "bash --norc --noprofile -i", setup: (s) => `source ${s}; cc-wt() { printf '<%s>\\n' "$@"; }` },
  zsh: { start: "zsh -f -i", setup: (s) => `autoload -Uz compinit && compinit -u -D; source ${s}; cc-wt() { printf '<%s>\\n' "$@" }` },
  fish: { start: "fish --no-config -i", setup: (s) => `source ${s}; function cc-wt; printf '<%s>\\n' $argv; end` },
};

for (const shell of Object.keys(SHELLS) as Shell[]) {
  test(
    `${shell}, for real: TAB completes hostile branch and file names literally and runs nothing`,
    async () => {
      const home = mkdtempSync(join(dir, `home-${shell}-`));
      const script = join(home, `cc-wt.${shell}`);
      writeFileSync(script, completionScript(shell));
      const env = { PATH: process.env.PATH!, HOME: home, TERM: "xterm-256color", LANG: "C.UTF-8", XDG_CONFIG_HOME: home, XDG_DATA_HOME: home };
      const tmux = new Tmux(home, env);
      try {
        tmux.start(SHELLS[shell].start, repo);
        await tmux.type(`${SHELLS[shell].setup(script)}; echo RE""ADY`);
        await tmux.waitForScreen(/^READY/m);
        const cases: [string, string, string][] = [
          ["--panes", "d", BRANCHES[0]!],
          ["--panes", "b", BRANCHES[1]!],
          ["--panes", "q", BRANCHES[2]!],
          ["--mention", "f", FILES[0]!],
          ["--mention", "s", FILES[1]!],
        ];
        for (const [flag, typed, name] of cases) {
          tmux.keys("-l", `cc-wt ${flag} ${typed}`);
          tmux.keys("Tab");
          // The line grows past what was typed, to the whole (quoted) name, before it is run.
          await tmux.waitForScreen(new RegExp(`cc-wt ${flag} ${typed}.+${escape(name.at(-1)!)} ?$`, "m"), 10_000);
          tmux.keys("Enter");
          await tmux.waitForScreen(new RegExp(`^<${flag}>\\n<${escape(name)}>$`, "m"), 10_000);
        }
        expect(pwned()).toEqual([]);
      } catch (e) {
        throw new Error(`${(e as Error).message}\nscreen:\n${existsSync(tmux.socket) ? tmux.screen() : "(no tmux)"}`);
      } finally {
        tmux.kill();
      }
    },
    60_000,
  );
}

test("fish offers the branches after --panes as plain words", () => {
  const home = mkdtempSync(join(dir, "home-fish-C-"));
  writeFileSync(join(home, "cc-wt.fish"), completionScript("fish"));
  const out = sh(repo, "fish", "--no-config", "-c", `source ${join(home, "cc-wt.fish")}; complete -C "cc-wt --panes "`);
  expect(out.trim().split("\n").map((l) => l.split("\t")[0]).sort()).toEqual(["main", ...BRANCHES].sort());
  const flags = sh(repo, "fish", "--no-config", "-c", `source ${join(home, "cc-wt.fish")}; complete -C "cc-wt --"`);
  for (const mode of Object.keys(COMMANDS)) expect(flags).toContain(mode);
  expect(pwned()).toEqual([]);
});

test("bash completes branches after --jump, --mute and --unmute too, quoted the same way", () => {
  for (const mode of ["--jump", "--mute", "--unmute"]) {
    expect(complete(["cc-wt", mode, "ma"], repo)).toEqual(["main"]);
    expect(complete(["cc-wt", mode, "d$"], repo)).toEqual(["d\\$\\(touch\\$\\{IFS\\}pwned-d\\)"]);
  }
  expect(pwned()).toEqual([]);
});

test("bash: after a mode flag, only that mode's flags; after --, nothing of cc-wt's", () => {
  expect(complete(["cc-wt", "--list", "--"]).sort()).toEqual(["--all", "--help", "--json", "--wide"]);
  expect(complete(["cc-wt", "--close", "feat", "--"]).sort()).toEqual(["--delete-branch", "--force", "--help", "--stop"]);
  expect(complete(["cc-wt", "--doctor", "--j"])).toEqual(["--json"]);
  expect(complete(["cc-wt", "--panes", "a", "--", "--"])).toEqual([]);
  expect(complete(["cc-wt", "--close", "ma"], repo)).toEqual(["main"]);
});

test("zsh, for real: options with their descriptions, only the mode's after a mode flag", async () => {
  const home = mkdtempSync(join(dir, "home-zsh-describe-"));
  const script = join(home, "cc-wt.zsh");
  writeFileSync(script, completionScript("zsh"));
  const env = { PATH: process.env.PATH!, HOME: home, TERM: "xterm-256color", LANG: "C.UTF-8", XDG_CONFIG_HOME: home, XDG_DATA_HOME: home };
  const tmux = new Tmux(home, env);
  try {
    tmux.start(SHELLS.zsh.start, repo);
    await tmux.type(`${SHELLS.zsh.setup(script)}; echo RE""ADY`);
    await tmux.waitForScreen(/^READY/m);
    tmux.keys("-l", "cc-wt --list --");
    tmux.keys("Tab");
    await tmux.waitForScreen(/--json\s+-- Machine-readable output on stdout/, 10_000);
    const screen = tmux.screen();
    expect(screen).toMatch(/--wide\s+-- Every column/);
    expect(screen).not.toContain("--panes");
    tmux.keys("C-u");
    tmux.keys("-l", "clear; cc-wt --");
    tmux.keys("Tab");
    await tmux.waitForScreen(/--panes\s+-- Open Claude in several worktrees/, 10_000);
    expect(tmux.screen()).not.toContain("--json");
  } catch (e) {
    throw new Error(`${(e as Error).message}\nscreen:\n${existsSync(tmux.socket) ? tmux.screen() : "(no tmux)"}`);
  } finally {
    tmux.kill();
  }
}, 60_000);

test("fish: branch names after --close and --jump too; a mode's flags only after it, with descriptions", () => {
  const home = mkdtempSync(join(dir, "home-fish-modes-"));
  writeFileSync(join(home, "cc-wt.fish"), completionScript("fish"));
  const fish = (line: string) => sh(repo, "fish", "--no-config", "-c", `source ${join(home, "cc-wt.fish")}; complete -C "${line}"`).trim().split("\n");
  for (const mode of ["--close", "--jump"]) expect(fish(`cc-wt ${mode} `).map((l) => l.split("\t")[0]).sort()).toEqual(["main", ...BRANCHES].sort());
  expect(fish("cc-wt --close ")).toContain("main\tbranch");
  expect(fish("cc-wt --list --").sort()).toEqual([
    "--all\tEvery instance on this machine, grouped by repository",
    "--help\tShow help",
    "--json\tMachine-readable output on stdout (fields in the README)",
    "--wide\tEvery column (ports, pids, session) and full paths, however wide",
  ]);
  expect(fish("cc-wt --").some((l) => l.startsWith("--json"))).toBe(false);
  expect(pwned()).toEqual([]);
});
