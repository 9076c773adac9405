/**
 * secp256k1 ECDSA over a 32-byte digest as Hyperliquid expects it (SPEC §5): the digest is signed as-is
 * (no further hashing), s is normalised to the low half (s ≤ n/2, which flips the recovery id), and
 * v = 27 + recovery id. r and s go on the wire as 0x + 64 lowercase hex, zero-padded.
 *
 * Two signers share the last step (`signatureFromCommitment`):
 * - `signDigest`: RFC 6979 deterministic k, by @noble/curves (constant-time, blinded). Reproducible, so
 *   the vectors, the CLI and user-signed actions use it. noble builds its own table on the first call
 *   in an isolate (~40 ms here), so the order path does not use it.
 * - `signDigestFast` (commitments.ts): a fresh random k prepared ahead of time.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { HALF_N, N } from "./curve.js";
import { bytesToBigint, toHex32 } from "./hex.js";
import { addressFromPublicKeyXY, privateKeyScalar } from "./keys.js";

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

/** Deterministic (RFC 6979, HMAC-SHA256) low-s signature of a 32-byte digest. */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): Signature {
  checkDigest(digest);
  privateKeyScalar(privateKey); // the same key checks and messages as the fast path
  const bytes = secp256k1.sign(digest, privateKey, { prehash: false, lowS: true, format: "recovered" });
  const recovery = bytes[0]!;
  // Ids 2 and 3 (r ≥ n before reduction; probability ~2^-128) have no v in Hyperliquid's 27/28.
  if (recovery > 1) throw new Error("signature needs recovery id 2 or 3, which Hyperliquid cannot express");
  return { r: toHex32(bytesToBigint(bytes.subarray(1, 33))), s: toHex32(bytesToBigint(bytes.subarray(33, 65))), v: 27 + recovery };
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

/**
 * The address that made `signature` over `digest` (lowercase 0x + 40 hex). Any valid (r, s, v) recovers
 * to some address, so this is a check only when compared with the expected signer.
 */
export function recoverSigner(digest: Uint8Array, signature: Signature): string {
  checkDigest(digest);
  const { r, s, recovery } = parseSignature(signature);
  const point = new secp256k1.Signature(r, s, recovery).recoverPublicKey(digest);
  return addressFromPublicKeyXY(point.toBytes(false).subarray(1));
}
