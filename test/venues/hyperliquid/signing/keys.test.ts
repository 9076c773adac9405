/** The agent key: parsing refuses everything that is not a key, without ever repeating it; addresses match noble's. */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { addressFromPrivateKey, parseAgentKey, signDigest, signDigestFast } from "../../../../src/venues/hyperliquid/signing/index.js";
import { hex, vectors } from "./vectors.js";

const N = secp256k1.Point.Fn.ORDER;
const VALID = vectors.l1_vectors[0]!.private_key;

/** Every message is checked not to contain the key, any 16-hex-digit run of it, nor its body. */
function expectRefusedWithoutEcho(input: string, message: RegExp): void {
  let error: unknown;
  try {
    parseAgentKey(input);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  const text = (error as Error).message;
  expect(text).toMatch(message);
  const body = input.replace(/^0x/i, "");
  if (body.length >= 16) {
    for (let i = 0; i + 16 <= body.length; i += 8) expect(text).not.toContain(body.slice(i, i + 16));
  }
}

describe("parseAgentKey", () => {
  it("accepts 64 hex digits with or without 0x, in either case, as the same 32 bytes", () => {
    const body = VALID.slice(2);
    const forms = [VALID, body, `0x${body.toUpperCase()}`, body.toUpperCase()].map((k) => hex(parseAgentKey(k)));
    expect(new Set(forms)).toEqual(new Set([VALID.toLowerCase()]));
    expect(parseAgentKey(VALID)).toHaveLength(32);
  });

  it("accepts the smallest and largest keys, 1 and n − 1", () => {
    expect(hex(parseAgentKey(`0x${"0".repeat(63)}1`))).toBe(`0x${"0".repeat(63)}1`);
    const nMinus1 = (N - 1n).toString(16);
    expect(hex(parseAgentKey(nMinus1))).toBe(`0x${nMinus1}`);
  });

  it.each([
    ["too short", VALID.slice(0, -1)],
    ["too long", `${VALID}0`],
    ["a non-hex digit", `${VALID.slice(0, -1)}g`],
    ["surrounding whitespace", ` ${VALID}\n`],
    ["0X prefix", `0X${VALID.slice(2)}`],
    ["empty", ""],
    ["a Lighter-sized key", `0x${"ab".repeat(40)}`],
  ])("refuses %s with a message that does not repeat it", (_name, input) => {
    expectRefusedWithoutEcho(input, /must be 64 hex digits/);
  });

  it.each([
    ["zero", `0x${"0".repeat(64)}`],
    ["n", N.toString(16)],
    ["n + 1", (N + 1n).toString(16)],
    ["2^256 − 1", "f".repeat(64)],
  ])("refuses %s as out of range without repeating it", (_name, input) => {
    expectRefusedWithoutEcho(input, /out of range/);
  });

  it("refuses a non-string", () => {
    expect(() => parseAgentKey(123 as unknown as string)).toThrow(/must be 64 hex digits/);
  });

  it("signing refuses a key that did not come from parseAgentKey when it is not one", () => {
    const digest = new Uint8Array(32).fill(1);
    expect(() => signDigest(digest, new Uint8Array(32))).toThrow(/out of range/);
    expect(() => signDigestFast(digest, new Uint8Array(31))).toThrow(/32 bytes/);
    expect(() => signDigest(new Uint8Array(31), parseAgentKey(VALID))).toThrow(/digest must be 32 bytes/);
  });
});

describe("addressFromPrivateKey", () => {
  it("is keccak256 of noble's uncompressed public key, for random keys", () => {
    for (let i = 0; i < 20; i++) {
      const key = secp256k1.utils.randomSecretKey();
      const expected = hex(keccak_256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12));
      expect(addressFromPrivateKey(key)).toBe(expected);
    }
  });

  it("gives every vector's signer, lowercase", () => {
    for (const v of [...vectors.l1_vectors, ...vectors.user_signed_vectors]) {
      const address = addressFromPrivateKey(parseAgentKey(v.private_key));
      expect(address).toBe(v.signer_address);
      expect(address).toMatch(/^0x[0-9a-f]{40}$/);
    }
  });
});
