// Poseidon2 over Goldilocks, width 12 (poseidon_crypto hash/poseidon2_goldilocks_plonky2), and the
// no-padding sponge Lighter hashes with.
//
// Speed: the permutation keeps its 12 lanes in locals (registers or stack slots, no linear-memory traffic)
// and reduces lazily: between rounds a lane is any u64 congruent to its value mod p (not necessarily < p);
// only the final store canonicalises. Every step below accepts such inputs.
import { EXTERNAL_RC, INTERNAL_RC } from "./poseidon2-constants";
import { EPSILON, fpCanonical } from "./goldilocks";

const LO: u64 = 0xffffffff;

/**
 * A + B*2^32 + C*2^64 + D*2^96 mod p as some u64 (not canonical), for A, B, C, D < 2^40; uses
 * 2^64 = 2^32 - 1 and 2^96 = -1 (mod p) as goldilocks.ts `fold` does, without the final subtraction.
 */
// @ts-ignore: decorator
@inline function foldLazy(a: u64, b: u64, c: u64, d: u64): u64 {
  const x = b + c;
  const u = (x & LO) << 32;
  const s = a + (x >> 32) * EPSILON;
  const n = c + d;
  let w = u + s;
  if (w < u) w += EPSILON; // a carry out of 2^64 is worth 2^32 - 1
  let r = w - n;
  if (w < n) r -= EPSILON; // a borrow: + 2^64 - (2^64 - p)
  return r;
}

/** x*y + (sl + sh*2^32) mod p, lazily, for any u64 x, y and sl, sh < 2^36 (the internal layer's sum). */
// @ts-ignore: decorator
@inline function mulAdd(x: u64, y: u64, sl: u64, sh: u64): u64 {
  const x0 = x & LO, x1 = x >> 32, y0 = y & LO, y1 = y >> 32;
  const p00 = x0 * y0, p01 = x0 * y1, p10 = x1 * y0, p11 = x1 * y1;
  return foldLazy((p00 & LO) + sl, (p00 >> 32) + (p01 & LO) + (p10 & LO) + sh, (p01 >> 32) + (p10 >> 32) + (p11 & LO), p11 >> 32);
}

// @ts-ignore: decorator
@inline function mul(x: u64, y: u64): u64 {
  return mulAdd(x, y, 0, 0);
}

/** x^2: the cross product is formed once and doubled (3 multiplications instead of 4). */
// @ts-ignore: decorator
@inline function square(x: u64): u64 {
  const x0 = x & LO, x1 = x >> 32;
  const p00 = x0 * x0, p01 = x0 * x1, p11 = x1 * x1;
  return foldLazy(p00 & LO, (p00 >> 32) + ((p01 & LO) << 1), ((p01 >> 32) << 1) + (p11 & LO), p11 >> 32);
}

/** x^7 = x^3 * (x^2)^2. */
// @ts-ignore: decorator
@inline function sbox(x: u64): u64 {
  const x2 = square(x);
  return mul(mul(x2, x), square(x2));
}

/** x + c mod p, lazily, for any u64 x and c < p (the round constants). */
// @ts-ignore: decorator
@inline function addConstant(x: u64, c: u64): u64 {
  const s = x + c;
  return s < x ? s + EPSILON : s; // wrapped s < c <= 2^64 - 2^32, so adding 2^32 - 1 cannot wrap again
}

/** lo + hi*2^32 mod p, lazily, for lo, hi < 2^38 (the external layer's half-lane sums). */
// @ts-ignore: decorator
@inline function joinHalves(lo: u64, hi: u64): u64 {
  const u = (hi & LO) << 32;
  let w = u + lo + (hi >> 32) * EPSILON;
  if (w < u) w += EPSILON;
  return w;
}

