import { describe, expect, it } from "vitest";
import { bytesToHex } from "../../../../src/venues/lighter/crypto/bytes.js";
import {
  KeyFormatError,
  generatePrivateKey,
  parsePrivateKey,
  privateKeyToHex,
  publicKeyFromPrivate,
} from "../../../../src/venues/lighter/crypto/keys.js";
import { SCALAR_ORDER, scalarToLeBytes } from "../../../../src/venues/lighter/crypto/scalar.js";
import { vectors } from "./vectors.js";

describe("keys", () => {
  it.each(vectors.keys.from_private_key)("derives the public key of $private_key_hex", (c) => {
    const sk = parsePrivateKey(c.private_key_hex);
    expect(bytesToHex(scalarToLeBytes(sk))).toBe(c.private_key_reduced_le_hex);
    expect(bytesToHex(publicKeyFromPrivate(sk))).toBe(c.public_key_hex);
    expect(parsePrivateKey("0x" + c.private_key_hex)).toBe(sk);
  });

  it("reduces the all-0xff key mod n", () => {
    const sk = parsePrivateKey("ff".repeat(40));
    expect(sk).toBe(((1n << 320n) - 1n) % SCALAR_ORDER);
  });

  it("rejects malformed keys with a clear message that does not echo the key", () => {
    const short = "ab".repeat(39);
    expect(() => parsePrivateKey(short)).toThrow(KeyFormatError);
    expect(() => parsePrivateKey(short)).toThrow(/expected 80 hex characters.*got 78/);
    const nonHex = "zz" + "cd".repeat(39);
    expect(() => parsePrivateKey(nonHex)).toThrow(/non-hex/);
    for (const bad of [short, nonHex]) {
      try {
        parsePrivateKey(bad);
      } catch (err) {
        expect((err as Error).message).not.toContain(bad.slice(2, 12));
      }
    }
  });

  it("generates distinct keys in [1, n) that round-trip through hex", () => {
    const a = generatePrivateKey();
    const b = generatePrivateKey();
    expect(a).not.toBe(b);
    for (const sk of [a, b]) {
      expect(sk > 0n && sk < SCALAR_ORDER).toBe(true);
      const hex = privateKeyToHex(sk);
      expect(hex).toMatch(/^0x[0-9a-f]{80}$/);
      expect(parsePrivateKey(hex)).toBe(sk);
    }
  });
});
