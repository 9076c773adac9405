import type { TxDefinition } from "./definition";
import { type MarketKind, marketKind, validateAccountIndex, validateApiKeyIndex, validateNonceAndExpiredAt } from "./definition";
import { TxFieldError } from "./errors";
import { requireRange } from "./integer";
import {
  MAX_BASE_AMOUNT,
  MAX_CLIENT_ORDER_INDEX,
  MAX_PRICE,
  MIN_BASE_AMOUNT,
  MIN_CLIENT_ORDER_INDEX,
  MIN_PRICE,
  NIL_BASE_AMOUNT,
  NIL_CLIENT_ORDER_INDEX,
  NIL_ORDER_EXPIRY,
  NIL_TRIGGER_PRICE,
  ORDER_TYPE,
  TIME_IN_FORCE,
  TX_TYPE,
} from "./limits";

type Field =
  | "MarketIndex"
  | "ClientOrderIndex"
  | "BaseAmount"
  | "Price"
  | "IsAsk"
  | "Type"
  | "TimeInForce"
  | "ReduceOnly"
  | "TriggerPrice"
  | "OrderExpiry";

const TYPE_NAME = ["Limit", "Market", "StopLoss", "StopLossLimit", "TakeProfit", "TakeProfitLimit", "TWAP"];

/** CreateOrder (type 14), lighter-go `types/txtypes/create_order.go` (SPEC §2.2). */
export const createOrder: TxDefinition<Field> = {
  txType: TX_TYPE.CREATE_ORDER,
  name: "CreateOrder",
  fields: [
    ["MarketIndex", "int16"],
    ["ClientOrderIndex", "int64"],
    ["BaseAmount", "int64"],
    ["Price", "uint32"],
    ["IsAsk", "uint8"],
    ["Type", "uint8"],
    ["TimeInForce", "uint8"],
    ["ReduceOnly", "uint8"],
    ["TriggerPrice", "uint32"],
    ["OrderExpiry", "int64"],
  ],
  // Same checks in the same order as Validate(), so the first error names the same field as Go would.
  validate(tx) {
    validateAccountIndex(tx);
    validateApiKeyIndex(tx);
    const market = marketKind(tx.MarketIndex);
    if (tx.ClientOrderIndex !== NIL_CLIENT_ORDER_INDEX) {
      requireRange("ClientOrderIndex", tx.ClientOrderIndex, MIN_CLIENT_ORDER_INDEX, MAX_CLIENT_ORDER_INDEX);
    }
    if (tx.BaseAmount === NIL_BASE_AMOUNT && tx.ReduceOnly !== 1n) {
      throw new TxFieldError("BaseAmount", "BaseAmount may be 0 only on a reduce-only order (ReduceOnly 1)");
    }
    if (tx.BaseAmount !== NIL_BASE_AMOUNT) requireRange("BaseAmount", tx.BaseAmount, MIN_BASE_AMOUNT, MAX_BASE_AMOUNT);
    requireRange("Price", tx.Price, MIN_PRICE, MAX_PRICE);
    requireRange("IsAsk", tx.IsAsk, 0n, 1n);
    requireRange("TimeInForce", tx.TimeInForce, TIME_IN_FORCE.IMMEDIATE_OR_CANCEL, TIME_IN_FORCE.POST_ONLY);
    requireRange("ReduceOnly", tx.ReduceOnly, 0n, 1n);
    if (market === "spot" && tx.ReduceOnly === 1n) {
      throw new TxFieldError("ReduceOnly", "ReduceOnly must be 0 on a spot market");
    }
    // OrderExpiry: 0 (nil) or 1..2^63-1, i.e. not negative.
    if (tx.OrderExpiry < NIL_ORDER_EXPIRY) throw new TxFieldError("OrderExpiry", "OrderExpiry must not be negative");
    validateOrderType(tx, market);
    // TriggerPrice's own range (0 or 1..2^32-1) is the whole uint32 range, already enforced on parsing.
    validateNonceAndExpiredAt(tx);
  },
};

type OrderTypeFields = Readonly<Record<"Type" | "TimeInForce" | "TriggerPrice" | "OrderExpiry", bigint>>;

// Messages are built only on failure, by module-level functions: this runs on the signing hot path, where
// formatting them (or creating closures) for every valid order showed up in profiles.
function typeRuleError(tx: OrderTypeFields, field: string, rule: string): TxFieldError {
  return new TxFieldError(field, `${field} ${rule} for a ${TYPE_NAME[Number(tx.Type)]} order (Type ${tx.Type})`);
}

function perpsOnlyError(tx: OrderTypeFields): TxFieldError {
  return new TxFieldError("Type", `Type ${tx.Type} (${TYPE_NAME[Number(tx.Type)]}) is only allowed on a perps market`);
}

function validateOrderType(tx: OrderTypeFields, market: MarketKind): void {
  const isIoc = tx.TimeInForce === TIME_IN_FORCE.IMMEDIATE_OR_CANCEL;
  const hasTrigger = tx.TriggerPrice !== NIL_TRIGGER_PRICE;
  const hasExpiry = tx.OrderExpiry !== NIL_ORDER_EXPIRY;
  switch (tx.Type) {
    case ORDER_TYPE.MARKET:
      if (!isIoc) throw typeRuleError(tx, "TimeInForce", "must be 0 (ImmediateOrCancel)");
      if (hasExpiry) throw typeRuleError(tx, "OrderExpiry", "must be 0");
      if (hasTrigger) throw typeRuleError(tx, "TriggerPrice", "must be 0");
      return;
    case ORDER_TYPE.LIMIT:
      if (hasTrigger) throw typeRuleError(tx, "TriggerPrice", "must be 0");
      if (isIoc && hasExpiry) throw typeRuleError(tx, "OrderExpiry", "must be 0 with TimeInForce 0 (ImmediateOrCancel)");
      if (!isIoc && !hasExpiry) throw typeRuleError(tx, "OrderExpiry", "must be set (non-zero) with TimeInForce GoodTillTime or PostOnly");
      return;
    case ORDER_TYPE.STOP_LOSS:
    case ORDER_TYPE.TAKE_PROFIT:
      if (market !== "perps") throw perpsOnlyError(tx);
      if (!isIoc) throw typeRuleError(tx, "TimeInForce", "must be 0 (ImmediateOrCancel)");
      if (!hasTrigger) throw typeRuleError(tx, "TriggerPrice", "must be set (non-zero)");
      if (!hasExpiry) throw typeRuleError(tx, "OrderExpiry", "must be set (non-zero)");
      return;
    case ORDER_TYPE.STOP_LOSS_LIMIT:
    case ORDER_TYPE.TAKE_PROFIT_LIMIT:
      if (market !== "perps") throw perpsOnlyError(tx);
      if (!hasTrigger) throw typeRuleError(tx, "TriggerPrice", "must be set (non-zero)");
      if (!hasExpiry) throw typeRuleError(tx, "OrderExpiry", "must be set (non-zero)");
      return;
    case ORDER_TYPE.TWAP:
      if (tx.TimeInForce !== TIME_IN_FORCE.GOOD_TILL_TIME) throw typeRuleError(tx, "TimeInForce", "must be 1 (GoodTillTime)");
      if (hasTrigger) throw typeRuleError(tx, "TriggerPrice", "must be 0");
      if (!hasExpiry) throw typeRuleError(tx, "OrderExpiry", "must be set (non-zero)");
      return;
    default:
      throw new TxFieldError("Type", "Type must be 0 Limit, 1 Market, 2 StopLoss, 3 StopLossLimit, 4 TakeProfit, 5 TakeProfitLimit or 6 TWAP");
  }
}
