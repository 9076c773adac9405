/**
 * The ECgFp5 group (SPEC §1.4, poseidon_crypto curve/ecgfp5, a port of Pornin's ecgfp5):
 * y^2 = x(x^2 + a x + b) over GF(p^5), a = 2, b = 263·X, prime order n, neutral N = (0, 0).
 * Points are kept in fractional (x, u) coordinates (X:Z, U:T), x = X/Z, u = x/y = U/T; the formulas are
 * complete (no special cases).
 */
import {
  type Gfp5,
  GFP5_ONE,
  GFP5_ZERO,
  gfp5Add,
  gfp5CanonicalSqrt,
  gfp5Equals,
  gfp5FromBytes,
  gfp5Inverse,
  gfp5IsZero,
  gfp5Legendre,
  gfp5Mul,
  gfp5MulBase,
  gfp5Neg,
  gfp5Square,
  gfp5Sub,
  gfp5ToBytes,
} from "./gfp5.js";

export interface CurvePoint {
  readonly x: Gfp5;
  readonly z: Gfp5;
  readonly u: Gfp5;
  readonly t: Gfp5;
}

const A: Gfp5 = [2n, 0n, 0n, 0n, 0n];
const B1 = 263n; // b = B1·X: multiplying by b shifts limbs up by one (X^5 = 3) and scales by 263.

/** x·b for b = 263·X. */
function mulByB(a: Gfp5): Gfp5 {
  return gfp5MulBase([3n * a[4], a[0], a[1], a[2], a[3]], B1);
}

export const NEUTRAL: CurvePoint = { x: GFP5_ZERO, z: GFP5_ONE, u: GFP5_ZERO, t: GFP5_ONE };

/** GENERATOR_ECgFp5Point; Encode(G) = [4, 0, 0, 0, 0]. */
export const GENERATOR: CurvePoint = {
  x: [12883135586176881569n, 4356519642755055268n, 5248930565894896907n, 2165973894480315022n, 2448410071095648785n],
  z: GFP5_ONE,
  u: GFP5_ONE,
  t: [4n, 0n, 0n, 0n, 0n],
};

/** Complete addition (point.go Add). */
export function pointAdd(p: CurvePoint, q: CurvePoint): CurvePoint {
  const a = gfp5Mul(p.x, q.x);
  const b = gfp5Mul(p.z, q.z);
  const c = gfp5Mul(p.u, q.u);
  const d = gfp5Mul(p.t, q.t);
  const e = gfp5Sub(gfp5Sub(gfp5Mul(gfp5Add(p.x, p.z), gfp5Add(q.x, q.z)), a), b);
  const f = gfp5Sub(gfp5Sub(gfp5Mul(gfp5Add(p.u, p.t), gfp5Add(q.u, q.t)), c), d);
  const bB = mulByB(b);
  const g = gfp5Add(a, bB);
  const h = gfp5Mul(d, g);
  const eB2 = gfp5MulBase(mulByB(e), 2n);
  const i = gfp5Mul(c, gfp5Add(eB2, gfp5MulBase(g, 2n)));
  const j = gfp5Mul(gfp5Add(d, gfp5MulBase(c, 2n)), gfp5Add(e, g));
  return {
    x: mulByB(gfp5Sub(j, h)),
    z: gfp5Sub(h, i),
    u: gfp5Mul(f, gfp5Sub(bB, a)),
    t: gfp5Add(h, i),
  };
}

/** Doubling (point.go SetDouble). */
export function pointDouble(p: CurvePoint): CurvePoint {
  const t1 = gfp5Mul(p.z, p.t);
  const t2 = gfp5Mul(t1, p.t);
  const x1 = gfp5Square(t2);
  const z1 = gfp5Mul(t1, p.u);
  const t3 = gfp5Square(p.u);
  const w1 = gfp5Sub(t2, gfp5MulBase(gfp5Mul(gfp5Add(p.x, p.z), t3), 2n));
  const t4 = gfp5Square(z1);
  const z = gfp5Square(w1);
  return {
    x: gfp5MulBase(mulByB(t4), 4n),
    z,
    u: gfp5Sub(gfp5Sub(gfp5Square(gfp5Add(w1, z1)), t4), z),
    t: gfp5Sub(gfp5Sub(gfp5MulBase(x1, 2n), gfp5MulBase(t4, 4n)), z),
  };
}

export function pointNeg(p: CurvePoint): CurvePoint {
  return { x: p.x, z: p.z, u: gfp5Neg(p.u), t: p.t };
}

/** k·P for any non-negative integer k (MSB-first double-and-add; not constant-time). */
export function pointMul(p: CurvePoint, k: bigint): CurvePoint {
  if (k < 0n) throw new RangeError("scalar must be non-negative");
  let acc = NEUTRAL;
  for (let i = k.toString(2).length - 1; i >= 0; i--) {
    acc = pointDouble(acc);
    if ((k >> BigInt(i)) & 1n) acc = pointAdd(acc, p);
  }
  return acc;
}

/** k·G. */
export function mulGenerator(k: bigint): CurvePoint {
  return pointMul(GENERATOR, k);
}

/** w = T/U = y/x, the 40-byte-serialisable encoding; the neutral point encodes to 0. */
export function encodePoint(p: CurvePoint): Gfp5 {
  return gfp5Mul(p.t, gfp5Inverse(p.u));
}

export function encodePointToBytes(p: CurvePoint): Uint8Array {
  return gfp5ToBytes(encodePoint(p));
}

/** Group equality in fractional coordinates: u1·t2 = u2·t1 identifies the point (w is injective). */
export function pointEquals(p: CurvePoint, q: CurvePoint): boolean {
  return gfp5Equals(gfp5Mul(p.u, q.t), gfp5Mul(q.u, p.t));
}

/** 1/2 mod p = (p + 1) / 2. */
const HALF = 9223372034707292161n;

/** Decode(w): the point with encoding w, or null when w encodes no point (Go's Decode). */
export function decodePoint(w: Gfp5): CurvePoint | null {
  const e = gfp5Sub(gfp5Square(w), A);
  const delta = gfp5Sub(gfp5Square(e), gfp5MulBase(mulByB(GFP5_ONE), 4n));
  const r = gfp5CanonicalSqrt(delta);
  if (r === null) return gfp5IsZero(w) ? NEUTRAL : null;
  const x1 = gfp5MulBase(gfp5Add(e, r), HALF);
  const x2 = gfp5MulBase(gfp5Sub(e, r), HALF);
  const x = gfp5Legendre(x1) === 1n ? x2 : x1;
  return { x, z: GFP5_ONE, u: GFP5_ONE, t: w };
}

export function decodePointFromBytes(bytes: Uint8Array): CurvePoint | null {
  if (bytes.length !== 40) return null;
  return decodePoint(gfp5FromBytes(bytes));
}
