/**
 * Recovering the signer of a signature, by @noble/curves: an implementation independent of the signing
 * code here, so a check "recovers to the expected signer" also cross-checks that code. Off the order
 * path (tests, the CLI, start-up checks), so noble's load time does not matter where it is used.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { type Signature, parseSignature } from "./ecdsa.js";
import { addressFromPublicKeyXY } from "./keys.js";

/**
 * The address that made `signature` over `digest` (lowercase 0x + 40 hex). r and s may be unpadded, as
 * the Python SDK sends them. Any valid (r, s, v) recovers to some address, so this is a check only when
 * compared with the expected signer.
 */
export function recoverSigner(digest: Uint8Array, signature: Signature): string {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new Error("the digest must be 32 bytes");
  const { r, s, recovery } = parseSignature(signature);
  const point = new secp256k1.Signature(r, s, recovery).recoverPublicKey(digest);
  return addressFromPublicKeyXY(point.toBytes(false).subarray(1));
}
