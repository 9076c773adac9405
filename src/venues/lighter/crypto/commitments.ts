/**
 * Schnorr commitments (k, r = Encode(k·G)) made ahead of time, so a signature on the critical path costs
 * only the challenge hash and scalar arithmetic. They live in this isolate's memory only, and each one is
 * removed from the pool when taken: a k used twice would reveal the private key.
 */
import { encodedMulGenerator } from "./ecgfp5.js";
import type { Gfp5 } from "./gfp5.js";
import { randomScalar } from "./random.js";

export interface Commitment {
  readonly k: bigint;
  readonly r: Gfp5;
}

/** Upper bound on the pool, so a caller's mistake cannot grow memory without limit. */
export const MAX_PRECOMPUTED_COMMITMENTS = 4096;

const pool: Commitment[] = [];

/** A fresh commitment with a uniform k in [1, n). */
export function freshCommitment(): Commitment {
  const k = randomScalar();
  return { k, r: encodedMulGenerator(k) };
}

/**
 * Tops the pool up to `target` commitments (capped at MAX_PRECOMPUTED_COMMITMENTS); call it off the
 * critical path (e.g. after a response is sent). Must run inside a request in Workers (it draws randomness).
 * Returns the pool size.
 */
export function precomputeCommitments(target: number): number {
  const goal = Math.min(Math.max(0, Math.floor(target)), MAX_PRECOMPUTED_COMMITMENTS);
  while (pool.length < goal) pool.push(freshCommitment());
  return pool.length;
}

export function precomputedCommitmentCount(): number {
  return pool.length;
}

/** A precomputed commitment, removed from the pool, or a fresh one when the pool is empty. */
export function takeCommitment(): Commitment {
  return pool.pop() ?? freshCommitment();
}
