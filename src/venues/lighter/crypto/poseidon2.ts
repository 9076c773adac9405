/**
 * Poseidon2 over Goldilocks, width 12, and the no-padding sponge Lighter hashes with (SPEC §1.3,
 * poseidon_crypto hash/poseidon2_goldilocks_plonky2). Runs in the WebAssembly core (wasm/assembly/poseidon2.ts).
 */
import type { Gfp5 } from "./gfp5.js";
import { IO_SPONGE_IN, IO_SPONGE_OUT, MAX_SPONGE_INPUTS, getCore } from "./wasm/core.js";

export const POSEIDON2_WIDTH = 12;
const MAX_OUTPUTS = 32;
const U64_LIMIT = 1n << 64n;
const I64_MIN = -(1n << 63n);

/** The permutation, in place on 12 canonical lanes. */
export function poseidon2Permute(state: bigint[]): void {
  if (state.length !== POSEIDON2_WIDTH) throw new RangeError("Poseidon2 state has 12 lanes");
  const c = getCore();
  const base = (c.io + IO_SPONGE_IN) >> 3;
  for (let i = 0; i < 12; i++) c.u64[base + i] = state[i]!;
  c.exports.poseidon2_permute(c.io + IO_SPONGE_IN);
  for (let i = 0; i < 12; i++) state[i] = c.u64[base + i]!;
}

/**
 * Go's HashNToMNoPad: each chunk of up to 8 inputs OVERWRITES the first lanes (no add, no padding, no
 * length separation), then permute; squeeze 8 lanes per permutation. Inputs are u64 values (reduced mod p
 * by the core); a negative int64 enters as its two's complement, as Go's GoldilocksField(int64) does.
 */
export function hashNToMNoPad(elements: readonly bigint[], outputs: number): bigint[] {
  if (!Number.isInteger(outputs) || outputs < 1 || outputs > MAX_OUTPUTS) {
    throw new RangeError(`outputs must be an integer in 1..${MAX_OUTPUTS}`);
  }
  if (elements.length > MAX_SPONGE_INPUTS) throw new RangeError(`at most ${MAX_SPONGE_INPUTS} inputs`);
  const c = getCore();
  const base = (c.io + IO_SPONGE_IN) >> 3;
  for (let i = 0; i < elements.length; i++) {
    const x = elements[i]!;
    if (typeof x !== "bigint" || x < I64_MIN || x >= U64_LIMIT) {
      throw new RangeError(`hash input ${i} is not an integer in [-2^63, 2^64)`);
    }
    c.u64[base + i] = x; // the typed array stores x mod 2^64: two's complement for negatives
  }
  c.exports.poseidon2_sponge(c.io + IO_SPONGE_IN, elements.length, c.io + IO_SPONGE_OUT, outputs);
  const out = (c.io + IO_SPONGE_OUT) >> 3;
  const result: bigint[] = new Array<bigint>(outputs);
  for (let i = 0; i < outputs; i++) result[i] = c.u64[out + i]!;
  return result;
}

/** First 5 sponge outputs as a GF(p^5) element (tx hashes, Schnorr challenge). */
export function hashToQuinticExtension(elements: readonly bigint[]): Gfp5 {
  const out = hashNToMNoPad(elements, 5);
  return [out[0]!, out[1]!, out[2]!, out[3]!, out[4]!];
}

/** First 4 sponge outputs (Go's HashNToHashNoPad). */
export function hashNToHashNoPad(elements: readonly bigint[]): bigint[] {
  return hashNToMNoPad(elements, 4);
}
