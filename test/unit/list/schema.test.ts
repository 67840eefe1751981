// docs/list.schema.json describes what toJson prints, and the checker used against real output
// (test/commands/list.test.ts, test/e2e/supervise.test.ts) does catch a departure from it.
import { expect, test } from "bun:test";
import { blankRow } from "../../../src/control/instances.ts";
import { toJson } from "../../../src/list/render.ts";
import { listSchema, violations } from "../../helpers/json-schema.ts";

const running = {
  ...blankRow("/src/app-x", "x", "/src/app"),
  status: "shell" as const,
  since: 1,
  port: 4100,
  pid: 10,
  claudePid: 11,
  connected: true,
  startedAt: 0,
  done: true,
  tmuxPane: "%3",
  tmuxSocket: "/tmp/tmux-0/default",
  sessionId: "fd495f84-bd31-4a0b-a79e-9e34158ece84",
  muted: false,
};

test("toJson's rows, running or not, conform; the schema has a version and lists every field toJson prints", () => {
  const schema = listSchema();
  expect(schema.version).toBe(1);
  const out = JSON.parse(toJson({ rows: [blankRow("/src/app", "main", "/src/app"), running] }));
  expect(violations(schema, out)).toEqual([]);
  expect(Object.keys(out[1]).sort()).toEqual([...schema.items.required].sort());
});

test("the checker catches a wrong type, an unknown status, a missing or extra field, a bad pane id", () => {
  const schema = listSchema();
  const [row] = JSON.parse(toJson({ rows: [running] }));
  const broken = (over: Record<string, unknown>, drop?: string) => {
    const r = { ...row, ...over };
    if (drop) delete r[drop];
    return violations(schema, [r]);
  };
  expect(broken({ pid: "10" })).toEqual(["$[0].pid: string, not integer or null"]);
  expect(broken({ status: "sleeping" })).toHaveLength(1);
  expect(broken({}, "sessionId")).toEqual(["$[0]: sessionId missing"]);
  expect(broken({ extra: 1 })).toEqual(["$[0]: extra not in the schema"]);
  expect(broken({ tmuxPane: "#(rm)" })).toHaveLength(1);
  expect(broken({ since: "yesterday" })).toEqual(["$[0].since: not a date-time"]);
});
