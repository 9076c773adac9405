// Goldilocks arithmetic, p = 2^64 - 2^32 + 1, on canonical u64 values (every result is < p).
//
// WebAssembly has no 64x64->128 multiply, so products are formed from 32-bit halves. Instead of a
// 128-bit value per product, the four partial products are summed by 32-bit column:
//   value = A + B*2^32 + C*2^64 + D*2^96
// and `fold` reduces that once, using 2^64 = 2^32 - 1 and 2^96 = -1 (mod p). Sums of up to ~2^8
// products fit (each column stays below 2^40), which is what lets GF(p^5) reduce once per coefficient.

export const P: u64 = 0xffffffff00000001;
/** 2^64 - p = 2^32 - 1. */
export const EPSILON: u64 = 0xffffffff;
const LO: u64 = 0xffffffff;

/** A + B*2^32 + C*2^64 + D*2^96 mod p, canonical, for A, B, C, D < 2^40. */
// @ts-ignore: decorator
@inline export function fold(a: u64, b: u64, c: u64, d: u64): u64 {
  // value = A - C - D + (B + C)*2^32, and X*2^32 = (X mod 2^32)*2^32 + (X >> 32)*(2^32 - 1).
  const x = b + c;
  const u = (x & LO) << 32;
  const s = a + (x >> 32) * EPSILON;
  const n = c + d;
  let w = u + s;
  if (w < u) w += EPSILON; // carry out of 2^64 is worth 2^32 - 1
  let r = w - n;
  if (w < n) r -= EPSILON; // borrow: w - n + 2^64 - (2^64 - p)
  return r >= P ? r - P : r;
}

// @ts-ignore: decorator
@inline export function fpMul(x: u64, y: u64): u64 {
  const x0 = x & LO, x1 = x >> 32, y0 = y & LO, y1 = y >> 32;
  const p00 = x0 * y0, p01 = x0 * y1, p10 = x1 * y0, p11 = x1 * y1;
  return fold(p00 & LO, (p00 >> 32) + (p01 & LO) + (p10 & LO), (p01 >> 32) + (p10 >> 32) + (p11 & LO), p11 >> 32);
}

/** x0*y0 + ... + x4*y4 mod p with a single reduction. */
// @ts-ignore: decorator
@inline export function dot5(x0: u64, y0: u64, x1: u64, y1: u64, x2: u64, y2: u64, x3: u64, y3: u64, x4: u64, y4: u64): u64 {
  let a: u64 = 0, b: u64 = 0, c: u64 = 0, d: u64 = 0;
  let l: u64, h: u64, q: u64, m0: u64, m1: u64;
  l = x0 & LO; h = x0 >> 32; q = y0 & LO; m1 = y0 >> 32;
  m0 = l * q; a += m0 & LO; b += m0 >> 32; m0 = l * m1; b += m0 & LO; c += m0 >> 32;
  m0 = h * q; b += m0 & LO; c += m0 >> 32; m0 = h * m1; c += m0 & LO; d += m0 >> 32;
  l = x1 & LO; h = x1 >> 32; q = y1 & LO; m1 = y1 >> 32;
  m0 = l * q; a += m0 & LO; b += m0 >> 32; m0 = l * m1; b += m0 & LO; c += m0 >> 32;
  m0 = h * q; b += m0 & LO; c += m0 >> 32; m0 = h * m1; c += m0 & LO; d += m0 >> 32;
  l = x2 & LO; h = x2 >> 32; q = y2 & LO; m1 = y2 >> 32;
  m0 = l * q; a += m0 & LO; b += m0 >> 32; m0 = l * m1; b += m0 & LO; c += m0 >> 32;
  m0 = h * q; b += m0 & LO; c += m0 >> 32; m0 = h * m1; c += m0 & LO; d += m0 >> 32;
  l = x3 & LO; h = x3 >> 32; q = y3 & LO; m1 = y3 >> 32;
  m0 = l * q; a += m0 & LO; b += m0 >> 32; m0 = l * m1; b += m0 & LO; c += m0 >> 32;
  m0 = h * q; b += m0 & LO; c += m0 >> 32; m0 = h * m1; c += m0 & LO; d += m0 >> 32;
  l = x4 & LO; h = x4 >> 32; q = y4 & LO; m1 = y4 >> 32;
  m0 = l * q; a += m0 & LO; b += m0 >> 32; m0 = l * m1; b += m0 & LO; c += m0 >> 32;
  m0 = h * q; b += m0 & LO; c += m0 >> 32; m0 = h * m1; c += m0 & LO; d += m0 >> 32;
  return fold(a, b, c, d);
}

