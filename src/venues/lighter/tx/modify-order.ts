import type { TxDefinition } from "./definition";
import { marketKind, validateAccountIndex, validateApiKeyIndex, validateNonceAndExpiredAt } from "./definition";
import { requireRange } from "./integer";
import { MAX_BASE_AMOUNT, MAX_PRICE, MIN_PRICE, TX_TYPE } from "./limits";
import { validateOrderIndex } from "./order-index";

/** ModifyOrder (type 17), lighter-go `types/txtypes/modify_order.go` (SPEC §2.5). */
export const modifyOrder: TxDefinition<"MarketIndex" | "Index" | "BaseAmount" | "Price" | "TriggerPrice"> = {
  txType: TX_TYPE.MODIFY_ORDER,
  name: "ModifyOrder",
  fields: [
    ["MarketIndex", "int16"],
    ["Index", "int64"],
    ["BaseAmount", "int64"],
    ["Price", "uint32"],
    ["TriggerPrice", "uint32"],
  ],
  validate(tx) {
    validateAccountIndex(tx);
    validateApiKeyIndex(tx);
    marketKind(tx.MarketIndex);
    validateOrderIndex(tx.Index);
    // Unlike CreateOrder, lighter-go accepts BaseAmount 0 (nil) here whatever the order's reduce-only flag.
    requireRange("BaseAmount", tx.BaseAmount, 0n, MAX_BASE_AMOUNT);
    requireRange("Price", tx.Price, MIN_PRICE, MAX_PRICE);
    // TriggerPrice (0 = none, else 1..2^32-1) spans all of uint32, already enforced on parsing.
    validateNonceAndExpiredAt(tx);
  },
};
