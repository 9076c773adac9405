import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "../../../../src/venues/lighter/crypto/bytes.js";
import {
  GENERATOR,
  NEUTRAL,
  decodePoint,
  decodePointFromBytes,
  encodePoint,
  encodePointToBytes,
  mulGenerator,
  pointAdd,
  pointDouble,
  pointEquals,
  pointMul,
  pointNeg,
} from "../../../../src/venues/lighter/crypto/ecgfp5.js";
import { SCALAR_ORDER } from "../../../../src/venues/lighter/crypto/scalar.js";
import { big, gfp5, vectors } from "./vectors.js";

const curve = vectors.curve;

function decodeHex(hex: string) {
  const p = decodePointFromBytes(hexToBytes(hex));
  if (p === null) throw new Error(`fixture point ${hex} does not decode`);
  return p;
}

describe("ECgFp5", () => {
  it("encodes the generator as [4,0,0,0,0] and the neutral point as 0", () => {
    expect(GENERATOR.x).toEqual(gfp5(curve.generator_xzut.x));
    expect(encodePoint(GENERATOR)).toEqual(gfp5(curve.generator_encoded.limbs));
    expect(encodePoint(NEUTRAL)).toEqual(gfp5(curve.neutral_encoded.limbs));
  });

  it.each(curve.scalar_mul.map((c) => ({ k: c.k.dec, c })))("reproduces k·G for k = $k", ({ c }) => {
    const k = big(c.k.dec);
    const expected = c.kG_encoded.le_hex;
    expect(bytesToHex(encodePointToBytes(mulGenerator(k)))).toBe(expected);
    expect(bytesToHex(encodePointToBytes(pointMul(GENERATOR, k)))).toBe(expected);
  });

  it.each(curve.decode.map((c, i) => ({ i, ok: c.decode_ok, c })))("decode case $i (valid: $ok)", ({ c }) => {
    const p = decodePoint(gfp5(c.w.limbs));
    if (!c.decode_ok) {
      expect(p).toBeNull();
      return;
    }
    expect(p).not.toBeNull();
    expect(bytesToHex(encodePointToBytes(p!))).toBe(c.reencoded!.le_hex);
  });

  it("includes both valid and invalid decode cases", () => {
    expect(curve.decode.some((c) => c.decode_ok)).toBe(true);
    expect(curve.decode.some((c) => !c.decode_ok)).toBe(true);
  });

  it.each(curve.add.map((c, i) => ({ i, c })))("reproduces add and double case $i", ({ c }) => {
    const p = decodeHex(c.P.le_hex);
    const q = decodeHex(c.Q.le_hex);
    expect(bytesToHex(encodePointToBytes(pointAdd(p, q)))).toBe(c.P_plus_Q.le_hex);
    expect(bytesToHex(encodePointToBytes(pointDouble(p)))).toBe(c["2P"].le_hex);
  });

  it("decodes 0 to the neutral point and obeys the group laws", () => {
    expect(pointEquals(decodePoint([0n, 0n, 0n, 0n, 0n])!, NEUTRAL)).toBe(true);
    expect(encodePoint(mulGenerator(SCALAR_ORDER))).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(encodePoint(pointAdd(GENERATOR, pointNeg(GENERATOR)))).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(encodePoint(mulGenerator(SCALAR_ORDER - 1n))).toEqual(encodePoint(pointNeg(GENERATOR)));
    expect(pointEquals(pointAdd(GENERATOR, NEUTRAL), GENERATOR)).toBe(true);
  });
});
