import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "../../../../src/venues/lighter/crypto/bytes.js";
import { type Gfp5, gfp5FromBytes, gfp5ToBytes } from "../../../../src/venues/lighter/crypto/gfp5.js";
import { parsePrivateKey, publicKeyFromPrivate } from "../../../../src/venues/lighter/crypto/keys.js";
import { SCALAR_ORDER, scalarToLeBytes } from "../../../../src/venues/lighter/crypto/scalar.js";
import { schnorrSign, schnorrVerify } from "../../../../src/venues/lighter/crypto/schnorr.js";
import {
  precomputeCommitments,
  precomputedCommitmentCount,
} from "../../../../src/venues/lighter/crypto/commitments.js";
import { big, gfp5, vectors } from "./vectors.js";

const fixed = vectors.schnorr.fixed_k;

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

describe("Schnorr, fixed k (Go known answers)", () => {
  it.each(fixed.map((c, i) => ({ i, c })))("reproduces s and e exactly, case $i", ({ c }) => {
    const sk = big(c.sk.dec);
    const m = gfp5(c.hashed_msg.limbs);
    expect(bytesToHex(publicKeyFromPrivate(sk))).toBe(c.pk_hex);
    const sig = schnorrSign(m, sk, big(c.k.dec));
    expect(bytesToHex(sig)).toBe(c.sig_hex);
    expect(bytesToHex(sig.subarray(0, 40))).toBe(c.s.le_hex);
    expect(bytesToHex(sig.subarray(40))).toBe(c.e.le_hex);
    expect(schnorrVerify(hexToBytes(c.pk_hex), m, sig)).toBe(c.valid);
    expect(schnorrVerify(hexToBytes(c.pk_hex), m, hexToBytes(c.tampered_sig_hex))).toBe(c.tampered_valid);
  });

  it.each(vectors.schnorr.random_k_verify_only.map((c, i) => ({ i, c })))(
    "verifies the Go random-k signature, case $i",
    ({ c }) => {
      expect(bytesToHex(publicKeyFromPrivate(parsePrivateKey(c.private_key_hex)))).toBe(c.public_key_hex);
      const m = gfp5FromBytes(hexToBytes(c.hashed_msg_hex));
      expect(schnorrVerify(hexToBytes(c.public_key_hex), m, hexToBytes(c.sig_hex))).toBe(c.valid);
    },
  );
});

describe("Schnorr, random k", () => {
  const sk = big(fixed[0]!.sk.dec);
  const pk = publicKeyFromPrivate(sk);
  const m = gfp5(fixed[0]!.hashed_msg.limbs);

  it("signs with a fresh k each time, and every signature verifies", () => {
    const sigs = [schnorrSign(m, sk), schnorrSign(m, sk), schnorrSign(m, sk)];
    expect(new Set(sigs.map(bytesToHex)).size).toBe(3);
    for (const sig of sigs) expect(schnorrVerify(pk, m, sig)).toBe(true);
  });

  it("fails verification when any single bit of signature, message or key is flipped", () => {
    const sig = schnorrSign(m, sk);
    const mBytes = gfp5ToBytes(m);
    // A sample of bit positions covering every byte (a different bit of each byte).
    for (let byte = 0; byte < 80; byte++) {
      expect(schnorrVerify(pk, m, flipBit(sig, 8 * byte + (byte % 8)))).toBe(false);
    }
    for (let byte = 0; byte < 40; byte++) {
      const bit = 8 * byte + ((byte * 3) % 8);
      const m2: Gfp5 = gfp5FromBytes(flipBit(mBytes, bit));
      expect(schnorrVerify(pk, m2, sig)).toBe(false);
      expect(schnorrVerify(flipBit(pk, bit), m, sig)).toBe(false);
    }
  });

  it("returns false, never throws, on malformed input", () => {
    const sig = schnorrSign(m, sk);
    expect(schnorrVerify(pk, m, sig.subarray(0, 79))).toBe(false);
    expect(schnorrVerify(pk.subarray(0, 39), m, sig)).toBe(false);
    expect(schnorrVerify(new Uint8Array(40), m, sig)).toBe(false); // neutral key: forgeable, refused
    expect(schnorrVerify(pk, [1n, 2n, 3n] as unknown as Gfp5, sig)).toBe(false);
    expect(schnorrVerify(null as unknown as Uint8Array, m, sig)).toBe(false);
    // s + n and e + n are accepted by Go but refused here (non-canonical).
    const s = BigInt("0x" + bytesToHex(sig.subarray(0, 40).slice().reverse()));
    const nonCanonical = sig.slice();
    const sPlusN = s + SCALAR_ORDER;
    if (sPlusN < 1n << 320n) {
      for (let i = 0; i < 40; i++) nonCanonical[i] = Number((sPlusN >> BigInt(8 * i)) & 0xffn);
      expect(schnorrVerify(pk, m, nonCanonical)).toBe(false);
    }
  });

  it("refuses out-of-range inputs when signing", () => {
    expect(() => schnorrSign(m, SCALAR_ORDER)).toThrow(RangeError);
    expect(() => schnorrSign(m, sk, 0n)).toThrow(RangeError);
    expect(() => schnorrSign([1n, 2n, 3n, 4n, 1n << 64n], sk)).toThrow(RangeError);
    expect(bytesToHex(scalarToLeBytes(1n))).toMatch(/^01(00)+$/);
  });
});

describe("Schnorr with precomputed commitments", () => {
  it("uses each precomputed commitment exactly once, and the signatures verify", () => {
    const sk = big(fixed[1]!.sk.dec);
    const pk = publicKeyFromPrivate(sk);
    const m = gfp5(fixed[1]!.hashed_msg.limbs);
    expect(precomputeCommitments(3)).toBe(3);
    const sigs = [schnorrSign(m, sk), schnorrSign(m, sk), schnorrSign(m, sk)];
    expect(precomputedCommitmentCount()).toBe(0);
    // Distinct e values mean distinct commitments r, hence distinct k.
    expect(new Set(sigs.map((s) => bytesToHex(s.subarray(40)))).size).toBe(3);
    for (const sig of sigs) expect(schnorrVerify(pk, m, sig)).toBe(true);
  });
});
