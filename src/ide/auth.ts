// Who may talk to the IDE server. It listens on loopback, but anything on the machine can reach
// it, and so can any web page through the browser (CVE-2025-52882): every upgrade must prove it
// holds the token from the owner-only lock file, and must not come from a browser.

export const AUTH_HEADER = "x-claude-code-ide-authorization";
export const SUBPROTOCOL = "mcp";

/** A Host header naming loopback, with an optional port: anything else may be a DNS-rebinding page. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

// Web Crypto and Bun's hasher rather than node:crypto, whose load alone costs milliseconds on
// every launch.

/** 256 bits from the OS CSPRNG, URL-safe so it survives headers and JSON unchanged. */
export const newToken = (): string => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");

/**
 * Hashing first gives equal lengths, and the loop visits every byte whatever it finds, so the
 * comparison time says nothing about how much of a guess was right.
 */
export function tokensEqual(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Bun.SHA256.hash(given) as Uint8Array;
  const b = Bun.SHA256.hash(expected) as Uint8Array;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const hostIsLoopback = (host: string | null): boolean => host !== null && LOOPBACK_HOST.test(host);

export type Verdict = { ok: true } | { ok: false; status: number; reason: string };

/** Where a request comes from, checked before anything else: never from a browser, never for a foreign Host. */
export function checkSource(req: Request): Verdict {
  const h = req.headers;
  if (h.has("origin")) return { ok: false, status: 403, reason: "browser requests are refused" };
  if (!hostIsLoopback(h.get("host"))) return { ok: false, status: 403, reason: "Host must be loopback" };
  return { ok: true };
}

/** Checked in order of what reveals least: a browser or a rebinding page learns nothing about the token. */
export function checkRequest(req: Request, token: string): Verdict {
  const source = checkSource(req);
  if (!source.ok) return source;
  if (!tokensEqual(req.headers.get(AUTH_HEADER), token)) return { ok: false, status: 401, reason: "missing or wrong token" };
  return { ok: true };
}

export function checkUpgrade(req: Request, token: string): Verdict {
  const auth = checkRequest(req, token);
  if (!auth.ok) return auth;
  const h = req.headers;
  if (h.get("upgrade")?.toLowerCase() !== "websocket") {
    return { ok: false, status: 426, reason: "this server speaks WebSocket only" };
  }
  const protocols = (h.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  if (!protocols.includes(SUBPROTOCOL)) return { ok: false, status: 400, reason: `subprotocol "${SUBPROTOCOL}" required` };
  return { ok: true };
}
