/**
 * The Goldilocks prime field GF(p), p = 2^64 - 2^32 + 1 (SPEC §1.1). Elements are canonical bigints in
 * [0, p); the arithmetic runs in the WebAssembly core (wasm/assembly/goldilocks.ts).
 */
import { IO_R, getCore } from "./wasm/core.js";

// i64 results cross the WebAssembly boundary as signed bigints: BigInt.asUintN(64, ...) restores the u64.

export const GOLDILOCKS_P = 0xffffffff00000001n;

const P = GOLDILOCKS_P;
const U64_LIMIT = 1n << 64n;
const I64_MIN = -(1n << 63n);

/**
 * An integer entering the field as Go does it: a u64 (possibly >= p) is reduced mod p, and a negative
 * int64 is first reinterpreted as its two's-complement u64 (GoldilocksField(int64) -> uint64(x)).
 * Anything outside [-2^63, 2^64) cannot come from Go and is refused.
 */
export function fpFromU64(x: bigint): bigint {
  if (x < I64_MIN || x >= U64_LIMIT) throw new RangeError(`field input ${x} is outside [-2^63, 2^64)`);
  return (x < 0n ? x + U64_LIMIT : x) % P;
}

export function fpAdd(a: bigint, b: bigint): bigint {
  return BigInt.asUintN(64, getCore().exports.fp_add(a, b));
}

export function fpSub(a: bigint, b: bigint): bigint {
  return BigInt.asUintN(64, getCore().exports.fp_sub(a, b));
}

export function fpMul(a: bigint, b: bigint): bigint {
  return BigInt.asUintN(64, getCore().exports.fp_mul(a, b));
}

/** a^(p-2); 0 maps to 0. */
export function fpInverse(a: bigint): bigint {
  return BigInt.asUintN(64, getCore().exports.fp_inverse(a));
}

/** A square root of a (Tonelli-Shanks, as Go's SqrtF), or null when a is not a square. */
export function fpSqrt(a: bigint): bigint | null {
  const c = getCore();
  const out = c.io + IO_R;
  return c.exports.fp_sqrt(a, out) ? c.u64[out >> 3]! : null;
}
