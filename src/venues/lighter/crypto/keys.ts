/**
 * Lighter API keys (SPEC §1.6): a 40-byte little-endian scalar as 80 hex characters (optional "0x"),
 * reduced mod n; the public key is Encode(sk·G), 40 bytes.
 * Error messages never contain the key or any part of it.
 */
import { bytesToHex } from "./bytes.js";
import { encodedMulGenerator } from "./ecgfp5.js";
import { gfp5ToBytes } from "./gfp5.js";
import { randomScalar } from "./random.js";
import { SCALAR_BYTES, isScalar, scalarFromLeBytes, scalarToLeBytes } from "./scalar.js";

export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyFormatError";
  }
}

const KEY_HEX_CHARS = 2 * SCALAR_BYTES;

/** The private scalar of an 80-hex-character key (optional 0x), reduced mod n as lighter-go does. */
export function parsePrivateKey(hex: string): bigint {
  if (typeof hex !== "string") throw new KeyFormatError("private key must be a hex string");
  const body = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (body.length !== KEY_HEX_CHARS) {
    throw new KeyFormatError(
      `invalid private key length: expected ${KEY_HEX_CHARS} hex characters (40 bytes), optionally prefixed with 0x, got ${body.length}`,
    );
  }
  if (!/^[0-9a-fA-F]+$/.test(body)) throw new KeyFormatError("invalid private key: contains a non-hex character");
  const bytes = new Uint8Array(SCALAR_BYTES);
  for (let i = 0; i < SCALAR_BYTES; i++) bytes[i] = parseInt(body.substr(2 * i, 2), 16);
  const sk = scalarFromLeBytes(bytes);
  bytes.fill(0);
  return sk;
}

/** Encode(sk·G), 40 bytes. */
export function publicKeyFromPrivate(sk: bigint): Uint8Array {
  if (!isScalar(sk)) throw new RangeError("private key scalar out of range [0, n)");
  return gfp5ToBytes(encodedMulGenerator(sk));
}

/** A fresh private key, uniform in [1, n). */
export function generatePrivateKey(): bigint {
  return randomScalar();
}

/** "0x" + hex(LE40(sk)), the form GenerateAPIKey prints. */
export function privateKeyToHex(sk: bigint): string {
  return "0x" + bytesToHex(scalarToLeBytes(sk));
}
