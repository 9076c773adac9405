/**
 * Uniform random scalars in [1, n) by rejection sampling, for the signers' nonces k (Lighter's Schnorr
 * over ecgfp5, Hyperliquid's ECDSA over secp256k1): not `mod n`, so k is unbiased (a biased k leaks the
 * key over many signatures). Bytes come from crypto.getRandomValues in batches (one call per 64 scalars)
 * and only when a caller asks: Workers forbid randomness at module top level, so nothing runs at import.
 * Pure apart from the randomness: the same in workerd, Node and a browser.
 */

export interface ScalarField {
  /** Bytes drawn per candidate. */
  bytes: number;
  /** n: candidates at or above it are refused, and so is 0. */
  order: bigint;
  /** The candidate's integer (each field's own byte order). */
  fromBytes(chunk: Uint8Array): bigint;
  /** Bits to clear in one byte before reading, so a candidate is below a power of two just above n. */
  topByte?: { index: number; mask: number };
}

const SCALARS_PER_REFILL = 64;

/** A source of fresh uniform scalars in [1, n) for `field`, with its own pool of random bytes. */
export function uniformScalars(field: ScalarField): () => bigint {
  let pool: Uint8Array | undefined;
  let offset = 0;

  function nextCandidate(): bigint {
    if (pool === undefined) {
      pool = new Uint8Array(field.bytes * SCALARS_PER_REFILL);
      offset = pool.length;
    }
    if (offset >= pool.length) {
      crypto.getRandomValues(pool);
      offset = 0;
    }
    const chunk = pool.subarray(offset, offset + field.bytes);
    offset += field.bytes;
    if (field.topByte !== undefined) chunk[field.topByte.index] = chunk[field.topByte.index]! & field.topByte.mask;
    const value = field.fromBytes(chunk);
    // Consumed bytes are wiped so the pool never holds a nonce that is already in use.
    chunk.fill(0);
    return value;
  }

  return () => {
    for (;;) {
      const value = nextCandidate();
      if (value !== 0n && value < field.order) return value;
    }
  };
}