/** The permutation, in place on 12 lanes at s (u64, reduced mod p on entry); leaves them canonical. */
export function permute(s: usize): void {
  let s0 = load<u64>(s, 0), s1 = load<u64>(s, 8), s2 = load<u64>(s, 16), s3 = load<u64>(s, 24);
  let s4 = load<u64>(s, 32), s5 = load<u64>(s, 40), s6 = load<u64>(s, 48), s7 = load<u64>(s, 56);
  let s8 = load<u64>(s, 64), s9 = load<u64>(s, 72), s10 = load<u64>(s, 80), s11 = load<u64>(s, 88);
  // Step 0 is the initial external layer alone; steps 1..8 are the full rounds 0..7, each constants +
  // S-boxes + external layer; the 22 partial rounds run between full rounds 3 and 4.
  for (let step: i32 = 0; step < 9; step++) {
    if (step == 5) {
      for (let r: usize = 0; r < 22; r++) {
        s0 = sbox(addConstant(s0, load<u64>(INTERNAL_RC + (r << 3))));
        // Internal layer: s[i] = s[i]*D[i] + sum(s), D = MATRIX_DIAG_12_U64 (config.go) as immediates;
        // the sum enters in 32-bit halves.
        const sl = (s0 & LO) + (s1 & LO) + (s2 & LO) + (s3 & LO) + (s4 & LO) + (s5 & LO) +
          (s6 & LO) + (s7 & LO) + (s8 & LO) + (s9 & LO) + (s10 & LO) + (s11 & LO);
        const sh = (s0 >> 32) + (s1 >> 32) + (s2 >> 32) + (s3 >> 32) + (s4 >> 32) + (s5 >> 32) +
          (s6 >> 32) + (s7 >> 32) + (s8 >> 32) + (s9 >> 32) + (s10 >> 32) + (s11 >> 32);
        s0 = mulAdd(s0, 0xc3b6c08e23ba9300, sl, sh);
        s1 = mulAdd(s1, 0xd84b5de94a324fb6, sl, sh);
        s2 = mulAdd(s2, 0x0d0c371c5b35b84f, sl, sh);
        s3 = mulAdd(s3, 0x7964f570e7188037, sl, sh);
        s4 = mulAdd(s4, 0x5daf18bbd996604b, sl, sh);
        s5 = mulAdd(s5, 0x6743bc47b9595257, sl, sh);
        s6 = mulAdd(s6, 0x5528b9362c59bb70, sl, sh);
        s7 = mulAdd(s7, 0xac45e25b7127b68b, sl, sh);
        s8 = mulAdd(s8, 0xa2077d7dfbb606b5, sl, sh);
        s9 = mulAdd(s9, 0xf3faac6faee378ae, sl, sh);
        s10 = mulAdd(s10, 0x0c6388b51545e883, sl, sh);
        s11 = mulAdd(s11, 0xd27dbb6944917b60, sl, sh);
      }
    }
    if (step > 0) {
      const rc = EXTERNAL_RC + <usize>(step - 1) * 96;
      s0 = sbox(addConstant(s0, load<u64>(rc, 0)));
      s1 = sbox(addConstant(s1, load<u64>(rc, 8)));
      s2 = sbox(addConstant(s2, load<u64>(rc, 16)));
      s3 = sbox(addConstant(s3, load<u64>(rc, 24)));
      s4 = sbox(addConstant(s4, load<u64>(rc, 32)));
      s5 = sbox(addConstant(s5, load<u64>(rc, 40)));
      s6 = sbox(addConstant(s6, load<u64>(rc, 48)));
      s7 = sbox(addConstant(s7, load<u64>(rc, 56)));
      s8 = sbox(addConstant(s8, load<u64>(rc, 64)));
      s9 = sbox(addConstant(s9, load<u64>(rc, 72)));
      s10 = sbox(addConstant(s10, load<u64>(rc, 80)));
      s11 = sbox(addConstant(s11, load<u64>(rc, 88)));
    }
    // External layer M_E = circ(2*M4, M4, M4), M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]], on the
    // 32-bit halves of the lanes (coefficients sum to at most 28, so a half stays below 2^37).
    // Low halves, block by block: a M4 row is 2*x + 3*y + z + w over the block's lanes.
    const a0 = s0 & LO, a1 = s1 & LO, a2 = s2 & LO, a3 = s3 & LO;
    const b0 = s4 & LO, b1 = s5 & LO, b2 = s6 & LO, b3 = s7 & LO;
    const c0 = s8 & LO, c1 = s9 & LO, c2 = s10 & LO, c3 = s11 & LO;
    const la0 = 2 * a0 + 3 * a1 + a2 + a3, la1 = a0 + 2 * a1 + 3 * a2 + a3, la2 = a0 + a1 + 2 * a2 + 3 * a3, la3 = 3 * a0 + a1 + a2 + 2 * a3;
    const lb0 = 2 * b0 + 3 * b1 + b2 + b3, lb1 = b0 + 2 * b1 + 3 * b2 + b3, lb2 = b0 + b1 + 2 * b2 + 3 * b3, lb3 = 3 * b0 + b1 + b2 + 2 * b3;
    const lc0 = 2 * c0 + 3 * c1 + c2 + c3, lc1 = c0 + 2 * c1 + 3 * c2 + c3, lc2 = c0 + c1 + 2 * c2 + 3 * c3, lc3 = 3 * c0 + c1 + c2 + 2 * c3;
    const ls0 = la0 + lb0 + lc0, ls1 = la1 + lb1 + lc1, ls2 = la2 + lb2 + lc2, ls3 = la3 + lb3 + lc3;
    const d0 = s0 >> 32, d1 = s1 >> 32, d2 = s2 >> 32, d3 = s3 >> 32;
    const e0 = s4 >> 32, e1 = s5 >> 32, e2 = s6 >> 32, e3 = s7 >> 32;
    const f0 = s8 >> 32, f1 = s9 >> 32, f2 = s10 >> 32, f3 = s11 >> 32;
    const ha0 = 2 * d0 + 3 * d1 + d2 + d3, ha1 = d0 + 2 * d1 + 3 * d2 + d3, ha2 = d0 + d1 + 2 * d2 + 3 * d3, ha3 = 3 * d0 + d1 + d2 + 2 * d3;
    const hb0 = 2 * e0 + 3 * e1 + e2 + e3, hb1 = e0 + 2 * e1 + 3 * e2 + e3, hb2 = e0 + e1 + 2 * e2 + 3 * e3, hb3 = 3 * e0 + e1 + e2 + 2 * e3;
    const hc0 = 2 * f0 + 3 * f1 + f2 + f3, hc1 = f0 + 2 * f1 + 3 * f2 + f3, hc2 = f0 + f1 + 2 * f2 + 3 * f3, hc3 = 3 * f0 + f1 + f2 + 2 * f3;
    const hs0 = ha0 + hb0 + hc0, hs1 = ha1 + hb1 + hc1, hs2 = ha2 + hb2 + hc2, hs3 = ha3 + hb3 + hc3;
    s0 = joinHalves(la0 + ls0, ha0 + hs0);
    s1 = joinHalves(la1 + ls1, ha1 + hs1);
    s2 = joinHalves(la2 + ls2, ha2 + hs2);
    s3 = joinHalves(la3 + ls3, ha3 + hs3);
    s4 = joinHalves(lb0 + ls0, hb0 + hs0);
    s5 = joinHalves(lb1 + ls1, hb1 + hs1);
    s6 = joinHalves(lb2 + ls2, hb2 + hs2);
    s7 = joinHalves(lb3 + ls3, hb3 + hs3);
    s8 = joinHalves(lc0 + ls0, hc0 + hs0);
    s9 = joinHalves(lc1 + ls1, hc1 + hs1);
    s10 = joinHalves(lc2 + ls2, hc2 + hs2);
    s11 = joinHalves(lc3 + ls3, hc3 + hs3);
  }
  store<u64>(s, fpCanonical(s0), 0);
  store<u64>(s, fpCanonical(s1), 8);
  store<u64>(s, fpCanonical(s2), 16);
  store<u64>(s, fpCanonical(s3), 24);
  store<u64>(s, fpCanonical(s4), 32);
  store<u64>(s, fpCanonical(s5), 40);
  store<u64>(s, fpCanonical(s6), 48);
  store<u64>(s, fpCanonical(s7), 56);
  store<u64>(s, fpCanonical(s8), 64);
  store<u64>(s, fpCanonical(s9), 72);
  store<u64>(s, fpCanonical(s10), 80);
  store<u64>(s, fpCanonical(s11), 88);
}

const STATE: usize = memory.data(96);

/**
 * Go's HashNToMNoPad: each chunk of up to 8 inputs overwrites the first lanes (no add, no padding), then
 * permute; squeeze 8 lanes per permutation. Inputs are u64 (reduced mod p here); outputs canonical.
 */
export function sponge(input: usize, count: i32, output: usize, outputs: i32): void {
  memory.fill(STATE, 0, 96);
  for (let start: i32 = 0; start < count; start += 8) {
    const end = start + 8 < count ? start + 8 : count;
    for (let i = start; i < end; i++) {
      store<u64>(STATE + (<usize>(i - start) << 3), fpCanonical(load<u64>(input + (<usize>i << 3))));
    }
    permute(STATE);
  }
  let produced: i32 = 0;
  for (;;) {
    for (let i: i32 = 0; i < 8; i++) {
      store<u64>(output + (<usize>produced << 3), load<u64>(STATE + (<usize>i << 3)));
      if (++produced == outputs) return;
    }
    permute(STATE);
  }
}
