import { hexToBytes } from "../../src/venues/lighter/crypto";
import { verifyTx } from "../../src/venues/lighter/tx";
import { LineError, lineInteger, onlyKeys, parseLineObject, type LineOutput } from "../cli/lines";
import { supportedTxType } from "./sign";

/**
 * `{"public_key":"…","tx_type":14,"tx_info":"…","chain_id":304}` -> `{"valid":true|false}`.
 * A malformed line is an error; a well-formed line whose tx_info or signature does not hold is
 * `{"valid":false}`.
 */
export function verifyLine(line: string, defaultChainId: number): LineOutput {
  const request = parseLineObject(line);
  onlyKeys(request, ["public_key", "tx_type", "tx_info", "chain_id"]);
  const publicKeyHex = request.public_key;
  if (typeof publicKeyHex !== "string" || !/^(0x)?[0-9a-fA-F]{80}$/.test(publicKeyHex)) {
    throw new LineError("invalid_line", "public_key must be 80 hex characters (40 bytes)", "public_key");
  }
  const txType = supportedTxType(request);
  const chainId = lineInteger(request, "chain_id", 0, 0xffffffff, defaultChainId);
  const txInfo = request.tx_info;
  if (typeof txInfo !== "string") {
    throw new LineError("invalid_line", "tx_info must be the signed tx_info JSON as a string", "tx_info");
  }
  return { valid: verifyTx(chainId, txType, txInfo, hexToBytes(publicKeyHex.replace(/^0x/, ""))) };
}
