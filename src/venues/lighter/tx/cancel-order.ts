import type { TxDefinition } from "./definition";
import { marketKind, validateAccountIndex, validateApiKeyIndex, validateNonceAndExpiredAt } from "./definition";
import { TX_TYPE } from "./limits";
import { validateOrderIndex } from "./order-index";

/** CancelOrder (type 15), lighter-go `types/txtypes/cancel_order.go` (SPEC §2.3). */
export const cancelOrder: TxDefinition<"MarketIndex" | "Index"> = {
  txType: TX_TYPE.CANCEL_ORDER,
  name: "CancelOrder",
  fields: [
    ["MarketIndex", "int16"],
    ["Index", "int64"],
  ],
  validate(tx) {
    validateAccountIndex(tx);
    validateApiKeyIndex(tx);
    marketKind(tx.MarketIndex);
    validateOrderIndex(tx.Index);
    validateNonceAndExpiredAt(tx);
  },
};
