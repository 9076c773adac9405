// GF(p^5) = GF(p)[X]/(X^5 - 3) on elements stored in linear memory: 5 canonical u64 limbs, 40 bytes.
// Every function reads all its inputs before writing, so the result may alias an operand.
import { P, dot3, dot5, fpAdd, fpInverse, fpLegendre, fpMul, fpNeg, fpSqrt, fpSub } from "./goldilocks";

// @ts-ignore: decorator
@inline function mul3(x: u64): u64 {
  return fpAdd(fpAdd(x, x), x);
}

export function g5Copy(r: usize, a: usize): void {
  memory.copy(r, a, 40);
}

export function g5SetBase(r: usize, x: u64): void {
  store<u64>(r, x, 0);
  store<u64>(r, 0, 8);
  store<u64>(r, 0, 16);
  store<u64>(r, 0, 24);
  store<u64>(r, 0, 32);
}

export function g5IsZero(a: usize): bool {
  return (load<u64>(a, 0) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24) | load<u64>(a, 32)) == 0;
}

export function g5Add(r: usize, a: usize, b: usize): void {
  store<u64>(r, fpAdd(load<u64>(a, 0), load<u64>(b, 0)), 0);
  store<u64>(r, fpAdd(load<u64>(a, 8), load<u64>(b, 8)), 8);
  store<u64>(r, fpAdd(load<u64>(a, 16), load<u64>(b, 16)), 16);
  store<u64>(r, fpAdd(load<u64>(a, 24), load<u64>(b, 24)), 24);
  store<u64>(r, fpAdd(load<u64>(a, 32), load<u64>(b, 32)), 32);
}

export function g5Sub(r: usize, a: usize, b: usize): void {
  store<u64>(r, fpSub(load<u64>(a, 0), load<u64>(b, 0)), 0);
  store<u64>(r, fpSub(load<u64>(a, 8), load<u64>(b, 8)), 8);
  store<u64>(r, fpSub(load<u64>(a, 16), load<u64>(b, 16)), 16);
  store<u64>(r, fpSub(load<u64>(a, 24), load<u64>(b, 24)), 24);
  store<u64>(r, fpSub(load<u64>(a, 32), load<u64>(b, 32)), 32);
}

export function g5Neg(r: usize, a: usize): void {
  store<u64>(r, fpNeg(load<u64>(a, 0)), 0);
  store<u64>(r, fpNeg(load<u64>(a, 8)), 8);
  store<u64>(r, fpNeg(load<u64>(a, 16)), 16);
  store<u64>(r, fpNeg(load<u64>(a, 24)), 24);
  store<u64>(r, fpNeg(load<u64>(a, 32)), 32);
}

/** r = a * k for a base-field k. */
export function g5MulBase(r: usize, a: usize, k: u64): void {
  store<u64>(r, fpMul(load<u64>(a, 0), k), 0);
  store<u64>(r, fpMul(load<u64>(a, 8), k), 8);
  store<u64>(r, fpMul(load<u64>(a, 16), k), 16);
  store<u64>(r, fpMul(load<u64>(a, 24), k), 24);
  store<u64>(r, fpMul(load<u64>(a, 32), k), 32);
}

/** r = 2a. */
export function g5Double(r: usize, a: usize): void {
  g5Add(r, a, a);
}

export function g5Mul(r: usize, a: usize, b: usize): void {
  const a0 = load<u64>(a, 0), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24), a4 = load<u64>(a, 32);
  const b0 = load<u64>(b, 0), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24), b4 = load<u64>(b, 32);
  // X^5 = 3: the wrapped-around products carry a factor 3, folded into b first (one reduction per coefficient).
  const w1 = mul3(b1), w2 = mul3(b2), w3 = mul3(b3), w4 = mul3(b4);
  store<u64>(r, dot5(a0, b0, a1, w4, a2, w3, a3, w2, a4, w1), 0);
  store<u64>(r, dot5(a0, b1, a1, b0, a2, w4, a3, w3, a4, w2), 8);
  store<u64>(r, dot5(a0, b2, a1, b1, a2, b0, a3, w4, a4, w3), 16);
  store<u64>(r, dot5(a0, b3, a1, b2, a2, b1, a3, b0, a4, w4), 24);
  store<u64>(r, dot5(a0, b4, a1, b3, a2, b2, a3, b1, a4, b0), 32);
}

export function g5Square(r: usize, a: usize): void {
  const a0 = load<u64>(a, 0), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24), a4 = load<u64>(a, 32);
  const d1 = fpAdd(a1, a1), d2 = fpAdd(a2, a2), d3 = fpAdd(a3, a3), d4 = fpAdd(a4, a4);
  const t3 = mul3(a3), t4 = mul3(a4), s3 = fpAdd(t3, t3), s4 = fpAdd(t4, t4);
  store<u64>(r, dot3(a0, a0, a1, s4, a2, s3), 0);
  store<u64>(r, dot3(a0, d1, a2, s4, a3, t3), 8);
  store<u64>(r, dot3(a0, d2, a1, a1, a3, s4), 16);
  store<u64>(r, dot3(a0, d3, a1, d2, a4, t4), 24);
  store<u64>(r, dot3(a0, d4, a1, d3, a2, a2), 32);
}

