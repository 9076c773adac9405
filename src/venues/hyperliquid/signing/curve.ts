/**
 * secp256k1 arithmetic for multiplying the generator G: the one curve operation on the signing path
 * (k·G for a signature's nonce, d·G for the signer's address). Own code rather than @noble/curves'
 * Point because noble's curve module takes ~6 ms to load in a fresh isolate and builds a 2080-point
 * table (~40 ms here) on its first secret multiplication, while a fresh isolate's first signature must
 * stay within a few milliseconds (base-mul.ts). noble remains the reference: the tests check every
 * result here against it and against the vectors.
 *
 * Not constant-time (BigInt arithmetic never is, and additions are skipped for zero digits). README
 * "Security notes" explains why the gateway accepts that for its signing fast path.
 *
 * Points are Jacobian (X, Y, Z) standing for (X/Z², Y/Z³), with Z = 0 the point at infinity; table
 * entries are affine so that additions can use the cheaper mixed formulas. Formulas: dbl-2009-l and
 * madd-2007-bl from the Explicit-Formulas Database (a = 0).
 */
import { invert } from "@noble/curves/abstract/modular.js";

/** Field prime p = 2^256 − 2^32 − 977. */
export const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
/** Group order n. */
export const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const HALF_N = N >> 1n;
export const GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n;
export const GY = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n;

/**
 * x mod p. A plain BigInt `%`: folding the high half back in (2^256 ≡ 2^32 + 977) is ~14% faster once
 * the JIT has compiled it, but ~1 ms slower over a fresh isolate's first multiplications (more BigInt
 * operations to interpret), and the first signature is the one with a budget.
 */
function reduce(x: bigint): bigint {
  return x % P;
}

const mul = (a: bigint, b: bigint): bigint => reduce(a * b);
const sqr = (a: bigint): bigint => reduce(a * a);
const add = (a: bigint, b: bigint): bigint => {
  const s = a + b;
  return s >= P ? s - P : s;
};
const sub = (a: bigint, b: bigint): bigint => {
  const d = a - b;
  return d < 0n ? d + P : d;
};
const twice = (a: bigint): bigint => add(a, a);

export interface Affine {
  readonly x: bigint;
  readonly y: bigint;
}

export interface Jacobian {
  readonly x: bigint;
  readonly y: bigint;
  readonly z: bigint;
}

export const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };
export const G: Affine = { x: GX, y: GY };

export function fromAffine(p: Affine): Jacobian {
  return { x: p.x, y: p.y, z: 1n };
}

/** 2·p (dbl-2009-l: 2M + 5S). */
export function double(p: Jacobian): Jacobian {
  if (p.z === 0n) return p;
  const a = sqr(p.x);
  const b = sqr(p.y);
  const c = sqr(b);
  const d = twice(sub(sub(sqr(add(p.x, b)), a), c));
  const e = add(twice(a), a);
  const x = sub(sqr(e), twice(d));
  const y = sub(mul(e, sub(d, x)), twice(twice(twice(c))));
  return { x, y, z: twice(mul(p.y, p.z)) };
}

/** p + q for an affine q (madd-2007-bl: 7M + 4S), with the equal and opposite cases handled. */
export function addAffine(p: Jacobian, q: Affine): Jacobian {
  if (p.z === 0n) return fromAffine(q);
  const z1z1 = sqr(p.z);
  const h = sub(mul(q.x, z1z1), p.x);
  const r0 = sub(mul(q.y, mul(p.z, z1z1)), p.y);
  if (h === 0n) return r0 === 0n ? double(p) : INFINITY;
  const hh = sqr(h);
  const i = twice(twice(hh));
  const j = mul(h, i);
  const r = twice(r0);
  const v = mul(p.x, i);
  const x = sub(sub(sqr(r), j), twice(v));
  const y = sub(mul(r, sub(v, x)), twice(mul(p.y, j)));
  const z = sub(sub(sqr(add(p.z, h)), z1z1), hh);
  return { x, y, z };
}

/** The affine form of p (one field inversion). Throws for the point at infinity. */
export function toAffine(p: Jacobian): Affine {
  if (p.z === 0n) throw new Error("point at infinity has no affine form");
  const zi = invert(p.z, P);
  const zi2 = sqr(zi);
  return { x: mul(p.x, zi2), y: mul(p.y, mul(zi2, zi)) };
}

/** Affine forms of many points with one inversion (Montgomery's trick: 3 multiplications each). */
export function toAffineBatch(points: readonly Jacobian[]): Affine[] {
  const prefix: bigint[] = new Array<bigint>(points.length);
  let acc = 1n;
  for (let i = 0; i < points.length; i++) {
    const z = points[i]!.z;
    if (z === 0n) throw new Error("point at infinity has no affine form");
    prefix[i] = acc;
    acc = mul(acc, z);
  }
  let inv = invert(acc, P);
  const out: Affine[] = new Array<Affine>(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    const zi = mul(inv, prefix[i]!);
    inv = mul(inv, p.z);
    const zi2 = sqr(zi);
    out[i] = { x: mul(p.x, zi2), y: mul(p.y, mul(zi2, zi)) };
  }
  return out;
}

/** Whether (x, y) satisfies y² = x³ + 7 (used by the tests). */
export function isOnCurve(p: Affine): boolean {
  return sqr(p.y) === add(mul(sqr(p.x), p.x), 7n);
}
