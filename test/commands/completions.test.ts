// The completion scripts, run in the shells they are for (bash here; fish checked for shape).
import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completionScript } from "../../src/completions.ts";
import { MODES } from "../../src/modes.ts";

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
  expect(complete(["cc-wt", "--"])).toEqual(expect.arrayContaining([...Object.keys(MODES), "--cc-wt-debug", "--help", "--version", "--json", "--all"]));
  expect(complete(["cc-wt", "--pa"])).toEqual(["--panes"]);
  expect(complete(["cc-wt", "--panes", "--layout", "ti"])).toEqual(["tiled"]);
  expect(complete(["cc-wt", "--completions", "f"])).toEqual(["fish"]);
  expect(complete(["cc-wt", "--mention", "completions.te"])).toEqual(["completions.test.ts"]);
});

test("zsh loads the bash completion through bashcompinit; fish gets one line per flag", () => {
  expect(completionScript("zsh")).toContain("bashcompinit");
  expect(completionScript("zsh")).toContain("complete -F _cc_wt cc-wt");
  const fish = completionScript("fish");
  for (const mode of Object.keys(MODES)) expect(fish).toContain(`complete -c cc-wt -l ${mode.slice(2)} -d '`);
});

test("bash completes branches after --panes, --jump, --mute and --unmute", () => {
  const repo = mkdtempSync(join(tmpdir(), "cc-wt-compl-"));
  try {
    const git = (...a: string[]) => Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...a], { cwd: repo });
    git("init", "-q", "-b", "main");
    git("commit", "-q", "--allow-empty", "-m", "init");
    git("branch", "feature-x");
    for (const mode of ["--panes", "--jump", "--mute", "--unmute"]) expect(complete(["cc-wt", mode, "feat"], repo)).toEqual(["feature-x"]);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
