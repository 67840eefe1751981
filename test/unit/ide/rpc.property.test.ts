// Property-based: whatever arrives, dispatch answers with well-formed JSON-RPC (or, for
// notifications and replies, stays silent), never throws, and never leaks an internal error.
import { expect, test } from "bun:test";
import fc from "fast-check";
import { dispatch, ErrorCode, type DispatchDeps, type Peer } from "../../../src/ide/rpc.ts";
import { toolList, tools } from "../../../src/ide/tools/index.ts";
import { toolContext } from "../../helpers/unit.ts";

const deps: DispatchDeps = { tools, toolList, context: () => toolContext("/tmp"), log: () => {} };
const peer = (): Peer => ({ id: 1, initialized: false });
const KNOWN = new Set(["initialize", "ping", "tools/list", "tools/call"]);
// Tools that never block; openDiff pends by design until its tab is closed.
const QUICK_TOOLS = [...tools.keys()].filter((t) => t !== "openDiff");

function wellFormed(r: unknown, id: unknown) {
  expect(r).toMatchObject({ jsonrpc: "2.0" });
  const res = r as { id: unknown; result?: unknown; error?: { code: number; message: string } };
  expect(res.id).toEqual(id);
  expect("result" in res !== "error" in res).toBe(true);
  if (res.error) {
    expect(typeof res.error.message).toBe("string");
    expect(res.error.code).not.toBe(ErrorCode.InternalError);
  }
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

test("any text: a parse error (-32700, null id) for what is not JSON, else a well-formed answer or silence, never a throw", async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: "binary" }), async (text) => {
      const r = await dispatch(text, peer(), deps);
      if (!parses(text)) {
        wellFormed(r, null);
        expect((r as { error?: { code: number } }).error?.code).toBe(ErrorCode.ParseError);
      } else if (r) expect(r.id === null || typeof r.id === "number" || typeof r.id === "string").toBe(true);
    }),
    { numRuns: 2000 },
  );
});

test("any JSON value: silence for notifications and replies, otherwise an answer to the same id", async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (value) => {
      const r = await dispatch(JSON.stringify(value), peer(), deps);
      const m = value as Record<string, unknown>;
      const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
      if (!r) {
        expect(isObject && (!("id" in m) || !("method" in m))).toBe(true);
        return;
      }
      const validId = isObject && (typeof m.id === "string" || typeof m.id === "number" || m.id === null);
      wellFormed(r, validId ? m.id : null);
    }),
    { numRuns: 2000 },
  );
});

test("any method name: known ones are served, the rest are method-not-found with the caller's id", async () => {
  await fc.assert(
    fc.asyncProperty(fc.string(), fc.oneof(fc.integer(), fc.string()), async (method, id) => {
      const r = await dispatch(JSON.stringify({ jsonrpc: "2.0", id, method }), peer(), deps);
      wellFormed(r, id);
      if (!KNOWN.has(method)) expect(r!.error?.code).toBe(ErrorCode.MethodNotFound);
    }),
    { numRuns: 1000 },
  );
});

test("any arguments to any tool: a result, or invalid params naming what is wrong", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...QUICK_TOOLS), fc.dictionary(fc.constantFrom("filePath", "uri", "tab_name", "x"), fc.jsonValue()), async (name, args) => {
      const r = await dispatch(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }), peer(), deps);
      wellFormed(r, 1);
      if (r!.error) {
        expect(r!.error.code).toBe(ErrorCode.InvalidParams);
        expect(r!.error.message).toMatch(/arguments\.\w+ must be/);
      } else expect((r!.result as { content: unknown[] }).content.length).toBeGreaterThan(0);
    }),
    { numRuns: 1000 },
  );
});
