/**
 * Poseidon2 over Goldilocks, width 12, and the no-padding sponge Lighter hashes with (SPEC §1.3,
 * poseidon_crypto hash/poseidon2_goldilocks_plonky2).
 */
import { GOLDILOCKS_P, fpFromU64 } from "./goldilocks.js";
import type { Gfp5 } from "./gfp5.js";
import { EXTERNAL_ROUND_CONSTANTS, INTERNAL_ROUND_CONSTANTS, INTERNAL_DIAGONAL } from "./poseidon2-constants.js";

const P = GOLDILOCKS_P;
export const POSEIDON2_WIDTH = 12;
export const POSEIDON2_RATE = 8;
const HALF_FULL_ROUNDS = 4;
const PARTIAL_ROUNDS = 22;

function sbox(x: bigint): bigint {
  const x2 = (x * x) % P;
  const x4 = (x2 * x2) % P;
  return (((x4 * x2) % P) * x) % P;
}

/** M_E = circ(2*M4, M4, M4) with M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] per 4-lane block. */
function externalLayer(s: bigint[]): void {
  for (let blk = 0; blk < 12; blk += 4) {
    const a = s[blk]!, b = s[blk + 1]!, c = s[blk + 2]!, d = s[blk + 3]!;
    s[blk] = 2n * a + 3n * b + c + d;
    s[blk + 1] = a + 2n * b + 3n * c + d;
    s[blk + 2] = a + b + 2n * c + 3n * d;
    s[blk + 3] = 3n * a + b + c + 2n * d;
  }
  for (let i = 0; i < 4; i++) {
    const sum = s[i]! + s[4 + i]! + s[8 + i]!;
    s[i] = (s[i]! + sum) % P;
    s[4 + i] = (s[4 + i]! + sum) % P;
    s[8 + i] = (s[8 + i]! + sum) % P;
  }
}

/** M_I = 1*1^T + diag(D): s[i] = s[i]*D[i] + sum(s). */
function internalLayer(s: bigint[]): void {
  let sum = 0n;
  for (let i = 0; i < 12; i++) sum += s[i]!;
  for (let i = 0; i < 12; i++) s[i] = (s[i]! * INTERNAL_DIAGONAL[i]! + sum) % P;
}

function fullRound(s: bigint[], round: number): void {
  const rc = EXTERNAL_ROUND_CONSTANTS[round]!;
  for (let i = 0; i < 12; i++) s[i] = sbox((s[i]! + rc[i]!) % P);
  externalLayer(s);
}

/** The permutation, in place on 12 canonical lanes. */
export function poseidon2Permute(state: bigint[]): void {
  if (state.length !== POSEIDON2_WIDTH) throw new RangeError("Poseidon2 state has 12 lanes");
  externalLayer(state);
  for (let r = 0; r < HALF_FULL_ROUNDS; r++) fullRound(state, r);
  for (let r = 0; r < PARTIAL_ROUNDS; r++) {
    state[0] = sbox((state[0]! + INTERNAL_ROUND_CONSTANTS[r]!) % P);
    internalLayer(state);
  }
  for (let r = HALF_FULL_ROUNDS; r < 2 * HALF_FULL_ROUNDS; r++) fullRound(state, r);
}

/**
 * Go's HashNToMNoPad: each chunk of up to 8 inputs OVERWRITES the first lanes (no add, no padding, no
 * length separation), then permute; squeeze 8 lanes per permutation. Inputs are u64 values (reduced mod p).
 */
export function hashNToMNoPad(elements: readonly bigint[], outputs: number): bigint[] {
  if (!Number.isInteger(outputs) || outputs < 1) throw new RangeError("outputs must be a positive integer");
  const state: bigint[] = new Array<bigint>(POSEIDON2_WIDTH).fill(0n);
  for (let start = 0; start < elements.length; start += POSEIDON2_RATE) {
    const end = Math.min(start + POSEIDON2_RATE, elements.length);
    for (let i = start; i < end; i++) state[i - start] = fpFromU64(elements[i]!);
    poseidon2Permute(state);
  }
  const out: bigint[] = [];
  for (;;) {
    for (let i = 0; i < POSEIDON2_RATE; i++) {
      out.push(state[i]!);
      if (out.length === outputs) return out;
    }
    poseidon2Permute(state);
  }
}

/** First 5 sponge outputs as a GF(p^5) element (tx hashes, Schnorr challenge). */
export function hashToQuinticExtension(elements: readonly bigint[]): Gfp5 {
  const [a, b, c, d, e] = hashNToMNoPad(elements, 5);
  return [a!, b!, c!, d!, e!];
}

/** First 4 sponge outputs (Go's HashNToHashNoPad). */
export function hashNToHashNoPad(elements: readonly bigint[]): bigint[] {
  return hashNToMNoPad(elements, 4);
}
