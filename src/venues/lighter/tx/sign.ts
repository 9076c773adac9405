import { type Gfp5, bytesToHex, gfp5ToBytes, hashToQuinticExtension, schnorrSign, schnorrVerify } from "../crypto";
import { attributeHashElements } from "./attributes";
import { parseJsonLossless } from "../../../lossless-json";
import { decodeSig } from "./sig-base64";
import { type ParsedTx, parseChainId, parseTxInfo, txHashElements, txInfoJson } from "./transaction";

export interface SignedTx {
  readonly txType: number;
  /** The 40-byte tx hash as 80 lowercase hex characters, no 0x: what sendTx answers as `tx_hash`. */
  readonly txHash: string;
  /** The exact tx_info JSON lighter-go's GetTxInfo() produces for this transaction. */
  readonly txInfo: string;
}

/**
 * Validates, hashes and signs one transaction. `txInfo` holds the tx_info fields by name (without Sig);
 * integers as safe numbers, decimal strings or bigints. Throws TxFieldError naming the first bad field.
 * `k` is for known-answer tests only: production signing must leave it out so a fresh k is drawn.
 */
export function signTx(chainId: number, txType: number, txInfo: Record<string, unknown>, privateKey: bigint, k?: bigint): SignedTx {
  const chain = parseChainId(chainId);
  const tx = parseTxInfo(txType, txInfo);
  const hash = hashParsedTx(chain, tx);
  const sig = schnorrSign(hash, privateKey, k);
  return { txType, txHash: bytesToHex(gfp5ToBytes(hash)), txInfo: txInfoJson(tx, sig) };
}

/** The tx hash (hex) that signTx would sign, after the same validation. */
export function txHash(chainId: number, txType: number, txInfo: Record<string, unknown>): string {
  return bytesToHex(gfp5ToBytes(hashParsedTx(parseChainId(chainId), parseTxInfo(txType, txInfo))));
}

/**
 * True iff `signedTxInfo` is a valid tx_info of `txType` (same parsing and validation as signing) whose
 * Sig verifies under `publicKey` for the hash recomputed from its fields. Never throws.
 */
export function verifyTx(chainId: number, txType: number, signedTxInfo: string, publicKey: Uint8Array): boolean {
  try {
    const json = parseJsonLossless(signedTxInfo);
    if (typeof json !== "object" || json === null || Array.isArray(json)) return false;
    const sigText = json.Sig;
    if (typeof sigText !== "string") return false;
    const sig = decodeSig(sigText);
    if (sig === null) return false;
    const tx = parseTxInfo(txType, json, ["Sig"]);
    return schnorrVerify(publicKey, hashParsedTx(parseChainId(chainId), tx), sig);
  } catch {
    return false;
  }
}

/**
 * Poseidon2 of the tx elements; when attributes are present, combined with their hash
 * (`AggregateTxHash`, SPEC §2.6): H(inner ‖ H(attribute elements)).
 */
function hashParsedTx(chainId: bigint, tx: ParsedTx): Gfp5 {
  const inner = hashToQuinticExtension(txHashElements(chainId, tx));
  const attributeElements = attributeHashElements(tx.attributes);
  if (attributeElements === null) return inner;
  return hashToQuinticExtension([...inner, ...hashToQuinticExtension(attributeElements)]);
}
