/**
 * secp256k1 ECDSA over a 32-byte digest as Hyperliquid expects it (SPEC §5): the digest is signed as-is
 * (no further hashing), s is normalised to the low half (s ≤ n/2, which flips the recovery id), and
 * v = 27 + recovery id. r and s go on the wire as 0x + 64 lowercase hex, zero-padded.
 *
 * Two signers share the last step (`signatureFromCommitment`) and the k·G of base-mul.ts:
 * - `signDigest`: deterministic k by RFC 6979 (HMAC-SHA256), reproducible, so the vectors, the CLI and
 *   user-signed actions use it. It gives exactly what @noble/curves' `sign(digest, key, {prehash: false})`
 *   gives (the tests compare), without importing noble's curve module (~6 ms to load in a fresh isolate)
 *   or building its table (~40 ms on its first signature).
 * - `signDigestFast` (commitments.ts): a fresh random k prepared ahead of time.
 * Recovery, which only tests, tools and start-up checks need, is noble's (recover.ts).
 */
import { invert } from "@noble/curves/abstract/modular.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { mulBase } from "./base-mul.js";
import { HALF_N, N } from "./curve.js";
import { bigintToBytes, bytesToBigint, toHex32 } from "./hex.js";
import { privateKeyScalar } from "./keys.js";

export interface Signature {
  /** 0x + 64 lowercase hex digits (zero-padded). */
  r: string;
  /** 0x + 64 lowercase hex digits (zero-padded), s ≤ n/2. */
  s: string;
  /** 27 or 28. */
  v: number;
}

/** What a signature needs from its nonce k: r = (k·G).x, k⁻¹ mod n and the parity of (k·G).y. */
export interface Commitment {
  readonly r: bigint;
  readonly kInverse: bigint;
  /** 0 when (k·G).y is even, 1 when odd: the recovery id before low-s normalisation. */
  readonly parity: number;
}

function checkDigest(digest: Uint8Array): void {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new Error("the digest must be 32 bytes");
}

/**
 * s = k⁻¹ (z + r·d) mod n, low-s normalised. Returns undefined in the (probability 2^-256) case s = 0,
 * where the caller must use another commitment.
 */
export function signatureFromCommitment(digest: Uint8Array, d: bigint, c: Commitment): Signature | undefined {
  const z = bytesToBigint(digest) % N;
  let s = (c.kInverse * ((z + c.r * d) % N)) % N;
  if (s === 0n) return undefined;
  let recovery = c.parity;
  if (s > HALF_N) {
    s = N - s;
    recovery ^= 1;
  }
  return { r: toHex32(c.r), s: toHex32(s), v: 27 + recovery };
}

/**
 * Deterministic low-s signature of a 32-byte digest: k from RFC 6979 §3.2 (HMAC-DRBG with SHA-256,
 * seeded with int2octets(d) ‖ int2octets(z mod n); qlen = hlen = 256, so each 32-byte output is a candidate).
 */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): Signature {
  checkDigest(digest);
  const d = privateKeyScalar(privateKey);
  const x = bigintToBytes(d, 32);
  const h = bigintToBytes(bytesToBigint(digest) % N, 32);
  let key = new Uint8Array(32);
  let v = new Uint8Array(32).fill(1);
  key = hmac(sha256, key, concat(v, 0x00, x, h));
  v = hmac(sha256, key, v);
  key = hmac(sha256, key, concat(v, 0x01, x, h));
  v = hmac(sha256, key, v);
  try {
    for (;;) {
      v = hmac(sha256, key, v);
      const k = bytesToBigint(v);
      if (k >= 1n && k < N) {
        const point = mulBase(k);
        // x ≥ n (probability ~2^-128) would need recovery id 2 or 3, which Hyperliquid's v cannot express.
        if (point.x >= N) throw new Error("signature needs recovery id 2 or 3, which Hyperliquid cannot express");
        if (point.x !== 0n) {
          const signature = signatureFromCommitment(digest, d, { r: point.x, kInverse: invert(k, N), parity: Number(point.y & 1n) });
          if (signature !== undefined) return signature;
        }
      }
      // RFC 6979 §3.2 step h.3: the candidate was unusable, step the generator.
      key = hmac(sha256, key, concat(v, 0x00));
      v = hmac(sha256, key, v);
    }
  } finally {
    x.fill(0);
    key.fill(0);
    v.fill(0);
  }
}

function concat(v: Uint8Array, separator: number, ...rest: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(v.length + 1 + rest.reduce((n, part) => n + part.length, 0));
  out.set(v, 0);
  out[v.length] = separator;
  let at = v.length + 1;
  for (const part of rest) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const SIGNATURE_HEX = /^0x[0-9a-fA-F]{1,64}$/;

/** r, s and the recovery id of a wire signature; r and s may be unpadded (the Python SDK drops leading zeros). */
export function parseSignature(signature: Signature): { r: bigint; s: bigint; recovery: number } {
  if (typeof signature !== "object" || signature === null) throw new Error("signature must be an object {r, s, v}");
  const { r, s, v } = signature;
  if (typeof r !== "string" || !SIGNATURE_HEX.test(r)) throw new Error("signature r must be 0x followed by 1 to 64 hex digits");
  if (typeof s !== "string" || !SIGNATURE_HEX.test(s)) throw new Error("signature s must be 0x followed by 1 to 64 hex digits");
  if (v !== 27 && v !== 28) throw new Error("signature v must be 27 or 28");
  const rValue = BigInt(r);
  const sValue = BigInt(s);
  if (rValue === 0n || rValue >= N) throw new Error("signature r is out of range");
  if (sValue === 0n || sValue >= N) throw new Error("signature s is out of range");
  return { r: rValue, s: sValue, recovery: v - 27 };
}
