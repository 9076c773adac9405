import { describe, expect, it } from "vitest";
import {
  GFP5_ONE,
  GFP5_ZERO,
  gfp5Add,
  gfp5CanonicalSqrt,
  gfp5Frobenius,
  gfp5FromBytes,
  gfp5Inverse,
  gfp5Legendre,
  gfp5Mul,
  gfp5Square,
  gfp5Sub,
  gfp5ToBytes,
} from "../../../../src/venues/lighter/crypto/gfp5.js";
import { big, gfp5, vectors } from "./vectors.js";

describe("GF(p^5)", () => {
  it.each(vectors.gfp5.cases.map((c, i) => ({ i, c })))("reproduces case $i", ({ c }) => {
    const a = gfp5(c.a);
    const b = gfp5(c.b);
    expect(gfp5Add(a, b)).toEqual(gfp5(c.add));
    expect(gfp5Sub(a, b)).toEqual(gfp5(c.sub));
    expect(gfp5Mul(a, b)).toEqual(gfp5(c.mul));
    expect(gfp5Square(a)).toEqual(gfp5(c.square_a));
    expect(gfp5Frobenius(a)).toEqual(gfp5(c.frobenius_a));
    expect(gfp5Inverse(a)).toEqual(gfp5(c.inv_a));
    expect(gfp5Legendre(a)).toBe(big(c.legendre_a));
    expect(gfp5CanonicalSqrt(a)).toEqual(c.canonical_sqrt_a === null ? null : gfp5(c.canonical_sqrt_a));
    expect(gfp5CanonicalSqrt(gfp5Square(a))).toEqual(gfp5(c.canonical_sqrt_of_square_a));
  });

  it("covers both square and non-square cases", () => {
    const nulls = vectors.gfp5.cases.filter((c) => c.canonical_sqrt_a === null).length;
    expect(nulls).toBeGreaterThan(0);
    expect(nulls).toBeLessThan(vectors.gfp5.cases.length);
  });

  it("maps 0 to 0 under InverseOrZero and a·a^-1 to 1", () => {
    expect(gfp5Inverse(GFP5_ZERO)).toEqual(GFP5_ZERO);
    const a = gfp5(vectors.gfp5.cases[3]!.a);
    expect(gfp5Mul(a, gfp5Inverse(a))).toEqual(GFP5_ONE);
  });

  it("serialises as 40 bytes little-endian and reduces limbs >= p on input", () => {
    const a = gfp5(vectors.gfp5.cases[0]!.a);
    const bytes = gfp5ToBytes(a);
    expect(bytes.length).toBe(40);
    expect(gfp5FromBytes(bytes)).toEqual(a);
    const allOnes = new Uint8Array(40).fill(0xff);
    expect(gfp5FromBytes(allOnes)).toEqual(Array(5).fill((1n << 32n) - 2n));
    expect(() => gfp5FromBytes(new Uint8Array(39))).toThrow(RangeError);
  });
});
