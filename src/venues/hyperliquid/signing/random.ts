/**
 * Uniform random scalars in [1, n) for the order-path signer's k. Rejection sampling, not `mod n`, so k
 * is unbiased (a biased k leaks the key over many signatures). Bytes come from crypto.getRandomValues
 * in batches (one call per 64 scalars) and only when a caller asks: Workers forbid randomness at module
 * top level, so nothing here runs at import.
 */
import { N } from "./curve.js";
import { bytesToBigint } from "./hex.js";

const SCALAR_BYTES = 32;
const SCALARS_PER_REFILL = 64;

let pool: Uint8Array | undefined;
let offset = 0;

function nextCandidate(): bigint {
  if (pool === undefined) {
    pool = new Uint8Array(SCALAR_BYTES * SCALARS_PER_REFILL);
    offset = pool.length;
  }
  if (offset >= pool.length) {
    crypto.getRandomValues(pool);
    offset = 0;
  }
  const chunk = pool.subarray(offset, offset + SCALAR_BYTES);
  offset += SCALAR_BYTES;
  const value = bytesToBigint(chunk);
  // Consumed bytes are wiped so the pool never holds a nonce that is already in use.
  chunk.fill(0);
  return value;
}

/** A fresh uniform scalar in [1, n). n > 2^256 − 2^129, so a candidate is refused with probability < 2^-127. */
export function randomScalar(): bigint {
  for (;;) {
    const value = nextCandidate();
    if (value !== 0n && value < N) return value;
  }
}
