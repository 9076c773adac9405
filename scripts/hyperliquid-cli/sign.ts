import { l1Digest, signDigest, toHex0x } from "../../src/venues/hyperliquid/signing";
import { type LineOutput, parseLineObject } from "../cli/lines";
import { l1Line, lineActionHash } from "./request";

/**
 * `{"action","nonce","vault_address"?,"expires_after"?}` -> `{"action_hash","signature":{"r","s","v"},"signer"}`.
 * The signature is the deterministic RFC 6979 one, so the same line always signs the same.
 */
export function signLine(line: string, privateKey: Uint8Array, signer: string, isMainnet: boolean): LineOutput {
  const hash = lineActionHash(l1Line(parseLineObject(line)));
  return { action_hash: toHex0x(hash), signature: signDigest(l1Digest(hash, isMainnet), privateKey), signer };
}
