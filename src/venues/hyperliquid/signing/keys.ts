/**
 * The agent (API wallet) key and the address it signs as. Errors never include the key or any part of
 * it: they end up in logs, configuration reports and CLI output.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { mulBase } from "./base-mul.js";
import { N } from "./curve.js";
import { bigintToBytes, bytesToBigint, toHex0x } from "./hex.js";

const KEY_HEX = /^(?:0x)?[0-9a-fA-F]{64}$/;

/**
 * A secp256k1 private key from `0x` + 64 hex digits (the `0x` is optional, either case). Refuses anything
 * else, and the values 0 and ≥ n, which are not keys. Returns the 32 key bytes.
 */
export function parseAgentKey(hex: string): Uint8Array {
  if (typeof hex !== "string" || !KEY_HEX.test(hex)) {
    throw new Error("the Hyperliquid key must be 64 hex digits (32 bytes), optionally prefixed with 0x, with nothing else around it");
  }
  const scalar = BigInt(hex.startsWith("0x") ? hex : `0x${hex}`);
  if (scalar === 0n || scalar >= N) throw new Error("the Hyperliquid key is out of range: it must be between 1 and n − 1 of secp256k1");
  return bigintToBytes(scalar, 32);
}

/** The key as a scalar in [1, n), checked again so that a key that did not come from parseAgentKey is safe. */
export function privateKeyScalar(privateKey: Uint8Array): bigint {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) throw new Error("the private key must be 32 bytes");
  const d = bytesToBigint(privateKey);
  if (d === 0n || d >= N) throw new Error("the private key is out of range: it must be between 1 and n − 1 of secp256k1");
  return d;
}

/** Uncompressed public key without its 0x04 prefix: X ‖ Y, 64 bytes. */
export function publicKeyXY(privateKey: Uint8Array): Uint8Array {
  const point = mulBase(privateKeyScalar(privateKey));
  const out = new Uint8Array(64);
  out.set(bigintToBytes(point.x, 32), 0);
  out.set(bigintToBytes(point.y, 32), 32);
  return out;
}

/** The Ethereum address of a public key given as X ‖ Y: the last 20 bytes of keccak256(X ‖ Y). */
export function addressFromPublicKeyXY(xy: Uint8Array): string {
  if (xy.length !== 64) throw new Error("public key must be 64 bytes (X ‖ Y)");
  return toHex0x(keccak_256(xy).subarray(12));
}

/** The signer address of a private key, lowercase `0x` + 40 hex. */
export function addressFromPrivateKey(privateKey: Uint8Array): string {
  return addressFromPublicKeyXY(publicKeyXY(privateKey));
}
