// ECgFp5 group law in fractional (x, u) coordinates: a point is X, Z, U, T (4 x 40 bytes = 160 bytes)
// with x = X/Z, u = U/T; an affine point (Z = T = 1) stores only x, u (80 bytes).
// Curve y^2 = x(x^2 + 2x + b), b = 263*X. Formulas from poseidon_crypto curve/ecgfp5/point.go (complete).
import { fpAdd, fpMul, fpSub } from "./goldilocks";
import {
  g5Add, g5CanonicalSqrt, g5Copy, g5Double, g5Inverse, g5IsZero, g5Legendre, g5Mul, g5MulBase, g5Neg,
  g5SetBase, g5Square, g5Sub,
} from "./gfp5";

export const POINT_BYTES: usize = 160;
export const AFFINE_BYTES: usize = 80;

/** r = a*b for b = 263*X: limbs shift up one place (X^5 = 3) and scale by 263. */
function g5MulB(r: usize, a: usize): void {
  const a0 = load<u64>(a, 0), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24), a4 = load<u64>(a, 32);
  store<u64>(r, fpMul(a4, 789), 0);
  store<u64>(r, fpMul(a0, 263), 8);
  store<u64>(r, fpMul(a1, 263), 16);
  store<u64>(r, fpMul(a2, 263), 24);
  store<u64>(r, fpMul(a3, 263), 32);
}

export function pointSetNeutral(r: usize): void {
  g5SetBase(r, 0);
  g5SetBase(r + 40, 1);
  g5SetBase(r + 80, 0);
  g5SetBase(r + 120, 1);
}

const TA: usize = memory.data(40);
const TB: usize = memory.data(40);
const TC: usize = memory.data(40);
const TD: usize = memory.data(40);
const TE: usize = memory.data(40);
const TF: usize = memory.data(40);
const TG: usize = memory.data(40);
const TH: usize = memory.data(40);
const TI: usize = memory.data(40);
const TJ: usize = memory.data(40);
const TK: usize = memory.data(40);

/**
 * Limb k of the tail's linear steps, given limb k of a, b'B, c, d, e and Be: stores g = a + b'B,
 * K = b'B - a, I = 2(Be + g), J = d + 2c and E = e + g (fused: one pass instead of a call per step).
 */
// @ts-ignore: decorator
@inline function tailLimb(k: usize, a: u64, bB: u64, c: u64, d: u64, e: u64, eB: u64): void {
  const g = fpAdd(a, bB);
  store<u64>(TG + k, g);
  store<u64>(TK + k, fpSub(bB, a));
  const t = fpAdd(eB, g);
  store<u64>(TI + k, fpAdd(t, t));
  store<u64>(TJ + k, fpAdd(d, fpAdd(c, c)));
  store<u64>(TE + k, fpAdd(e, g));
}

/**
 * The tail shared by Add and AddAffine, given a = X1X2 (TA), b' = Z1Z2 (at bp), c = U1U2 (TC),
 * d = T1T2 (at dp), e (TE), f (TF):
 * g = a + b'B, h = d*g, i = c*(2Be + 2g), j = (d + 2c)(e + g);
 * X3 = (j - h)B, Z3 = h - i, U3 = f(b'B - a), T3 = h + i.
 * Multiplying by B = 263*X shifts limbs up one place (X^5 = 3, so limb 4 wraps to limb 0 times 789).
 * bp and dp may point into an input that r aliases: both are read before r is written.
 */
