import { ATTRIBUTE, attributeField, type TxAttributes } from "./attributes";
import type { TxDefinition } from "./definition";
import { validateAccountIndex, validateNonceAndExpiredAt } from "./definition";
import { TxFieldError } from "./errors";
import { requireRange } from "./integer";
import {
  CANCEL_ALL_TIME_IN_FORCE,
  MAX_API_KEY_INDEX,
  MAX_ORDER_EXPIRY,
  MIN_API_KEY_INDEX,
  MIN_ORDER_EXPIRY,
  NIL_API_KEY_INDEX,
  NIL_MARKET_INDEX,
  TX_TYPE,
} from "./limits";

/**
 * CancelAllOrders (type 16), lighter-go `types/txtypes/cancel_all_orders.go` (SPEC §2.4):
 * TimeInForce 0 = now (Time 0), 1 = scheduled at Time (unix ms, > 0), 2 = abort the scheduled one
 * (Time 0). Attribute 5 limits an immediate cancel-all to one market.
 */
export const cancelAllOrders: TxDefinition<"TimeInForce" | "Time"> = {
  txType: TX_TYPE.CANCEL_ALL_ORDERS,
  name: "CancelAllOrders",
  fields: [
    ["TimeInForce", "uint8"],
    ["Time", "int64"],
  ],
  validate(tx, attributes) {
    validateAccountIndex(tx);
    // The only order tx whose Validate() also accepts ApiKeyIndex 255 (nil: all API keys).
    if (tx.ApiKeyIndex !== NIL_API_KEY_INDEX) requireRange("ApiKeyIndex", tx.ApiKeyIndex, MIN_API_KEY_INDEX, MAX_API_KEY_INDEX);
    validateNonceAndExpiredAt(tx);
    validateMarketAttribute(tx.TimeInForce, attributes);
    switch (tx.TimeInForce) {
      case CANCEL_ALL_TIME_IN_FORCE.IMMEDIATE:
      case CANCEL_ALL_TIME_IN_FORCE.ABORT_SCHEDULED:
        if (tx.Time !== 0n) throw new TxFieldError("Time", `Time must be 0 with TimeInForce ${tx.TimeInForce}`);
        return;
      case CANCEL_ALL_TIME_IN_FORCE.SCHEDULED:
        if (tx.Time < MIN_ORDER_EXPIRY || tx.Time > MAX_ORDER_EXPIRY) {
          throw new TxFieldError("Time", "Time must be the scheduled cancel time in unix ms (> 0) with TimeInForce 1 (scheduled)");
        }
        return;
      default:
        throw new TxFieldError("TimeInForce", "TimeInForce must be 0 (immediate), 1 (scheduled) or 2 (abort scheduled)");
    }
  },
};

function validateMarketAttribute(timeInForce: bigint, attributes: TxAttributes): void {
  const market = attributes?.get(ATTRIBUTE.CANCEL_ALL_MARKET_INDEX);
  if (market !== undefined && market !== NIL_MARKET_INDEX && timeInForce !== CANCEL_ALL_TIME_IN_FORCE.IMMEDIATE) {
    const field = attributeField(ATTRIBUTE.CANCEL_ALL_MARKET_INDEX);
    throw new TxFieldError(field, `${field} (CancelAllMarketIndex) is only allowed with TimeInForce 0 (immediate)`);
  }
}
