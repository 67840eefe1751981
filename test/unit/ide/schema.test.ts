import { describe, expect, test } from "bun:test";
import { s, SchemaError } from "../../../src/ide/schema.ts";

/** The error a parse throws; failing the test if it does not throw a SchemaError. */
function schemaError(parse: () => unknown): string {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(SchemaError);
    return (e as Error).message;
  }
  throw new Error("expected a SchemaError, but the value was accepted");
}

describe("leaves", () => {
  test("accept their own type and return the value unchanged", () => {
    expect(s.string().parse("hi", "x")).toBe("hi");
    expect(s.boolean().parse(false, "x")).toBe(false);
    expect(s.integer().parse(-7, "x")).toBe(-7);
  });

  test("reject other types, naming the path and the expected type", () => {
    expect(schemaError(() => s.string().parse(1, "arguments.filePath"))).toBe("arguments.filePath must be a string");
    expect(schemaError(() => s.boolean().parse("true", "arguments.preview"))).toBe("arguments.preview must be a boolean");
    expect(schemaError(() => s.integer().parse("3", "params.pid"))).toBe("params.pid must be an integer");
  });

  test("integers are whole and exactly representable", () => {
    for (const bad of [1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) {
      expect(schemaError(() => s.integer().parse(bad, "n"))).toBe("n must be an integer");
    }
  });
});

describe("objects", () => {
  const shape = s.object({
    name: s.string(),
    pid: s.integer(),
    note: s.optional(s.string()),
  });

  test("return exactly the declared keys: unknown keys are ignored, not copied", () => {
    expect(shape.parse({ name: "a", pid: 1, extra: { deep: true }, _meta: 3 }, "params")).toEqual({ name: "a", pid: 1 });
  });

  test("reject non-objects, null and arrays", () => {
    for (const bad of [null, 3, "x", [], [{ name: "a", pid: 1 }]]) {
      expect(schemaError(() => shape.parse(bad, "params"))).toBe("params must be an object");
    }
  });

  test("a missing required field is named by its path", () => {
    expect(schemaError(() => shape.parse({ pid: 1 }, "params"))).toBe("params.name must be a string");
  });

  test("nested errors name the full path", () => {
    const outer = s.object({ arguments: s.object({ range: s.object({ line: s.integer() }) }) });
    expect(schemaError(() => outer.parse({ arguments: { range: { line: "1" } } }, "params"))).toBe(
      "params.arguments.range.line must be an integer",
    );
  });

  test("optional fields may be absent, and are then absent from the result", () => {
    const parsed = shape.parse({ name: "a", pid: 1 }, "params");
    expect("note" in parsed).toBe(false);
    expect(shape.parse({ name: "a", pid: 1, note: "n" }, "params").note).toBe("n");
  });

  test("optional fields that are present are still validated; null is not absence", () => {
    expect(schemaError(() => shape.parse({ name: "a", pid: 1, note: 5 }, "params"))).toBe("params.note must be a string");
    expect(schemaError(() => shape.parse({ name: "a", pid: 1, note: null }, "params"))).toBe("params.note must be a string");
  });
});

describe("JSON Schema", () => {
  test("leaves carry their type and, when given, their description", () => {
    expect(s.string().json).toEqual({ type: "string" });
    expect(s.integer("the pid").json).toEqual({ type: "integer", description: "the pid" });
  });

  test("objects list their properties and only the required keys", () => {
    const schema = s.object({
      filePath: s.string("Path"),
      preview: s.optional(s.boolean()),
      line: s.integer(),
    });
    expect(schema.json).toEqual({
      type: "object",
      properties: { filePath: { type: "string", description: "Path" }, preview: { type: "boolean" }, line: { type: "integer" } },
      required: ["filePath", "line"],
    });
  });

  test("an object with no required keys has no required list", () => {
    expect(s.object({}).json).toEqual({ type: "object", properties: {} });
    expect(s.object({ uri: s.optional(s.string()) }).json).toEqual({ type: "object", properties: { uri: { type: "string" } } });
  });
});
