import { expect, test } from "bun:test";
import { jsonText, printable, tmuxLiteral, tmuxVerbatim } from "../../../src/text/untrusted.ts";

test("ordinary names, with spaces, quotes and non-ASCII letters, are printed unchanged", () => {
  for (const s of ["feature/x", "my file's name.ts", "ünïcödé 日本", "a\\b", "#(not for tmux)"]) expect(printable(s)).toBe(s);
});

test("every control character a terminal would act on is shown as an escape", () => {
  expect(printable("a\x1b]52;c;aGk=\x07b")).toBe("a\\x1b]52;c;aGk=\\x07b");
  expect(printable("x\x1b[2Jy")).toBe("x\\x1b[2Jy");
  expect(printable("one\ntwo\r\tthree")).toBe("one\\ntwo\\r\\tthree");
  expect(printable("del\x7f c1\x9b31m")).toBe("del\\x7f c1\\x9b31m");
  expect(printable("evil\u202etxt.exe")).toBe("evil\\u{202e}txt.exe");
  expect(printable("nul\0")).toBe("nul\\x00");
  for (let c = 0; c < 0x20; c++) expect(printable(String.fromCharCode(c))).not.toMatch(/[\x00-\x1f]/);
});

test("a literal backslash sequence stays distinguishable from an escaped control character", () => {
  // "\x1b" typed as four characters next to a real ESC: the two must not print alike.
  expect(printable("\\x1b\x1b")).toBe("\\\\x1b\\x1b");
});

test("tmux sees only literal text: every # is doubled, control characters are made visible", () => {
  expect(tmuxLiteral("fix#{session_name}")).toBe("fix##{session_name}");
  expect(tmuxLiteral("#(touch /tmp/pwned)")).toBe("##(touch /tmp/pwned)");
  expect(tmuxLiteral("#[fg=red]##")).toBe("##[fg=red]####");
  expect(tmuxLiteral("a\x1bb#")).toBe("a\\x1bb##");
});

test("tmuxVerbatim doubles # only, so a directory with control characters in its name stays that directory", () => {
  expect(tmuxVerbatim("/src/a#{b}#(c)\n")).toBe("/src/a##{b}##(c)\n");
});

test("jsonText escapes what JSON.stringify leaves raw (DEL, C1, bidi overrides) and parses back to the same value", () => {
  const value = { s: "a\x7fb\x9bc\u202ed\x1be", n: [1, null] };
  const text = jsonText(value);
  expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  expect(text).toContain("a\\u007fb\\u009bc\\u202ed\\u001be");
  expect(JSON.parse(text)).toEqual(value);
});
