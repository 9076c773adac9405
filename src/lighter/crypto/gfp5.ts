/**
 * The quintic extension GF(p^5) = GF(p)[X]/(X^5 - 3) (SPEC §1.2, goldilocks_quintic_extension.go).
 * An element is five canonical limbs [a0..a4] meaning sum a_i X^i.
 */
import { GOLDILOCKS_P, fpFromU64, fpInverse, fpLegendre, fpSqrt } from "./goldilocks.js";

export type Gfp5 = readonly [bigint, bigint, bigint, bigint, bigint];

const P = GOLDILOCKS_P;
/** X^5 = W. */
const W = 3n;
/** 3^((p-1)/5): the Frobenius map multiplies limb i by DTH_ROOT^i. */
const DTH_ROOT = 1041288259238279555n;

export const GFP5_ZERO: Gfp5 = [0n, 0n, 0n, 0n, 0n];
export const GFP5_ONE: Gfp5 = [1n, 0n, 0n, 0n, 0n];

export function gfp5FromBase(a: bigint): Gfp5 {
  return [a % P, 0n, 0n, 0n, 0n];
}

export function gfp5IsZero(a: Gfp5): boolean {
  return a[0] === 0n && a[1] === 0n && a[2] === 0n && a[3] === 0n && a[4] === 0n;
}

export function gfp5Equals(a: Gfp5, b: Gfp5): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

export function gfp5Add(a: Gfp5, b: Gfp5): Gfp5 {
  return [(a[0] + b[0]) % P, (a[1] + b[1]) % P, (a[2] + b[2]) % P, (a[3] + b[3]) % P, (a[4] + b[4]) % P];
}

export function gfp5Sub(a: Gfp5, b: Gfp5): Gfp5 {
  return [
    (a[0] - b[0] + P) % P,
    (a[1] - b[1] + P) % P,
    (a[2] - b[2] + P) % P,
    (a[3] - b[3] + P) % P,
    (a[4] - b[4] + P) % P,
  ];
}

export function gfp5Neg(a: Gfp5): Gfp5 {
  return gfp5Sub(GFP5_ZERO, a);
}

/** Multiplies every limb by a base-field scalar. */
export function gfp5MulBase(a: Gfp5, k: bigint): Gfp5 {
  return [(a[0] * k) % P, (a[1] * k) % P, (a[2] * k) % P, (a[3] * k) % P, (a[4] * k) % P];
}

export function gfp5Mul(a: Gfp5, b: Gfp5): Gfp5 {
  const [a0, a1, a2, a3, a4] = a;
  const [b0, b1, b2, b3, b4] = b;
  // One reduction per output coefficient: the products are summed exactly first.
  return [
    (a0 * b0 + W * (a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1)) % P,
    (a0 * b1 + a1 * b0 + W * (a2 * b4 + a3 * b3 + a4 * b2)) % P,
    (a0 * b2 + a1 * b1 + a2 * b0 + W * (a3 * b4 + a4 * b3)) % P,
    (a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + W * a4 * b4) % P,
    (a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0) % P,
  ];
}

export function gfp5Square(a: Gfp5): Gfp5 {
  return gfp5Mul(a, a);
}

/** a^(2^n) by n squarings. */
export function gfp5SquareN(a: Gfp5, n: number): Gfp5 {
  let r = a;
  for (let i = 0; i < n; i++) r = gfp5Square(r);
  return r;
}

const FROBENIUS_TWISTS: readonly (readonly bigint[])[] = [1n, 2n, 3n, 4n].map((k) => {
  const z = powBase(DTH_ROOT, k);
  return [1n, z, (z * z) % P, (z * z * z) % P, (((z * z) % P) * ((z * z) % P)) % P];
});

function powBase(b: bigint, e: bigint): bigint {
  let r = 1n;
  for (let i = 0n; i < e; i++) r = (r * b) % P;
  return r;
}

/** a^(p^k) for k in 1..4. */
export function gfp5Frobenius(a: Gfp5, k: 1 | 2 | 3 | 4 = 1): Gfp5 {
  const z = FROBENIUS_TWISTS[k - 1]!;
  return [a[0], (a[1] * z[1]!) % P, (a[2] * z[2]!) % P, (a[3] * z[3]!) % P, (a[4] * z[4]!) % P];
}

/** The base-field coefficient 0 of a*f, for f whose product with a is known to lie in GF(p). */
function productInBase(a: Gfp5, f: Gfp5): bigint {
  return (a[0] * f[0] + W * (a[1] * f[4] + a[2] * f[3] + a[3] * f[2] + a[4] * f[1])) % P;
}

/** a^-1, with 0 mapping to 0 (Go's InverseOrZero; Encode of the neutral point relies on it). */
export function gfp5Inverse(a: Gfp5): Gfp5 {
  // a^(r-1) with r = 1 + p + p^2 + p^3 + p^4 through Frobenius maps, so a * a^(r-1) = N(a) lies in GF(p).
  const d = gfp5Frobenius(a, 1);
  const e = gfp5Mul(d, gfp5Frobenius(d, 1));
  const f = gfp5Mul(e, gfp5Frobenius(e, 2));
  const g = productInBase(a, f);
  return gfp5MulBase(f, fpInverse(g));
}

/** 1 for a non-zero square, p-1 for a non-square, 0 for 0 (via the norm, as Go's Legendre). */
export function gfp5Legendre(a: Gfp5): bigint {
  const d = gfp5Frobenius(a, 1);
  const e = gfp5Mul(d, gfp5Frobenius(d, 1));
  const f = gfp5Mul(e, gfp5Frobenius(e, 2));
  return fpLegendre(productInBase(a, f));
}

/** A square root of x, or null if x is not a square (Go's Sqrt). */
export function gfp5Sqrt(x: Gfp5): Gfp5 | null {
  const v = gfp5SquareN(x, 31);
  const d = gfp5Mul(gfp5Mul(x, gfp5SquareN(v, 32)), gfp5Inverse(v));
  const e = gfp5Frobenius(gfp5Mul(d, gfp5Frobenius(d, 2)), 1);
  const f = gfp5Square(e);
  const g = productInBase(x, f);
  const s = fpSqrt(g);
  if (s === null) return null;
  return gfp5MulBase(gfp5Inverse(e), s);
}

/** Go's Sgn0 collapses to "limb 0 is even". */
export function gfp5Sgn0(x: Gfp5): boolean {
  return (x[0] & 1n) === 0n;
}

/** The square root normalised so that Sgn0 is false (Go's CanonicalSqrt). */
export function gfp5CanonicalSqrt(x: Gfp5): Gfp5 | null {
  const r = gfp5Sqrt(x);
  if (r === null) return null;
  return gfp5Sgn0(r) ? gfp5Neg(r) : r;
}

/** 40 bytes: five 8-byte little-endian limbs, limb 0 first. */
export function gfp5ToBytes(x: Gfp5): Uint8Array {
  const out = new Uint8Array(40);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 5; i++) view.setBigUint64(8 * i, x[i]! % P, true);
  return out;
}

/** Reads 40 bytes; limbs >= p are accepted and reduced, as Go's FromCanonicalLittleEndianBytes does. */
export function gfp5FromBytes(bytes: Uint8Array): Gfp5 {
  if (bytes.length !== 40) throw new RangeError(`a GF(p^5) element is 40 bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 40);
  const limb = (i: number) => fpFromU64(view.getBigUint64(8 * i, true));
  return [limb(0), limb(1), limb(2), limb(3), limb(4)];
}

