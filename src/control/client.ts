// The one way cc-wt talks to another running instance (--list's status read, --watch's event
// stream, --mention/--select's notify, and any later caller), with the proofs of proof.ts: the
// token never travels, and nothing the instance answers is used before it has proven it holds the
// lock's token. A request with no body goes direct (one round trip; the proof is in the answer);
// one with a body is sent only after the instance answered a challenge. A lock can outlive its
// instance, and whoever listens on its port then gets a signed request for a status (no secret in
// it) or a random challenge, and nothing else.
import type { FoundLock } from "../lockfile.ts";
import { readCapped } from "./body.ts";
import {
  bodyHash,
  challengeAnswer,
  CHALLENGE_HEADER,
  CLIENT_NONCE_HEADER,
  directSignature,
  HELLO_PATH,
  isNonce,
  macsEqual,
  newNonce,
  NONCE_HEADER,
  PROOF_HEADER,
  requestSignature,
  responseProof,
  SIGNATURE_HEADER,
  STREAM,
  TIME_HEADER,
} from "./proof.ts";

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
  /** The answer is an event stream (GET /cc-wt/events): its proof covers the head, and the body is not read here. */
  stream?: boolean;
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

/** An answer read whole is a report or an error: anything this large is not one, and is not read on. */
const MAX_ANSWER_BYTES = 1 << 20;

/**
 * A GET with no body, in one round trip: signed with a nonce of our own and the time. Resolves to
 * the answer once its proof checks out, or to undefined when it has none that does (an instance
 * from before direct requests, a refusal, or not the instance at all): then nothing of it is used.
 */
async function direct(found: FoundLock, url: URL, stream: boolean, signal: AbortSignal): Promise<Response | undefined> {
  const token = found.lock.authToken;
  const clientNonce = newNonce();
  const time = String(Date.now());
  const signature = directSignature(token, clientNonce, time, "GET", url.pathname + url.search);
  const res = await send(url, { headers: { [CLIENT_NONCE_HEADER]: clientNonce, [TIME_HEADER]: time, [SIGNATURE_HEADER]: signature }, signal });
  const proof = res.headers.get(PROOF_HEADER);
  if (stream) {
    const isStream = res.headers.get("content-type")?.startsWith("text/event-stream") === true;
    if (isStream && macsEqual(proof, responseProof(token, clientNonce, res.status, STREAM))) return res;
    await res.body?.cancel().catch(() => {});
    return undefined;
  }
  const body = proof === null ? undefined : await readAnswer(res);
  if (!body || !macsEqual(proof, responseProof(token, clientNonce, res.status, bodyHash(body)))) {
    await res.body?.cancel().catch(() => {});
    return undefined;
  }
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** The whole body, or undefined when it is larger than any answer should be. */
async function readAnswer(res: Response): Promise<Uint8Array | undefined> {
  try {
    return await readCapped(res, MAX_ANSWER_BYTES);
  } catch (e) {
    throw new InstanceError(`broke off its answer (${(e as Error).message})`, "unreachable");
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
 * Sends one request to the instance of a lock; resolves to its response, whatever the status, once
 * the instance has proven itself. Throws InstanceError when the instance is unreachable or
 * unproven: then nothing but a signed bodiless GET and a random challenge has left this process.
 */
export async function callInstance(found: FoundLock, req: InstanceRequest): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException(`no answer within ${req.timeoutMs} ms`, "TimeoutError")), req.timeoutMs);
  try {
    const url = new URL(`http://127.0.0.1:${found.port}${req.target}`);
    if (req.method === "GET" && req.body === undefined) {
      const answer = await direct(found, url, req.stream === true, abort.signal);
      if (answer) return answer;
      // Unproven: the challenge decides whether it is an older cc-wt or not the instance at all.
    }
    const nonce = await prove(found, abort.signal);
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
