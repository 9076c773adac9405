/**
 * The order-path signer. ECDSA's cost is k·G and k⁻¹, and neither depends on the message, so both are
 * done ahead of time for a fresh uniformly random k: a commitment (r = (k·G).x, k⁻¹ mod n, parity of
 * (k·G).y) waits in this isolate's memory, and a signature on the critical path is then
 * s = k⁻¹ (z + r·d) mod n plus the low-s flip: a few BigInt operations.
 *
 * Each commitment is removed from the pool when taken and never used twice (two signatures with one k
 * reveal the key); k itself is not kept, only what the signature needs. k is fresh randomness, not
 * RFC 6979, so these signatures are not reproducible; the deterministic signer is ecdsa.ts signDigest.
 *
 * Commitments made in a batch share two inversions (Montgomery's trick over the Z coordinates and over
 * the k's). A fresh isolate has an empty pool: its first signature computes one commitment inline, which
 * base-mul.ts keeps to one small multiplication (no table to build first).
 */
import { invert } from "@noble/curves/abstract/modular.js";
import { mulBase, mulBaseJacobian } from "./base-mul.js";
import { type Affine, N, toAffineBatch } from "./curve.js";
import { type Commitment, type Signature, signatureFromCommitment } from "./ecdsa.js";
import { privateKeyScalar } from "./keys.js";
import { randomScalar } from "./random.js";

/** Upper bound on the pool, so a caller's mistake cannot grow memory without limit. */
export const MAX_SIGNING_COMMITMENTS = 4096;

const pool: Commitment[] = [];

/**
 * A commitment from k and k·G, or undefined when x(k·G) ≥ n (r would then need recovery id 2 or 3, which
 * Hyperliquid's v cannot express; probability ~2^-128) or r = 0 (not a valid signature): the caller
 * draws another k.
 */
function commitmentFrom(kInverse: bigint, point: Affine): Commitment | undefined {
  if (point.x >= N || point.x === 0n) return undefined;
  return { r: point.x, kInverse, parity: Number(point.y & 1n) };
}

/** One commitment computed now (the fallback when the pool is empty). */
export function freshSigningCommitment(): Commitment {
  for (;;) {
    const k = randomScalar();
    const c = commitmentFrom(invert(k, N), mulBase(k));
    if (c !== undefined) return c;
  }
}

/**
 * Adds `count` commitments to the pool (never beyond MAX_SIGNING_COMMITMENTS in all) and returns the pool
 * size. Call it off the critical path, inside a request (Workers allow randomness only there), e.g. after
 * a response has been sent.
 */
export function precomputeSigningCommitments(count: number): number {
  const wanted = Math.max(0, Math.floor(Number.isFinite(count) ? count : 0));
  const goal = Math.min(pool.length + wanted, MAX_SIGNING_COMMITMENTS);
  if (pool.length >= goal) return pool.length;
  while (pool.length < goal) {
    const batch = Math.min(goal - pool.length, 64);
    const ks: bigint[] = [];
    for (let i = 0; i < batch; i++) ks.push(randomScalar());
    const points = toAffineBatch(ks.map(mulBaseJacobian));
    const inverses = invertBatchModN(ks);
    for (let i = 0; i < batch; i++) {
      const c = commitmentFrom(inverses[i]!, points[i]!);
      if (c !== undefined) pool.push(c);
    }
  }
  return pool.length;
}

/** How many commitments wait in the pool. */
export function signingCommitmentCount(): number {
  return pool.length;
}

/** A precomputed commitment, removed from the pool, or a fresh one when the pool is empty. */
export function takeSigningCommitment(): Commitment {
  return pool.pop() ?? freshSigningCommitment();
}

/**
 * Low-s ECDSA signature of a 32-byte digest with a fresh random k (from the pool when it has one). It
 * verifies and recovers exactly as a deterministic one does; only r and s differ.
 */
export function signDigestFast(digest: Uint8Array, privateKey: Uint8Array): Signature {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new Error("the digest must be 32 bytes");
  const d = privateKeyScalar(privateKey);
  for (;;) {
    const signature = signatureFromCommitment(digest, d, takeSigningCommitment());
    if (signature !== undefined) return signature;
  }
}

/** Inverses mod n of non-zero scalars with one inversion (Montgomery's trick). */
function invertBatchModN(values: readonly bigint[]): bigint[] {
  const prefix: bigint[] = new Array<bigint>(values.length);
  let acc = 1n;
  for (let i = 0; i < values.length; i++) {
    prefix[i] = acc;
    acc = (acc * values[i]!) % N;
  }
  let inv = invert(acc, N);
  const out: bigint[] = new Array<bigint>(values.length);
  for (let i = values.length - 1; i >= 0; i--) {
    out[i] = (inv * prefix[i]!) % N;
    inv = (inv * values[i]!) % N;
  }
  return out;
}
