import { bytesToHex, hashToQuinticExtension, schnorrSign } from "../crypto";
import { toGoInteger, requireRange } from "./integer";
import { MAX_ACCOUNT_INDEX, MAX_API_KEY_INDEX, MIN_ACCOUNT_INDEX, MIN_API_KEY_INDEX } from "./limits";

/**
 * The auth token for Lighter's authenticated reads (lighter-go `ConstructAuthToken`, SPEC §2.9):
 * `"<deadline>:<account>:<api key>:" + hex(Schnorr(H(message)))`. The server honours it only while
 * its deadline is at most 8 hours away; choosing the deadline is the caller's job.
 */
export function createAuthToken(
  privateKey: bigint,
  deadlineUnixSeconds: bigint | number,
  accountIndex: bigint | number,
  apiKeyIndex: number,
  k?: bigint,
): string {
  const deadline = toGoInteger("deadline", deadlineUnixSeconds, "int64");
  requireRange("deadline", deadline, 0n, 2n ** 63n - 1n);
  const account = toGoInteger("AccountIndex", accountIndex, "int64");
  requireRange("AccountIndex", account, MIN_ACCOUNT_INDEX, MAX_ACCOUNT_INDEX);
  const apiKey = toGoInteger("ApiKeyIndex", apiKeyIndex, "uint8");
  requireRange("ApiKeyIndex", apiKey, MIN_API_KEY_INDEX, MAX_API_KEY_INDEX);
  const message = `${deadline}:${account}:${apiKey}`;
  const signature = schnorrSign(hashToQuinticExtension(authMessageElements(message)), privateKey, k);
  return `${message}:${bytesToHex(signature)}`;
}

/**
 * The ASCII message as field elements: 8-byte chunks read little-endian, the last zero-padded
 * (`ArrayFromCanonicalLittleEndianBytes`). ASCII chunks are below 2^63 < p, so always canonical.
 */
export function authMessageElements(message: string): bigint[] {
  const bytes = new TextEncoder().encode(message);
  const padded = new Uint8Array(Math.ceil(bytes.length / 8) * 8);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  const elements: bigint[] = [];
  for (let offset = 0; offset < padded.length; offset += 8) elements.push(view.getBigUint64(offset, true));
  return elements;
}
