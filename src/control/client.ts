// The one way cc-wt talks to another running instance (--list's status read, --mention/--select's
// notify, and any later caller): the instance must first prove it is the one that wrote the lock,
// and the request is then signed with the lock's token rather than carrying it (proof.ts). A lock
// can outlive its instance, and whoever listens on its port then gets a challenge and nothing else.
import type { FoundLock } from "../lockfile.ts";
import { challengeAnswer, CHALLENGE_HEADER, HELLO_PATH, isNonce, macsEqual, newNonce, NONCE_HEADER, requestSignature, SIGNATURE_HEADER } from "./proof.ts";

/** Why an instance could not be asked: it did not answer, or answered without proving itself. */
export class InstanceError extends Error {
  constructor(
    message: string,
    /** "unproven": something answers on the port but cannot show it holds the lock's token. */
    readonly kind: "unreachable" | "unproven",
  ) {
    super(message);
  }
}

export interface InstanceRequest {
  method: "GET" | "POST";
  /** Path and query, e.g. "/cc-wt/notify?wait=10000". */
  target: string;
  body?: string;
  /**
   * For the proof and the response's head. The body is the caller's to read, at its own pace: an
   * event stream (GET /cc-wt/events) never ends.
   */
  timeoutMs: number;
}

/**
 * Never a proxy (the user's HTTP_PROXY must not see loopback traffic) and never a redirect (a
 * 3xx is handed back as it is, not followed). `proxy: false` turns off Bun's environment proxy for
 * this request (Bun 1.4.5; the proxy test in test/security/ notices if Bun ever changes that).
 */
const DIRECT = { redirect: "manual" as const, proxy: false };

async function send(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, ...DIRECT } as RequestInit);
  } catch (e) {
    throw new InstanceError(`did not answer (${(e as Error).message})`, "unreachable");
  }
}

/** Asks the server on the lock's port to prove it holds the lock's token; resolves to the nonce to sign with. */
async function prove(found: FoundLock, signal: AbortSignal): Promise<string> {
  const challenge = newNonce();
  const res = await send(new URL(`http://127.0.0.1:${found.port}${HELLO_PATH}`), { headers: { [CHALLENGE_HEADER]: challenge }, signal });
  const unproven = (why: string) => new InstanceError(`port ${found.port} ${why}: it is not the cc-wt that wrote ${found.path}`, "unproven");
  if (res.status !== 200) throw unproven(`answered ${res.status} to the challenge`);
  let reply: { answer?: unknown; nonce?: unknown };
  try {
    reply = (await res.json()) as typeof reply;
  } catch {
    throw unproven("answered the challenge with something that is not JSON");
  }
  if (typeof reply?.answer !== "string" || !macsEqual(reply.answer, challengeAnswer(found.lock.authToken, challenge))) {
    throw unproven("could not answer the challenge with the lock's token");
  }
  if (!isNonce(reply.nonce)) throw unproven("gave no usable nonce");
  return reply.nonce;
}

/**
 * Sends one request to the instance of a lock, once it has proven itself; resolves to its
 * response, whatever the status. Throws InstanceError when the instance is unreachable or unproven:
 * then nothing but a random challenge has left this process.
 */
export async function callInstance(found: FoundLock, req: InstanceRequest): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException(`no answer within ${req.timeoutMs} ms`, "TimeoutError")), req.timeoutMs);
  try {
    const nonce = await prove(found, abort.signal);
    const url = new URL(`http://127.0.0.1:${found.port}${req.target}`);
    const body = new TextEncoder().encode(req.body ?? "");
    // Signed over the target as it goes on the wire (URL-normalised), which is what the server sees.
    const signature = requestSignature(found.lock.authToken, nonce, req.method, url.pathname + url.search, body);
    return await send(url, {
      method: req.method,
      headers: { [NONCE_HEADER]: nonce, [SIGNATURE_HEADER]: signature, ...(req.body !== undefined && { "content-type": "application/json" }) },
      body: req.body === undefined ? undefined : body,
      signal: abort.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}
