/**
 * The L1 action hash ("connectionId", SPEC §4.2):
 *
 *   keccak256( msgpack(action) ‖ nonce u64 BE ‖ (0x00 | 0x01 ‖ vault 20 bytes) ‖ [0x00 ‖ expiresAfter u64 BE] )
 *
 * The expiresAfter marker is 0x00, not 0x01 (unlike the vault's). The action is hashed exactly as given,
 * key order included: building it in the wire order (SPEC §2) is the caller's job, and so is sending
 * the very same object, since the node hashes its own re-serialisation of what it parsed.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { addressBytes, toU64 } from "./hex.js";
import { encodeMsgpackShared } from "./msgpack.js";

export function actionHash(
  action: unknown,
  nonce: number | bigint,
  vaultAddress?: string | null,
  expiresAfter?: number | bigint | null,
): Uint8Array {
  // Checked before encoding: the writer below is shared, and these must not fail half-way.
  const nonceValue = toU64(nonce, "nonce");
  const vault = vaultAddress === undefined || vaultAddress === null ? undefined : addressBytes(vaultAddress, "vaultAddress");
  const expires = expiresAfter === undefined || expiresAfter === null ? undefined : toU64(expiresAfter, "expiresAfter");
  const w = encodeMsgpackShared(action);
  w.u64(nonceValue);
  if (vault === undefined) {
    w.u8(0x00);
  } else {
    w.u8(0x01);
    w.raw(vault);
  }
  if (expires !== undefined) {
    w.u8(0x00);
    w.u64(expires);
  }
  return keccak_256(w.written());
}
