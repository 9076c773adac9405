/**
 * Hex and fixed-width integer helpers shared by the signing files. Hyperliquid puts 0x-prefixed lowercase
 * hex on the wire (addresses, hashes, r and s), so everything here produces lowercase and accepts either
 * case only where the protocol is case-insensitive (hex that is decoded to bytes).
 */
import { bytesToHex } from "@noble/hashes/utils.js";

/** `0x` + lowercase hex of `bytes`. */
export function toHex0x(bytes: Uint8Array): string {
  return `0x${bytesToHex(bytes)}`;
}

/** A bigint below 2^256 as `0x` + 64 lowercase hex digits (zero-padded: r and s on the wire, SPEC §5). */
export function toHex32(value: bigint): string {
  return `0x${value.toString(16).padStart(64, "0")}`;
}

/** Big-endian bytes to a non-negative bigint. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}

/** A non-negative bigint below 2^(8·length) as `length` big-endian bytes. */
export function bigintToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, "0");
  if (value < 0n || hex.length !== length * 2) throw new RangeError(`value does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The 20 bytes of an address given as `0x` + 40 hex digits. Case is not checked (no EIP-55 checksum):
 * Hyperliquid decodes these to bytes, so case cannot change a hash (SPEC §4.2, §6).
 */
export function addressBytes(text: unknown, what: string): Uint8Array {
  if (typeof text !== "string" || !ADDRESS.test(text)) throw new Error(`${what} must be an address: 0x followed by 40 hex digits`);
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = parseInt(text.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

const UINT64_MAX = (1n << 64n) - 1n;

/** A u64 given as a non-negative safe-integer number or a bigint; throws naming `what` otherwise. */
export function toU64(value: unknown, what: string): bigint {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`${what} must be a non-negative integer (a number up to 2^53 - 1, or a bigint below 2^64)`);
    }
    return BigInt(value);
  }
  if (typeof value === "bigint") {
    if (value < 0n || value > UINT64_MAX) throw new Error(`${what} must be between 0 and 2^64 - 1`);
    return value;
  }
  throw new Error(`${what} must be an integer (number or bigint)`);
}
