import { TX_TYPE, TxFieldError, signTx } from "../../src/venues/lighter/tx";
import { LineError, errorLine, lineInteger, onlyKeys, parseLineObject, type LineOutput } from "../cli/lines";

const TX_TYPES: readonly number[] = Object.values(TX_TYPE);

/** `{"tx_type":14,"tx_info":{…}}` -> `{"tx_type":14,"tx_hash":"…","tx_info":"<signed tx_info JSON>"}`. */
export function signLine(line: string, privateKey: bigint, chainId: number): LineOutput {
  const request = parseLineObject(line);
  onlyKeys(request, ["tx_type", "tx_info"]);
  const txType = supportedTxType(request);
  const txInfo = request.tx_info;
  if (typeof txInfo !== "object" || txInfo === null || Array.isArray(txInfo)) {
    throw new LineError("invalid_line", "tx_info must be an object of tx_info fields (without Sig)", "tx_info");
  }
  try {
    const signed = signTx(chainId, txType, txInfo, privateKey);
    return { tx_type: signed.txType, tx_hash: signed.txHash, tx_info: signed.txInfo };
  } catch (error) {
    if (error instanceof TxFieldError) return errorLine("invalid_tx", error.message, error.field);
    throw error;
  }
}

export function supportedTxType(request: Parameters<typeof lineInteger>[0]): number {
  const txType = lineInteger(request, "tx_type", 0, 255);
  if (!TX_TYPES.includes(txType)) {
    throw new LineError("invalid_line", `tx_type must be one of ${TX_TYPES.join(", ")} (CreateOrder, CancelOrder, CancelAllOrders, ModifyOrder)`, "tx_type");
  }
  return txType;
}
