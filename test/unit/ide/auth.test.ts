import { describe, expect, test } from "bun:test";
import { AUTH_HEADER, checkRequest, checkUpgrade, newToken, tokensEqual } from "../../../src/ide/auth.ts";

const TOKEN = newToken();

/** The upgrade request the Claude client sends (docs/protocol.md, "Transport"); null drops a header. */
function upgrade(changes: Record<string, string | null> = {}): Request {
  const headers: Record<string, string | null> = {
    host: "127.0.0.1:40000",
    upgrade: "websocket",
    connection: "Upgrade",
    "sec-websocket-protocol": "mcp",
    [AUTH_HEADER]: TOKEN,
    ...changes,
  };
  const kept = Object.entries(headers).filter((e): e is [string, string] => e[1] !== null);
  return new Request("http://127.0.0.1:40000/", { headers: kept });
}

const verdict = (changes: Record<string, string | null> = {}) => checkUpgrade(upgrade(changes), TOKEN);
/** The status a request is refused with, or "accepted". */
function refusal(changes: Record<string, string | null>): number | "accepted" {
  const v = verdict(changes);
  if (v.ok) return "accepted";
  // The reason is what the server logs and answers: a refusal must say why.
  expect(v.reason).not.toBe("");
  return v.status;
}

describe("tokens", () => {
  test("carry at least 128 bits, URL-safe", () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
  });

  test("differ on every call", () => {
    const tokens = new Set(Array.from({ length: 100 }, newToken));
    expect(tokens.size).toBe(100);
  });

  test("compare equal only to themselves", () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    for (const wrong of [null, "", TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), newToken()]) {
      expect(tokensEqual(wrong, TOKEN)).toBe(false);
    }
  });
});

describe("checkUpgrade", () => {
  test("accepts the Claude client's own request", () => {
    expect(verdict()).toEqual({ ok: true });
  });

  test("refuses anything from a browser (an Origin header), whatever else it holds", () => {
    expect(refusal({ origin: "https://evil.example" })).toBe(403);
    expect(refusal({ origin: "null" })).toBe(403);
    // Even without a token: the page must not learn that a token is what it lacks.
    expect(refusal({ origin: "http://127.0.0.1:40000", [AUTH_HEADER]: null })).toBe(403);
  });

  test("refuses a Host that is not loopback, as a DNS-rebinding page would send", () => {
    for (const host of ["evil.example:1234", "evil.example", "localhost.evil.example:5", "127.0.0.1.nip.io:5", "192.168.1.2:5", "[::1]evil.example", "localhost:5x"]) {
      expect(refusal({ host })).toBe(403);
    }
    expect(refusal({ host: null })).toBe(403);
    expect(refusal({ host: "evil.example", [AUTH_HEADER]: null })).toBe(403);
  });

  test("accepts every loopback Host, with or without a port", () => {
    for (const host of ["localhost:5", "127.0.0.1:5", "[::1]:5", "localhost", "127.0.0.1", "[::1]", "LOCALHOST:5"]) {
      expect(refusal({ host })).toBe("accepted");
    }
  });

  test("refuses a missing or wrong token", () => {
    expect(refusal({ [AUTH_HEADER]: null })).toBe(401);
    expect(refusal({ [AUTH_HEADER]: "" })).toBe(401);
    expect(refusal({ [AUTH_HEADER]: newToken() })).toBe(401);
    expect(refusal({ [AUTH_HEADER]: `Bearer ${TOKEN}` })).toBe(401);
  });

  test("refuses a request that is not a WebSocket upgrade", () => {
    expect(refusal({ upgrade: null })).toBe(426);
    expect(refusal({ upgrade: "h2c" })).toBe(426);
    expect(refusal({ upgrade: "WebSocket" })).toBe("accepted");
  });

  test("requires the mcp subprotocol among those offered", () => {
    expect(refusal({ "sec-websocket-protocol": null })).toBe(400);
    expect(refusal({ "sec-websocket-protocol": "chat" })).toBe(400);
    expect(refusal({ "sec-websocket-protocol": "mcpx" })).toBe(400);
    expect(refusal({ "sec-websocket-protocol": "chat, mcp" })).toBe("accepted");
  });
});

test("checkRequest, for plain authenticated reads, applies the same origin, host and token rules", () => {
  const plain = (changes: Record<string, string | null>) =>
    checkRequest(upgrade({ upgrade: null, "sec-websocket-protocol": null, ...changes }), TOKEN);
  expect(plain({})).toEqual({ ok: true });
  expect(plain({ origin: "https://evil.example" })).toMatchObject({ ok: false, status: 403 });
  expect(plain({ host: "evil.example" })).toMatchObject({ ok: false, status: 403 });
  expect(plain({ [AUTH_HEADER]: null })).toMatchObject({ ok: false, status: 401 });
});
