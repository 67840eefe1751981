import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { statusOf } from "../../../src/errors.ts";
import { claudeArgs, claudeEnv, findClaude } from "../../../src/launch/claude.ts";
import { ideNameFor } from "../../../src/control/ideName.ts";
import { parsePortRange } from "../../../src/launch/run.ts";
import { useTempDir } from "../../helpers/unit.ts";
import { CliError } from "../../../src/errors.ts";

const tmp = useTempDir("cc-wt-env-");

describe("claudeEnv", () => {
  test("points claude at this server, replacing an inherited port, and keeps the rest", () => {
    const env = claudeEnv({ CLAUDE_CODE_SSE_PORT: "1111", HOME: "/home/u", UNSET: undefined }, 4242);
    expect(env).toMatchObject({
      CLAUDE_CODE_SSE_PORT: "4242",
      ENABLE_IDE_INTEGRATION: "true",
      CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL: "1",
      HOME: "/home/u",
    });
    expect("UNSET" in env).toBe(false);
  });

  test("NO_PROXY and no_proxy exempt every loopback name when unset", () => {
    const env = claudeEnv({}, 1);
    expect(env.NO_PROXY).toBe("127.0.0.1,localhost,::1");
    expect(env.no_proxy).toBe("127.0.0.1,localhost,::1");
  });

  test("existing proxy exemptions are kept, each variable on its own, without duplicating loopback", () => {
    const base = { NO_PROXY: "corp.example, localhost", no_proxy: "::1,.internal" };
    const env = claudeEnv(base, 1);
    expect(env.NO_PROXY).toBe("corp.example,localhost,127.0.0.1,::1");
    expect(env.no_proxy).toBe("::1,.internal,127.0.0.1,localhost");
    expect(base.NO_PROXY).toBe("corp.example, localhost");
  });
});

describe("what would keep claude off this instance's server", () => {
  test("CLAUDE_CODE_AUTO_CONNECT_IDE and CLAUDE_CODE_IDE_HOST_OVERRIDE are not passed on", () => {
    const env = claudeEnv({ CLAUDE_CODE_AUTO_CONNECT_IDE: "false", CLAUDE_CODE_IDE_HOST_OVERRIDE: "10.0.0.9", KEEP: "1" }, 1);
    expect("CLAUDE_CODE_AUTO_CONNECT_IDE" in env).toBe(false);
    expect("CLAUDE_CODE_IDE_HOST_OVERRIDE" in env).toBe(false);
    expect(env.KEEP).toBe("1");
  });

  test("bare mode gets --ide, before any --; other launches are left as they are", () => {
    expect(claudeArgs(["--bare", "fix it"], {})).toEqual(["--bare", "fix it", "--ide"]);
    expect(claudeArgs(["-c", "--", "--bare"], {})).toEqual(["-c", "--", "--bare"]);
    expect(claudeArgs(["--bare", "--", "-x"], {})).toEqual(["--bare", "--ide", "--", "-x"]);
    expect(claudeArgs(["-c"], { CLAUDE_CODE_SIMPLE: "1" })).toEqual(["-c", "--ide"]);
    expect(claudeArgs(["-c"], { CLAUDE_CODE_SIMPLE: "TRUE " })).toEqual(["-c", "--ide"]);
    expect(claudeArgs(["-c"], { CLAUDE_CODE_SIMPLE: "0" })).toEqual(["-c"]);
    expect(claudeArgs(["--bare", "--ide"], {})).toEqual(["--bare", "--ide"]);
    expect(claudeArgs([], {})).toEqual([]);
  });
});

describe("findClaude", () => {
  function executable(name: string): string {
    const path = join(tmp(), name);
    writeFileSync(path, "#!/bin/sh\n", { mode: 0o755 });
    return path;
  }

  test("claude on PATH by default", () => {
    const claude = executable("claude");
    expect(findClaude({ PATH: tmp() })).toBe(claude);
    expect(findClaude({ PATH: join(tmp(), "empty") })).toBeUndefined();
  });

  test("CC_WT_CLAUDE as a command name is looked up on PATH", () => {
    const mine = executable("my-claude");
    executable("claude");
    expect(findClaude({ PATH: tmp(), CC_WT_CLAUDE: "my-claude" })).toBe(mine);
    expect(findClaude({ PATH: tmp(), CC_WT_CLAUDE: "other-claude" })).toBeUndefined();
  });

  test("CC_WT_CLAUDE as a path is used as is, or not at all when missing", () => {
    const mine = executable("my-claude");
    expect(findClaude({ PATH: "", CC_WT_CLAUDE: mine })).toBe(mine);
    expect(findClaude({ PATH: tmp(), CC_WT_CLAUDE: join(tmp(), "missing") })).toBeUndefined();
  });
});

describe("parsePortRange", () => {
  test("accepts LO-HI, and no setting means any port", () => {
    expect(parsePortRange("40000-40010")).toEqual([40000, 40010]);
    expect(parsePortRange("40000-40000")).toEqual([40000, 40000]);
    expect(parsePortRange(undefined)).toBeUndefined();
    expect(parsePortRange("")).toBeUndefined();
  });

  test("rejects anything else with a usage error naming the setting", () => {
    for (const bad of ["abc", "5-3", "0-10", "1-70000", "40000", "40000-", "-1-10", "1.5-10"]) {
      expect(() => parsePortRange(bad)).toThrow(CliError);
      expect(() => parsePortRange(bad)).toThrow(`CC_WT_PORT_RANGE=${bad}`);
    }
  });
});

test("ideNameFor names the branch when there is one", () => {
  expect(ideNameFor("feature-x")).toBe("cc-wt (feature-x)");
  expect(ideNameFor(undefined)).toBe("cc-wt");
});

test("statusOf is claude's exit code, or 128 + the signal number as shells report it", () => {
  expect(statusOf(0, null)).toBe(0);
  expect(statusOf(3, null)).toBe(3);
  expect(statusOf(null, "SIGTERM")).toBe(143);
  expect(statusOf(null, "SIGKILL")).toBe(137);
  expect(statusOf(null, 2)).toBe(130);
});
