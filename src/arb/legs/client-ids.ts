/**
 * The pair desk names each leg order with a text client id (pair and step); each venue wants its own kind
 * of id. Both are derived from SHA-256 of the text, so the same client id always names the same venue
 * order: a repeat after a restart reaches the desk's idempotency record, and a lookup finds the order,
 * without the mapping having to be stored anywhere.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { MAX_CLIENT_ORDER_INDEX, MIN_CLIENT_ORDER_INDEX } from "../../venues/lighter/tx/limits";

function digest(clientId: string): Uint8Array {
  return sha256(new TextEncoder().encode(clientId));
}

/** Hyperliquid's cloid: 0x + the first 16 bytes of the digest, lowercase (as the desk records cloids). */
export function hyperliquidCloid(clientId: string): string {
  return `0x${bytesToHex(digest(clientId).subarray(0, 16))}`;
}

/**
 * Lighter's client_order_index: the first 6 bytes of the digest (0 … 2^48 − 1) folded into 1 … 2^48 − 1,
 * since 0 means "no client index" to Lighter.
 */
export function lighterClientOrderIndex(clientId: string): bigint {
  const value = BigInt(`0x${bytesToHex(digest(clientId).subarray(0, 6))}`);
  return MIN_CLIENT_ORDER_INDEX + (value % (MAX_CLIENT_ORDER_INDEX - MIN_CLIENT_ORDER_INDEX + 1n));
}
