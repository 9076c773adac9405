// Poseidon2 over Goldilocks, width 12 (poseidon_crypto hash/poseidon2_goldilocks_plonky2), on a
// 12-lane state in linear memory, and the no-padding sponge Lighter hashes with.
import { EXTERNAL_RC, INTERNAL_DIAG, INTERNAL_RC } from "./poseidon2-constants";
import { fold, fpAdd, fpCanonical, fpMul } from "./goldilocks";

const LO: u64 = 0xffffffff;
/** Lane halves (low 32 bits, high 32 bits) while a linear layer runs: small sums never overflow. */
const HALVES: usize = memory.data(12 * 16);

// @ts-ignore: decorator
@inline function sbox(x: u64): u64 {
  const x2 = fpMul(x, x);
  const x3 = fpMul(x2, x);
  const x4 = fpMul(x2, x2);
  return fpMul(x3, x4);
}

/**
 * M_E = circ(2*M4, M4, M4), M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]]. Runs on the 32-bit halves
 * of the lanes separately (coefficients sum to at most 28, so every half stays below 2^37), then one
 * fold per lane: lane = lo + hi*2^32.
 */
function externalLayer(s: usize): void {
  for (let half: usize = 0; half < 2; half++) {
    for (let blk: usize = 0; blk < 12; blk += 4) {
      const a = lane(s, blk, half), b = lane(s, blk + 1, half), c = lane(s, blk + 2, half), d = lane(s, blk + 3, half);
      const h = HALVES + (half << 3);
      store<u64>(h + (blk << 4), 2 * a + 3 * b + c + d);
      store<u64>(h + ((blk + 1) << 4), a + 2 * b + 3 * c + d);
      store<u64>(h + ((blk + 2) << 4), a + b + 2 * c + 3 * d);
      store<u64>(h + ((blk + 3) << 4), 3 * a + b + c + 2 * d);
    }
  }
  for (let i: usize = 0; i < 4; i++) {
    const l0 = load<u64>(HALVES + (i << 4)), l1 = load<u64>(HALVES + ((i + 4) << 4)), l2 = load<u64>(HALVES + ((i + 8) << 4));
    const h0 = load<u64>(HALVES + (i << 4), 8), h1 = load<u64>(HALVES + ((i + 4) << 4), 8), h2 = load<u64>(HALVES + ((i + 8) << 4), 8);
    const sl = l0 + l1 + l2, sh = h0 + h1 + h2;
    store<u64>(s + (i << 3), fold(l0 + sl, h0 + sh, 0, 0));
    store<u64>(s + ((i + 4) << 3), fold(l1 + sl, h1 + sh, 0, 0));
    store<u64>(s + ((i + 8) << 3), fold(l2 + sl, h2 + sh, 0, 0));
  }
}

// @ts-ignore: decorator
@inline function lane(s: usize, i: usize, half: usize): u64 {
  const v = load<u64>(s + (i << 3));
  return half ? v >> 32 : v & LO;
}

/** s[i] = s[i]*D[i] + sum(s): the product's 32-bit columns plus the halves of the sum, one fold. */
function internalLayer(s: usize): void {
  let sl: u64 = 0, sh: u64 = 0;
  for (let i: usize = 0; i < 12; i++) {
    const v = load<u64>(s + (i << 3));
    sl += v & LO;
    sh += v >> 32;
  }
  for (let i: usize = 0; i < 12; i++) {
    const x = load<u64>(s + (i << 3));
    const y = load<u64>(INTERNAL_DIAG + (i << 3));
    const x0 = x & LO, x1 = x >> 32, y0 = y & LO, y1 = y >> 32;
    const p00 = x0 * y0, p01 = x0 * y1, p10 = x1 * y0, p11 = x1 * y1;
    store<u64>(
      s + (i << 3),
      fold((p00 & LO) + sl, (p00 >> 32) + (p01 & LO) + (p10 & LO) + sh, (p01 >> 32) + (p10 >> 32) + (p11 & LO), p11 >> 32),
    );
  }
}

function fullRound(s: usize, round: usize): void {
  const rc = EXTERNAL_RC + round * 96;
  for (let i: usize = 0; i < 12; i++) {
    const p = s + (i << 3);
    store<u64>(p, sbox(fpAdd(load<u64>(p), load<u64>(rc + (i << 3)))));
  }
  externalLayer(s);
}

/** The permutation, in place on 12 canonical lanes at s. */
export function permute(s: usize): void {
  externalLayer(s);
  for (let r: usize = 0; r < 4; r++) fullRound(s, r);
  for (let r: usize = 0; r < 22; r++) {
    store<u64>(s, sbox(fpAdd(load<u64>(s), load<u64>(INTERNAL_RC + (r << 3)))));
    internalLayer(s);
  }
  for (let r: usize = 4; r < 8; r++) fullRound(s, r);
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
