/**
 * Uniform random scalars in [1, n) by rejection sampling (SPEC §1.7: k must be unbiased and never reused).
 * Random bytes come from crypto.getRandomValues in batches (one call per 64 scalars) and are drawn only
 * when a caller asks: Workers forbid randomness at module top level, so nothing here runs at import.
 */
import { SCALAR_BYTES, SCALAR_ORDER, leBytesToBigint } from "./scalar.js";

const SCALARS_PER_REFILL = 64;
/** n < 2^319, so clearing bit 319 keeps the acceptance rate at n / 2^319 > 1 - 2^-30. */
const TOP_BYTE_MASK = 0x7f;

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
  chunk[SCALAR_BYTES - 1] = chunk[SCALAR_BYTES - 1]! & TOP_BYTE_MASK;
  const v = leBytesToBigint(chunk);
  // Consumed bytes are wiped so the pool never holds a nonce or key that is already in use.
  chunk.fill(0);
  return v;
}

/** A fresh uniform scalar in [1, n). */
export function randomScalar(): bigint {
  for (;;) {
    const v = nextCandidate();
    if (v !== 0n && v < SCALAR_ORDER) return v;
  }
}