function addTail(r: usize, bp: usize, dp: usize): void {
  const b0 = load<u64>(bp, 0), b1 = load<u64>(bp, 8), b2 = load<u64>(bp, 16), b3 = load<u64>(bp, 24), b4 = load<u64>(bp, 32);
  const e0 = load<u64>(TE, 0), e1 = load<u64>(TE, 8), e2 = load<u64>(TE, 16), e3 = load<u64>(TE, 24), e4 = load<u64>(TE, 32);
  tailLimb(0, load<u64>(TA, 0), fpMul(b4, 789), load<u64>(TC, 0), load<u64>(dp, 0), e0, fpMul(e4, 789));
  tailLimb(8, load<u64>(TA, 8), fpMul(b0, 263), load<u64>(TC, 8), load<u64>(dp, 8), e1, fpMul(e0, 263));
  tailLimb(16, load<u64>(TA, 16), fpMul(b1, 263), load<u64>(TC, 16), load<u64>(dp, 16), e2, fpMul(e1, 263));
  tailLimb(24, load<u64>(TA, 24), fpMul(b2, 263), load<u64>(TC, 24), load<u64>(dp, 24), e3, fpMul(e2, 263));
  tailLimb(32, load<u64>(TA, 32), fpMul(b3, 263), load<u64>(TC, 32), load<u64>(dp, 32), e4, fpMul(e3, 263));
  g5Mul(TH, dp, TG); // h (dp is read here for the last time)
  g5Mul(TI, TC, TI); // i
  g5Mul(TJ, TJ, TE); // j
  g5Mul(r + 80, TF, TK); // U3
  const h0 = load<u64>(TH, 0), h1 = load<u64>(TH, 8), h2 = load<u64>(TH, 16), h3 = load<u64>(TH, 24), h4 = load<u64>(TH, 32);
  const i0 = load<u64>(TI, 0), i1 = load<u64>(TI, 8), i2 = load<u64>(TI, 16), i3 = load<u64>(TI, 24), i4 = load<u64>(TI, 32);
  store<u64>(r, fpMul(fpSub(load<u64>(TJ, 32), h4), 789), 0); // X3 = (j - h)B
  store<u64>(r, fpMul(fpSub(load<u64>(TJ, 0), h0), 263), 8);
  store<u64>(r, fpMul(fpSub(load<u64>(TJ, 8), h1), 263), 16);
  store<u64>(r, fpMul(fpSub(load<u64>(TJ, 16), h2), 263), 24);
  store<u64>(r, fpMul(fpSub(load<u64>(TJ, 24), h3), 263), 32);
  store<u64>(r, fpSub(h0, i0), 40); // Z3
  store<u64>(r, fpSub(h1, i1), 48);
  store<u64>(r, fpSub(h2, i2), 56);
  store<u64>(r, fpSub(h3, i3), 64);
  store<u64>(r, fpSub(h4, i4), 72);
  store<u64>(r, fpAdd(h0, i0), 120); // T3
  store<u64>(r, fpAdd(h1, i1), 128);
  store<u64>(r, fpAdd(h2, i2), 136);
  store<u64>(r, fpAdd(h3, i3), 144);
  store<u64>(r, fpAdd(h4, i4), 152);
}

/** r = p + q (complete, 10M). r may alias p or q. */
export function pointAdd(r: usize, p: usize, q: usize): void {
  g5Mul(TA, p, q);
  g5Mul(TB, p + 40, q + 40);
  g5Mul(TC, p + 80, q + 80);
  g5Mul(TD, p + 120, q + 120);
  g5Add(TE, p, p + 40);
  g5Add(TF, q, q + 40);
  g5Mul(TE, TE, TF);
  g5Sub(TE, TE, TA);
  g5Sub(TE, TE, TB); // e = (X1+Z1)(X2+Z2) - a - b'
  g5Add(TF, p + 80, p + 120);
  g5Add(TG, q + 80, q + 120);
  g5Mul(TF, TF, TG);
  g5Sub(TF, TF, TC);
  g5Sub(TF, TF, TD); // f = (U1+T1)(U2+T2) - c - d
  addTail(r, TB, TD);
}

const NEG_U: usize = memory.data(40);

