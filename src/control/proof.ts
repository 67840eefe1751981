// How cc-wt's own control clients (--list, --watch, --mention, --select, and whatever comes next)
// and an instance prove themselves to each other without the token ever leaving the lock file.
// docs/control.md describes both exchanges.
//
// A lock can outlive its instance (cc-wt killed with SIGKILL, a pid reused), and then anyone may
// be listening on its port. Two exchanges, both keyed on the token and never carrying it:
//
// - Direct (one round trip), for a request with no body (GET status, GET events): the client sends a
//   fresh random nonce of its own, the time, and a MAC of them with the method and target. Nothing
//   in it is secret. The server takes it only if the time is within a short window, the MAC is
//   right, and it has not accepted that nonce before (SeenNonces, bounded); it then answers with a
//   proof in a header: a MAC of the client's nonce, the status and the body's hash (or the word
//   "stream" for an event stream, whose head is all there is to prove). The client uses nothing of
//   the answer before that proof checks out; without it, it falls back to the exchange below.
// - Challenge first (two round trips), for a request that carries a body (POST notify: mention text,
//   a selection): the client sends a random challenge; the server answers with a MAC of it and a
//   single-use nonce of its own (NonceBook). Only once that answer checks out does the client send
//   the request, signed over the server's nonce, method, target and body.
//
// Every MAC has its own label, so no answer or proof a server gives can serve as a client's
// signature, and no signature as a server's answer.
import { tokensEqual } from "../ide/auth.ts";

export const HELLO_PATH = "/cc-wt/hello";
export const CHALLENGE_HEADER = "x-cc-wt-challenge";
export const NONCE_HEADER = "x-cc-wt-nonce";
export const SIGNATURE_HEADER = "x-cc-wt-signature";
/** Direct requests: the client's own nonce, and the time it signed at (epoch ms). */
export const CLIENT_NONCE_HEADER = "x-cc-wt-client-nonce";
export const TIME_HEADER = "x-cc-wt-time";
/** The server's proof on its answer to a direct request. */
export const PROOF_HEADER = "x-cc-wt-proof";
/** What a proof covers in place of the body's hash when the body never ends (an event stream). */
export const STREAM = "stream";

/** 128 bits or more of base64url: what a challenge or a nonce must look like. */
const NONCE_SHAPE = /^[A-Za-z0-9_-]{22,86}$/;
export const isNonce = (v: unknown): v is string => typeof v === "string" && NONCE_SHAPE.test(v);

/** 256 random bits, base64url. */
export const newNonce = (): string => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");

function mac(token: string, label: string, ...parts: string[]): string {
  const h = new Bun.CryptoHasher("sha256", token);
  h.update([label, ...parts].join("\0"));
  return h.digest("base64url");
}

/** The server's answer to a challenge: only the holder of the token can compute it. */
export const challengeAnswer = (token: string, challenge: string): string => mac(token, "cc-wt answer v1", challenge);

/** What a proof says of a body: its SHA-256 in hex, or STREAM (never 64 hex digits) for an event stream. */
export const bodyHash = (body: Uint8Array): string => Bun.SHA256.hash(body, "hex") as string;

/** The client's signature over one request, bound to the server's nonce. */
export const requestSignature = (token: string, nonce: string, method: string, target: string, body: Uint8Array): string =>
  mac(token, "cc-wt request v1", nonce, method.toUpperCase(), target, bodyHash(body));

/** A direct request's signature: the client's nonce and time, bound to one method and target; it has no body. */
export const directSignature = (token: string, clientNonce: string, time: string, method: string, target: string): string =>
  mac(token, "cc-wt direct request v2", clientNonce, time, method.toUpperCase(), target);

/** The server's proof on its answer to a direct request: it holds the token, and this is its answer to that request. */
export const responseProof = (token: string, clientNonce: string, status: number, body: string): string =>
  mac(token, "cc-wt response v2", clientNonce, String(status), body);

/** Constant-time comparison of two MACs (the same hashing compare the token uses). */
export const macsEqual = (given: string | null, expected: string): boolean => tokensEqual(given, expected);

/** How long a nonce stays good: one request follows its hello within milliseconds. */
const NONCE_TTL_MS = 30_000;
/** Outstanding nonces kept at most: a flood of hellos evicts the oldest, it never grows memory. */
const MAX_NONCES = 1024;

/** The server's nonces: issued by hello, each good for one request, for a short while. */
export class NonceBook {
  readonly #issued = new Map<string, number>();

  issue(now = Date.now()): string {
    const nonce = newNonce();
    this.#issued.set(nonce, now + NONCE_TTL_MS);
    while (this.#issued.size > MAX_NONCES) this.#issued.delete(this.#issued.keys().next().value!);
    return nonce;
  }

  /** Whether nonce is outstanding (issued, unused), without spending it. */
  has(nonce: string | null, now = Date.now()): boolean {
    return nonce !== null && (this.#issued.get(nonce) ?? -Infinity) >= now;
  }

  /** True once for a nonce this book issued and has not seen used or expired. */
  take(nonce: string | null, now = Date.now()): boolean {
    if (nonce === null) return false;
    const expires = this.#issued.get(nonce);
    this.#issued.delete(nonce);
    return expires !== undefined && now <= expires;
  }
}

/**
 * How far a direct request's time may be from the server's clock. Client and server share the
 * machine's clock and a request takes milliseconds; the window only has to cover a busy moment.
 */
export const TIME_WINDOW_MS = 10_000;
const TIME_SHAPE = /^\d{1,15}$/;

/** Whether a direct request's time header is a time within the window of now. */
export const timeIsFresh = (time: string | null, now = Date.now()): time is string =>
  time !== null && TIME_SHAPE.test(time) && Math.abs(now - Number(time)) <= TIME_WINDOW_MS;

/** Accepted client nonces remembered at most: a full book refuses, it never forgets one early. */
export const MAX_SEEN = 4096;

/**
 * The client nonces of the direct requests a server has accepted, each kept until its request's
 * time can no longer pass timeIsFresh, so that no request is accepted twice. Only requests whose
 * signature checked out are entered, so nobody without the token can fill it. Kept on the monotonic
 * clock for twice the window: a wall clock stepped back by more than the window could let a
 * request recorded earlier pass once more (docs/control.md).
 */
export class SeenNonces {
  readonly #until = new Map<string, number>();

  /** "fresh" (now recorded), "replayed" (accepted before) or "full" (refused: forgetting a live nonce would allow a replay). */
  admit(nonce: string, now = performance.now()): "fresh" | "replayed" | "full" {
    // Entries expire in the order they were made: only the front can be due.
    for (const [n, until] of this.#until) {
      if (until > now) break;
      this.#until.delete(n);
    }
    if (this.#until.has(nonce)) return "replayed";
    if (this.#until.size >= MAX_SEEN) return "full";
    this.#until.set(nonce, now + 2 * TIME_WINDOW_MS);
    return "fresh";
  }

  get size(): number {
    return this.#until.size;
  }
}
