import { describe, expect, it } from "vitest";
import { GOLDILOCKS_P, fpAdd, fpFromU64, fpInverse, fpMul, fpSqrt, fpSub } from "../../../../src/venues/lighter/crypto/goldilocks.js";
import { big, vectors } from "./vectors.js";

describe("Goldilocks field", () => {
  it("has the vector file's modulus", () => {
    expect(GOLDILOCKS_P).toBe(big(vectors.goldilocks.p));
  });

  it.each(vectors.goldilocks.cases)("reproduces add/sub/mul/inverse for a=$a b=$b", (c) => {
    const a = big(c.a);
    const b = big(c.b);
    expect(fpAdd(a, b)).toBe(big(c.add));
    expect(fpSub(a, b)).toBe(big(c.sub));
    expect(fpMul(a, b)).toBe(big(c.mul));
    expect(fpInverse(a)).toBe(big(c.inv_a));
  });

  it("enters u64 and negative int64 values as Go does", () => {
    expect(fpFromU64(GOLDILOCKS_P)).toBe(0n);
    expect(fpFromU64((1n << 64n) - 1n)).toBe((1n << 32n) - 2n);
    expect(fpFromU64(-1n)).toBe((1n << 32n) - 2n);
    expect(() => fpFromU64(1n << 64n)).toThrow(RangeError);
    expect(() => fpFromU64(-(1n << 63n) - 1n)).toThrow(RangeError);
  });

  it("takes square roots of squares and refuses non-squares", () => {
    for (const c of vectors.goldilocks.cases) {
      const a = big(c.a);
      const sq = fpMul(a, a);
      const r = fpSqrt(sq);
      expect(r === null ? null : fpMul(r, r)).toBe(sq);
    }
    expect(fpSqrt(7n)).toBeNull(); // 7 generates the multiplicative group, so it is not a square
  });
});
