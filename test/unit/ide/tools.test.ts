import { beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ToolContext } from "../../../src/ide/context.ts";
import type { Selection } from "../../../src/ide/selection.ts";
import { callTool, isPending, jsonOf, textsOf, toolContext, useTempDir } from "../../helpers/unit.ts";

const tmp = useTempDir("cc-wt-tools-");

let ctx: ToolContext;
let workspace: string;

beforeEach(() => {
  // Spaces and non-ASCII: the URI must carry the raw path, which percent-encoding would break.
  workspace = join(tmp(), "my wörktree");
  mkdirSync(workspace);
  ctx = toolContext(workspace);
});

const call = (name: string, args: unknown = {}) => callTool(name, args, ctx);
const diffArgs = (tab_name: string) => ({
  old_file_path: join(workspace, "a.txt"),
  new_file_path: join(workspace, "a.txt"),
  new_file_contents: "new\n",
  tab_name,
});

test("getWorkspaceFolders names the workspace, with a file:// URI of the raw path", async () => {
  expect(jsonOf(await call("getWorkspaceFolders"))).toEqual({
    success: true,
    folders: [{ name: "my wörktree", uri: `file://${workspace}`, path: workspace }],
    rootPath: workspace,
  });
});

test("getDiagnostics for a uri answers that file's entry first, with no diagnostics", async () => {
  const uri = `file://${join(workspace, "a b.ts")}`;
  expect(jsonOf(await call("getDiagnostics", { uri }))).toEqual([{ uri, diagnostics: [] }]);
});

test("getDiagnostics for every file answers an empty list", async () => {
  expect(jsonOf(await call("getDiagnostics"))).toEqual([]);
});

test("the start of a turn (closeAllDiffTabs) warms the worktree's language servers", async () => {
  let warmed = 0;
  ctx.diagnostics = { get: async () => [], track: () => {}, warm: () => void warmed++, available: () => true };
  await call("closeAllDiffTabs");
  expect(warmed).toBe(1);
});

test("getDiagnostics whose file's diagnostics are not known yet fails, rather than answering none", async () => {
  ctx.diagnostics = { get: () => Promise.reject(new Error("not known yet")), track: () => {}, warm: () => {}, available: () => true };
  await expect(call("getDiagnostics", { uri: `file://${join(workspace, "a.ts")}` })).rejects.toThrow("not known yet");
});

describe("diff tabs", () => {
  test("openDiff pends until close_tab answers it TAB_CLOSED, as proposed", async () => {
    const diff = call("openDiff", diffArgs("tab A"));
    expect(await isPending(diff)).toBe(true);
    expect(ctx.diffs.size).toBe(1);

    expect(textsOf(await call("close_tab", { tab_name: "tab A" }))).toEqual(["TAB_CLOSED"]);
    const answer = await diff;
    expect(textsOf(answer)).toEqual(["TAB_CLOSED"]);
    expect(answer.isError).toBeUndefined();
    expect(ctx.diffs.size).toBe(0);
  });

  test("close_tab of another tab leaves the diff pending", async () => {
    const diff = call("openDiff", diffArgs("tab A"));
    expect(textsOf(await call("close_tab", { tab_name: "tab B" }))).toEqual(["TAB_CLOSED"]);
    expect(await isPending(diff)).toBe(true);
  });

  test("closeAllDiffTabs counts and answers every open diff", async () => {
    const diffs = [call("openDiff", diffArgs("one")), call("openDiff", diffArgs("two"))];
    expect(textsOf(await call("closeAllDiffTabs"))).toEqual(["CLOSED_2_DIFF_TABS"]);
    for (const diff of diffs) expect(textsOf(await diff)).toEqual(["TAB_CLOSED"]);
    expect(textsOf(await call("closeAllDiffTabs"))).toEqual(["CLOSED_0_DIFF_TABS"]);
  });
});

describe("files", () => {
  beforeEach(() => writeFileSync(join(workspace, "a.txt"), "hello\n"));

  test("openFile on a missing file fails, naming it", async () => {
    const missing = join(workspace, "missing.txt");
    const result = await call("openFile", { filePath: missing });
    expect(result.isError).toBe(true);
    expect(textsOf(result).join()).toContain(missing);
  });

  test("openFile on an existing file, relative to the workspace, is not an error", async () => {
    const result = await call("openFile", { filePath: "a.txt", preview: false, startText: "", endText: "" });
    expect(result.isError).toBeUndefined();
    expect(textsOf(result).join()).toContain(join(workspace, "a.txt"));
  });

  test("getOpenEditors has no tabs", async () => {
    expect(jsonOf(await call("getOpenEditors"))).toEqual({ tabs: [] });
  });

  const byPath: [string, () => string][] = [
    ["an absolute path", () => join(workspace, "a.txt")],
    ["a relative path, resolved against the workspace", () => "a.txt"],
  ];
  for (const [label, pathOf] of byPath) {
    test(`checkDocumentDirty and saveDocument on an existing file, by ${label}`, async () => {
      const filePath = pathOf();
      const resolved = join(workspace, "a.txt");
      expect(jsonOf(await call("checkDocumentDirty", { filePath }))).toEqual({
        success: true,
        filePath: resolved,
        isDirty: false,
        isUntitled: false,
      });
      expect(jsonOf(await call("saveDocument", { filePath }))).toMatchObject({ success: true, filePath: resolved, saved: false });
    });
  }

  test("checkDocumentDirty and saveDocument on a missing file fail, naming the resolved path", async () => {
    for (const tool of ["checkDocumentDirty", "saveDocument"]) {
      const answer = jsonOf(await call(tool, { filePath: "gone.txt" }));
      expect(answer.success).toBe(false);
      expect(answer.message).toContain(join(workspace, "gone.txt"));
    }
  });
});

describe("selection", () => {
  const selection: Selection = {
    text: "hello",
    filePath: "/w/a.txt",
    selection: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 }, isEmpty: false },
  };

  for (const tool of ["getCurrentSelection", "getLatestSelection"]) {
    test(`${tool} fails until a selection is stored, then answers it`, async () => {
      const before = jsonOf(await call(tool));
      expect(before.success).toBe(false);
      expect(typeof before.message).toBe("string");

      ctx.selection.latest = selection;
      expect(jsonOf(await call(tool))).toEqual({ success: true, ...selection });
    });
  }
});