/** x0*y0 + x1*y1 + x2*y2 mod p with a single reduction (squarings in GF(p^5)). */
// @ts-ignore: decorator
@inline export function dot3(x0: u64, y0: u64, x1: u64, y1: u64, x2: u64, y2: u64): u64 {
  let a: u64 = 0, b: u64 = 0, c: u64 = 0, d: u64 = 0;
  let l: u64, h: u64, q: u64, m0: u64, m1: u64;
  l = x0 & LO; h = x0 >> 32; q = y0 & LO; m1 = y0 >> 32;
  m0 = l * q; a += m0 & LO; b += m0 >> 32; m0 = l * m1; b += m0 & LO; c += m0 >> 32;
  m0 = h * q; b += m0 & LO; c += m0 >> 32; m0 = h * m1; c += m0 & LO; d += m0 >> 32;
  l = x1 & LO; h = x1 >> 32; q = y1 & LO; m1 = y1 >> 32;
  m0 = l * q; a += m0 & LO; b += m0 >> 32; m0 = l * m1; b += m0 & LO; c += m0 >> 32;
  m0 = h * q; b += m0 & LO; c += m0 >> 32; m0 = h * m1; c += m0 & LO; d += m0 >> 32;
  l = x2 & LO; h = x2 >> 32; q = y2 & LO; m1 = y2 >> 32;
  m0 = l * q; a += m0 & LO; b += m0 >> 32; m0 = l * m1; b += m0 & LO; c += m0 >> 32;
  m0 = h * q; b += m0 & LO; c += m0 >> 32; m0 = h * m1; c += m0 & LO; d += m0 >> 32;
  return fold(a, b, c, d);
}

// @ts-ignore: decorator
@inline export function fpAdd(x: u64, y: u64): u64 {
  // x + y - p without overflow: x - (p - y) borrows exactly when x + y < p.
  const t = P - y;
  return x >= t ? x - t : x + y;
}

// @ts-ignore: decorator
@inline export function fpSub(x: u64, y: u64): u64 {
  return x >= y ? x - y : x - y + P;
}

// @ts-ignore: decorator
@inline export function fpNeg(x: u64): u64 {
  return x == 0 ? 0 : P - x;
}

/** A u64 entering the field (Go stores u64 >= p as is; every serializer reduces). */
// @ts-ignore: decorator
@inline export function fpCanonical(x: u64): u64 {
  return x >= P ? x - P : x;
}

export function fpPow(base: u64, exponent: u64): u64 {
  let r: u64 = 1;
  let b = base;
  let e = exponent;
  while (e != 0) {
    if (e & 1) r = fpMul(r, b);
    b = fpMul(b, b);
    e >>= 1;
  }
  return r;
}

/** x^(p-2); 0 maps to 0 (InverseOrZero). */
export function fpInverse(x: u64): u64 {
  return fpPow(x, P - 2);
}

/** 1 for a non-zero square, p-1 for a non-square, 0 for 0. */
export function fpLegendre(x: u64): u64 {
  return fpPow(x, (P - 1) >> 1);
}

/** A primitive 2^32-th root of unity (POWER_OF_TWO_GENERATOR). */
const TWO_ADIC_ROOT: u64 = 7277203076849721926;
/** (p - 1) = 2^32 * ODD. */
const ODD: u64 = 0xffffffff;

/** Square root by Tonelli-Shanks; returns false (and leaves *out alone) when x is not a square. */
export function fpSqrt(x: u64, out: usize): bool {
  if (x == 0) {
    store<u64>(out, 0);
    return true;
  }
  if (fpLegendre(x) != 1) return false;
  let m: i32 = 32;
  let c = TWO_ADIC_ROOT;
  let t = fpPow(x, ODD);
  let r = fpPow(x, (ODD + 1) >> 1);
  while (t != 1) {
    let i: i32 = 0;
    let t2i = t;
    while (t2i != 1) {
      t2i = fpMul(t2i, t2i);
      i++;
    }
    let b = c;
    for (let j: i32 = 0; j < m - i - 1; j++) b = fpMul(b, b);
    m = i;
    c = fpMul(b, b);
    t = fpMul(t, c);
    r = fpMul(r, b);
  }
  store<u64>(out, r);
  return true;
}