/** r = a^(2^n). */
export function g5SquareN(r: usize, a: usize, n: i32): void {
  g5Copy(r, a);
  for (let i: i32 = 0; i < n; i++) g5Square(r, r);
}

/** Frobenius twists: limb i of a^(p^k) is a_i * DTH_ROOT^(i*k), DTH_ROOT = 3^((p-1)/5). */
const FROBENIUS_TWISTS: usize = memory.data<u64>([
  // k = 1: z^1..z^4
  1041288259238279555, 15820824984080659046, 211587555138949697, 1373043270956696022,
  // k = 2
  15820824984080659046, 1373043270956696022, 1041288259238279555, 211587555138949697,
  // k = 3
  211587555138949697, 1041288259238279555, 1373043270956696022, 15820824984080659046,
  // k = 4
  1373043270956696022, 211587555138949697, 15820824984080659046, 1041288259238279555,
]);

/** r = a^(p^k), k in 1..4. */
export function g5Frobenius(r: usize, a: usize, k: i32): void {
  const z = FROBENIUS_TWISTS + (<usize>(k - 1) << 5);
  store<u64>(r, load<u64>(a, 0), 0);
  store<u64>(r, fpMul(load<u64>(a, 8), load<u64>(z, 0)), 8);
  store<u64>(r, fpMul(load<u64>(a, 16), load<u64>(z, 8)), 16);
  store<u64>(r, fpMul(load<u64>(a, 24), load<u64>(z, 16)), 24);
  store<u64>(r, fpMul(load<u64>(a, 32), load<u64>(z, 24)), 32);
}

/** Coefficient 0 of a*f, when a*f is known to lie in GF(p). */
function productInBase(a: usize, f: usize): u64 {
  return dot5(
    load<u64>(a, 0), load<u64>(f, 0),
    load<u64>(a, 8), mul3(load<u64>(f, 32)),
    load<u64>(a, 16), mul3(load<u64>(f, 24)),
    load<u64>(a, 24), mul3(load<u64>(f, 16)),
    load<u64>(a, 32), mul3(load<u64>(f, 8)),
  );
}

const NORM_D: usize = memory.data(40);
const NORM_E: usize = memory.data(40);

/** f = a^(p + p^2 + p^3 + p^4), so a*f = N(a) lies in GF(p). */
function normComplement(f: usize, a: usize): void {
  g5Frobenius(NORM_D, a, 1);
  g5Frobenius(NORM_E, NORM_D, 1);
  g5Mul(NORM_E, NORM_D, NORM_E);
  g5Frobenius(f, NORM_E, 2);
  g5Mul(f, NORM_E, f);
}

const INV_F: usize = memory.data(40);

/** r = a^-1, 0 for 0 (InverseOrZero). */
export function g5Inverse(r: usize, a: usize): void {
  normComplement(INV_F, a);
  g5MulBase(r, INV_F, fpInverse(productInBase(a, INV_F)));
}

/** 1, p-1 or 0, as Go's Legendre. */
export function g5Legendre(a: usize): u64 {
  normComplement(INV_F, a);
  return fpLegendre(productInBase(a, INV_F));
}

const SQ_V: usize = memory.data(40);
const SQ_D: usize = memory.data(40);
const SQ_E: usize = memory.data(40);
const SQ_T: usize = memory.data(40);
const SQ_S: usize = memory.data(8);

/** r = a square root of x (Go's Sqrt); false when x is not a square. */
export function g5Sqrt(r: usize, x: usize): bool {
  g5SquareN(SQ_V, x, 31);
  g5SquareN(SQ_D, SQ_V, 32);
  g5Mul(SQ_D, x, SQ_D);
  g5Inverse(SQ_T, SQ_V);
  g5Mul(SQ_D, SQ_D, SQ_T);
  g5Frobenius(SQ_T, SQ_D, 2);
  g5Mul(SQ_T, SQ_D, SQ_T);
  g5Frobenius(SQ_E, SQ_T, 1);
  g5Square(SQ_T, SQ_E);
  if (!fpSqrt(productInBase(x, SQ_T), SQ_S)) return false;
  g5Inverse(SQ_T, SQ_E);
  g5MulBase(r, SQ_T, load<u64>(SQ_S));
  return true;
}

/** Go's CanonicalSqrt: the root whose limb 0 is odd (Sgn0 = "limb 0 even" is negated away). */
export function g5CanonicalSqrt(r: usize, x: usize): bool {
  if (!g5Sqrt(r, x)) return false;
  if ((load<u64>(r, 0) & 1) == 0) g5Neg(r, r);
  return true;
}

export { P };
