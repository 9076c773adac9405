import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "../../../../src/venues/lighter/crypto/bytes.js";
import { SCALAR_ORDER, scalarFromGfp5, scalarFromLeBytes, scalarToLeBytes } from "../../../../src/venues/lighter/crypto/scalar.js";
import { big, gfp5, vectors } from "./vectors.js";

describe("scalar field", () => {
  it("has the vector file's order n", () => {
    expect(SCALAR_ORDER).toBe(big(vectors.scalar_field.n));
    expect(SCALAR_ORDER.toString(16)).toBe(vectors.scalar_field.n_hex.replace(/^0x/, ""));
  });

  it.each(vectors.scalar_field.from_le_bytes_reduces)("reduces $in_le_hex mod n", (c) => {
    const s = scalarFromLeBytes(hexToBytes(c.in_le_hex));
    expect(s).toBe(big(c.reduced.dec));
    expect(bytesToHex(scalarToLeBytes(s))).toBe(c.reduced.le_hex);
  });

  it.each(vectors.scalar_field.from_gfp5.map((c, i) => ({ i, c })))("reproduces FromGfp5 case $i", ({ c }) => {
    const s = scalarFromGfp5(gfp5(c.fp5));
    expect(s).toBe(big(c.scalar.dec));
    expect(bytesToHex(scalarToLeBytes(s))).toBe(c.scalar.le_hex);
  });
});

describe("hex", () => {
  it("round-trips and refuses odd length or non-hex input", () => {
    expect(bytesToHex(hexToBytes("00ff10aB"))).toBe("00ff10ab");
    expect(() => hexToBytes("abc")).toThrow();
    expect(() => hexToBytes("zz")).toThrow();
    expect(() => hexToBytes("0x00")).toThrow();
  });
});
