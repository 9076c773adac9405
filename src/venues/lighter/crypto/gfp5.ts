/**
 * The quintic extension GF(p^5) = GF(p)[X]/(X^5 - 3) (SPEC §1.2). An element is five canonical limbs
 * [a0..a4] meaning sum a_i X^i. The arithmetic runs in the WebAssembly core (wasm/assembly/gfp5.ts);
 * these bigint-level functions are the boundary used by tests and the slow paths.
 */
import { GOLDILOCKS_P, fpFromU64 } from "./goldilocks.js";
import { type Core, IO_A, IO_B, IO_R, getCore, readLimbs, writeLimbs } from "./wasm/core.js";

export type Gfp5 = readonly [bigint, bigint, bigint, bigint, bigint];

export const GFP5_ZERO: Gfp5 = [0n, 0n, 0n, 0n, 0n];
export const GFP5_ONE: Gfp5 = [1n, 0n, 0n, 0n, 0n];

export function gfp5IsZero(a: Gfp5): boolean {
  return a[0] === 0n && a[1] === 0n && a[2] === 0n && a[3] === 0n && a[4] === 0n;
}

export function gfp5Equals(a: Gfp5, b: Gfp5): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

/** True for 5 bigint limbs each in [0, p). */
export function isCanonicalGfp5(x: unknown): x is Gfp5 {
  if (!Array.isArray(x) || x.length !== 5) return false;
  for (let i = 0; i < 5; i++) {
    const limb: unknown = x[i];
    if (typeof limb !== "bigint" || limb < 0n || limb >= GOLDILOCKS_P) return false;
  }
  return true;
}

function binary(op: (c: Core) => void, a: Gfp5, b: Gfp5): Gfp5 {
  const c = getCore();
  writeLimbs(c, IO_A, a);
  writeLimbs(c, IO_B, b);
  op(c);
  return readLimbs(c, IO_R);
}

function unary(op: (c: Core) => void, a: Gfp5): Gfp5 {
  const c = getCore();
  writeLimbs(c, IO_A, a);
  op(c);
  return readLimbs(c, IO_R);
}

export function gfp5Add(a: Gfp5, b: Gfp5): Gfp5 {
  return binary((c) => c.exports.g5_add(c.io + IO_R, c.io + IO_A, c.io + IO_B), a, b);
}

export function gfp5Sub(a: Gfp5, b: Gfp5): Gfp5 {
  return binary((c) => c.exports.g5_sub(c.io + IO_R, c.io + IO_A, c.io + IO_B), a, b);
}

export function gfp5Mul(a: Gfp5, b: Gfp5): Gfp5 {
  return binary((c) => c.exports.g5_mul(c.io + IO_R, c.io + IO_A, c.io + IO_B), a, b);
}

export function gfp5Square(a: Gfp5): Gfp5 {
  return unary((c) => c.exports.g5_square(c.io + IO_R, c.io + IO_A), a);
}

/** a^(p^k) for k in 1..4. */
export function gfp5Frobenius(a: Gfp5, k: 1 | 2 | 3 | 4 = 1): Gfp5 {
  return unary((c) => c.exports.g5_frobenius(c.io + IO_R, c.io + IO_A, k), a);
}

/** a^-1, with 0 mapping to 0 (Go's InverseOrZero). */
export function gfp5Inverse(a: Gfp5): Gfp5 {
  return unary((c) => c.exports.g5_inverse(c.io + IO_R, c.io + IO_A), a);
}

/** 1 for a non-zero square, p-1 for a non-square, 0 for 0 (Go's Legendre). */
export function gfp5Legendre(a: Gfp5): bigint {
  const c = getCore();
  writeLimbs(c, IO_A, a);
  return BigInt.asUintN(64, c.exports.g5_legendre(c.io + IO_A)); // i64 results arrive signed
}

/** Go's CanonicalSqrt: the square root whose limb 0 is odd, or null if x is not a square. */
export function gfp5CanonicalSqrt(x: Gfp5): Gfp5 | null {
  const c = getCore();
  writeLimbs(c, IO_A, x);
  return c.exports.g5_canonical_sqrt(c.io + IO_R, c.io + IO_A) ? readLimbs(c, IO_R) : null;
}

/** 40 bytes: five 8-byte little-endian limbs, limb 0 first. */
export function gfp5ToBytes(x: Gfp5): Uint8Array {
  const out = new Uint8Array(40);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 5; i++) {
    const limb = x[i]!;
    // The bigint % only when needed: canonical limbs (the usual case) are written as they are.
    view.setBigUint64(8 * i, limb >= 0n && limb < GOLDILOCKS_P ? limb : limb % GOLDILOCKS_P, true);
  }
  return out;
}

/** Reads 40 bytes; limbs >= p are accepted and reduced, as Go's FromCanonicalLittleEndianBytes does. */
export function gfp5FromBytes(bytes: Uint8Array): Gfp5 {
  if (bytes.length !== 40) throw new RangeError(`a GF(p^5) element is 40 bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 40);
  const limb = (i: number) => fpFromU64(view.getBigUint64(8 * i, true));
  return [limb(0), limb(1), limb(2), limb(3), limb(4)];
}
