// How cc-wt's own control clients (--list, --mention, --select, and whatever comes next) and an
// instance prove themselves to each other without the token ever leaving the lock file.
//
// A lock can outlive its instance (cc-wt killed with SIGKILL, a pid reused), and then anyone may
// be listening on its port. So the client first sends a fresh random challenge with no secret in
// it; the server answers with a MAC of it under the token and a fresh single-use nonce of its own.
// Only a server holding the token can answer; a squatter learns nothing from the challenge. Then
// the client signs its request (the server's nonce, method, target and body) with the token, so
// the request proves the client holds the token without carrying it, and cannot be replayed.
// The labels keep the two kinds of MAC apart: an answer to a challenge is never a valid signature.
import { tokensEqual } from "../ide/auth.ts";

export const HELLO_PATH = "/cc-wt/hello";
export const CHALLENGE_HEADER = "x-cc-wt-challenge";
export const NONCE_HEADER = "x-cc-wt-nonce";
export const SIGNATURE_HEADER = "x-cc-wt-signature";

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

/** The client's signature over one request, bound to the server's nonce. */
export const requestSignature = (token: string, nonce: string, method: string, target: string, body: Uint8Array): string =>
  mac(token, "cc-wt request v1", nonce, method.toUpperCase(), target, Bun.SHA256.hash(body, "hex") as string);

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