/** r = p + (x, u) for an affine q = (x, u) (Z2 = T2 = 1, 8M); the sign of u is flipped when negate. */
export function pointAddAffine(r: usize, p: usize, q: usize, negate: bool): void {
  let qu = q + 40;
  if (negate) {
    g5Neg(NEG_U, qu);
    qu = NEG_U;
  }
  g5Mul(TA, p, q); // a = X1 x2
  g5Mul(TC, p + 80, qu); // c = U1 u2
  g5Mul(TE, p + 40, q);
  g5Add(TE, TE, p); // e = X1 + Z1 x2
  g5Mul(TF, p + 120, qu);
  g5Add(TF, TF, p + 80); // f = U1 + T1 u2
  addTail(r, p + 40, p + 120); // b' = Z1, d = T1
}

/** r = 2p (point.go SetDouble). r may alias p. */
export function pointDouble(r: usize, p: usize): void {
  g5Mul(TA, p + 40, p + 120); // t1 = Z T
  g5Mul(TB, TA, p + 120); // t2 = t1 T
  g5Square(TC, TB); // x1 = t2^2
  g5Mul(TD, TA, p + 80); // z1 = t1 U
  g5Square(TE, p + 80); // t3 = U^2
  g5Add(TF, p, p + 40);
  g5Mul(TF, TF, TE);
  g5Double(TF, TF);
  g5Sub(TF, TB, TF); // w1 = t2 - 2(X + Z) t3
  g5Square(TG, TD); // t4 = z1^2
  g5MulB(TH, TG);
  g5MulBase(r, TH, 4); // X' = 4B t4
  g5Add(TI, TF, TD);
  g5Square(TI, TI); // (w1 + z1)^2
  g5Square(r + 40, TF); // Z' = w1^2
  g5Sub(TI, TI, TG);
  g5Sub(r + 80, TI, r + 40); // U' = (w1+z1)^2 - t4 - Z'
  g5Double(TJ, TC);
  g5MulBase(TK, TG, 4);
  g5Sub(TJ, TJ, TK);
  g5Sub(r + 120, TJ, r + 40); // T' = 2 x1 - 4 t4 - Z'
}

export function pointNegate(r: usize, p: usize): void {
  if (r != p) memory.copy(r, p, POINT_BYTES);
  g5Neg(r + 80, p + 80);
}

const ENC_INV: usize = memory.data(40);

/** w = T/U (0 for the neutral point). */
export function pointEncode(w: usize, p: usize): void {
  g5Inverse(ENC_INV, p + 80);
  g5Mul(w, p + 120, ENC_INV);
}

const DEC_E: usize = memory.data(40);
const DEC_D: usize = memory.data(40);
const DEC_R: usize = memory.data(40);
const DEC_X1: usize = memory.data(40);
const DEC_X2: usize = memory.data(40);
const HALF: u64 = 9223372034707292161; // 1/2 mod p

/** r = the point encoded by w (Go's Decode); false when w encodes no point. */
export function pointDecode(r: usize, w: usize): bool {
  g5Square(DEC_E, w);
  store<u64>(DEC_E, fpSub(load<u64>(DEC_E), 2)); // e = w^2 - a, a = 2
  g5Square(DEC_D, DEC_E);
  g5SetBase(DEC_R, 4);
  g5MulB(DEC_R, DEC_R);
  g5Sub(DEC_D, DEC_D, DEC_R); // delta = e^2 - 4b
  if (!g5CanonicalSqrt(DEC_R, DEC_D)) {
    if (!g5IsZero(w)) return false;
    pointSetNeutral(r);
    return true;
  }
  g5Add(DEC_X1, DEC_E, DEC_R);
  g5MulBase(DEC_X1, DEC_X1, HALF);
  g5Sub(DEC_X2, DEC_E, DEC_R);
  g5MulBase(DEC_X2, DEC_X2, HALF);
  g5Copy(r, g5Legendre(DEC_X1) == 1 ? DEC_X2 : DEC_X1);
  g5SetBase(r + 40, 1);
  g5SetBase(r + 80, 1);
  g5Copy(r + 120, w);
  return true;
}
