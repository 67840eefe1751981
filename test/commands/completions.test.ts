// The completion scripts, run in the shells they are for (bash here; fish checked for shape).
import { expect, test } from "bun:test";
import { completionScript } from "../../src/completions.ts";
import { MODES } from "../../src/modes.ts";

/** Asks bash's completion for the words typed so far, as the shell would on Tab. */
function complete(words: string[]): string[] {
  const script = `${completionScript("bash")}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_cc_wt; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const p = Bun.spawnSync(["bash", "-c", script], { stdout: "pipe", stderr: "pipe", cwd: import.meta.dir });
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
