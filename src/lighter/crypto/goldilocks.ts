/**
 * The Goldilocks prime field GF(p), p = 2^64 - 2^32 + 1 (SPEC §1.1).
 * Elements are bigints kept canonical (in [0, p)); every function returns a canonical value.
 */
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
  const s = a + b;
  return s >= P ? s - P : s;
}

export function fpSub(a: bigint, b: bigint): bigint {
  const d = a - b;
  return d < 0n ? d + P : d;
}

export function fpNeg(a: bigint): bigint {
  return a === 0n ? 0n : P - a;
}

export function fpMul(a: bigint, b: bigint): bigint {
  return (a * b) % P;
}

export function fpSquare(a: bigint): bigint {
  return (a * a) % P;
}

export function fpPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % P;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

/** a^(p-2); 0 maps to 0 (Go's InverseOrZero convention, relied on by the GF(p^5) inverse). */
export function fpInverse(a: bigint): bigint {
  return fpPow(a, P - 2n);
}

/** Euler's criterion: 1 for a non-zero square, p-1 for a non-square, 0 for 0. */
export function fpLegendre(a: bigint): bigint {
  return fpPow(a, (P - 1n) >> 1n);
}

/** p - 1 = 2^32 * (2^32 - 1): Tonelli-Shanks works in the 2^32-torsion. */
const TWO_ADICITY = 32;
const ODD_FACTOR = (P - 1n) >> BigInt(TWO_ADICITY);
/** A primitive 2^32-th root of unity (POWER_OF_TWO_GENERATOR in goldilocks_plonky2.go). */
const POWER_OF_TWO_GENERATOR = 7277203076849721926n;

/** A square root of a, or null when a is not a square (Tonelli-Shanks, as Go's SqrtF). */
export function fpSqrt(a: bigint): bigint | null {
  if (a === 0n) return 0n;
  if (fpLegendre(a) !== 1n) return null;
  let m = TWO_ADICITY;
  let c = POWER_OF_TWO_GENERATOR;
  let t = fpPow(a, ODD_FACTOR);
  let r = fpPow(a, (ODD_FACTOR + 1n) >> 1n);
  while (t !== 1n) {
    // Smallest i with t^(2^i) = 1; it is < m because t lies in the 2^m-torsion.
    let i = 0;
    let t2i = t;
    while (t2i !== 1n) {
      t2i = fpSquare(t2i);
      i++;
    }
    let b = c;
    for (let j = 0; j < m - i - 1; j++) b = fpSquare(b);
    m = i;
    c = fpSquare(b);
    t = fpMul(t, c);
    r = fpMul(r, b);
  }
  return r;
}
