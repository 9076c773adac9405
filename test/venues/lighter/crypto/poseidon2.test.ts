import { describe, expect, it } from "vitest";
import { hashNToHashNoPad, hashToQuinticExtension, poseidon2Permute } from "../../../../src/venues/lighter/crypto/poseidon2.js";
import { big, vectors } from "./vectors.js";

describe("Poseidon2", () => {
  it.each(vectors.poseidon2.permutation.map((c, i) => ({ i, c })))("reproduces permutation $i", ({ c }) => {
    const state = c.input.map(big);
    poseidon2Permute(state);
    expect(state).toEqual(c.output.map(big));
  });

  it.each(vectors.poseidon2.hash.map((c) => ({ len: c.input.length, c })))(
    "reproduces the sponge on $len inputs",
    ({ c }) => {
      const input = c.input.map(big);
      expect(hashToQuinticExtension(input)).toEqual(c.hash_to_quintic_extension.map(big));
      expect(hashNToHashNoPad(input)).toEqual(c.hash_n_to_hash_no_pad.map(big));
    },
  );

  it("has no padding or length separation and hashes [] to 0, as Go does", () => {
    expect(hashToQuinticExtension([])).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(hashToQuinticExtension([5n])).toEqual(hashToQuinticExtension([5n, 0n]));
  });

  it("reduces u64 inputs >= p like Go", () => {
    const p = big(vectors.goldilocks.p);
    expect(hashToQuinticExtension([p + 3n, 1n])).toEqual(hashToQuinticExtension([3n, 1n]));
  });
});
