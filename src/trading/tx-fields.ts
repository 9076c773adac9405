/**
 * From a validated HTTP request to the Lighter tx_info fields of one transaction (without the header
 * fields the desk adds: AccountIndex, ApiKeyIndex, Nonce, ExpiredAt), with the defaults a trader expects
 * and the clock checks that belong to the gateway, not the signer (lighter/SPEC.md §9).
 */
import { TX_TYPE } from "../venues/lighter/tx";
import { CANCEL_ALL_TIME_IN_FORCE, ORDER_TYPE, TIME_IN_FORCE } from "../venues/lighter/tx/limits";
import { HttpError } from "../http/errors";
import type { CancelAllRequest, CancelOrderRequest, CreateOrderRequest, ModifyOrderRequest, OrderType, TimeInForce } from "./requests";

export interface UnsignedTx {
  txType: number;
  /** tx_info fields by their Lighter names. */
  fields: Record<string, unknown>;
  /** For risk checks: the market and the notional inputs, when the tx opens or changes an order. */
  exposure?: { marketIndex: bigint; baseAmount: bigint; price: bigint };
}

/** The gateway's names for Lighter's codes (lighter/SPEC.md §2.2). */
const ORDER_TYPE_CODE: Record<OrderType, bigint> = {
  limit: ORDER_TYPE.LIMIT,
  market: ORDER_TYPE.MARKET,
  stop_loss: ORDER_TYPE.STOP_LOSS,
  stop_loss_limit: ORDER_TYPE.STOP_LOSS_LIMIT,
  take_profit: ORDER_TYPE.TAKE_PROFIT,
  take_profit_limit: ORDER_TYPE.TAKE_PROFIT_LIMIT,
  twap: ORDER_TYPE.TWAP,
};

const TIME_IN_FORCE_CODE: Record<TimeInForce, bigint> = {
  ioc: TIME_IN_FORCE.IMMEDIATE_OR_CANCEL,
  gtt: TIME_IN_FORCE.GOOD_TILL_TIME,
  post_only: TIME_IN_FORCE.POST_ONLY,
};

/** What Lighter's combination rules leave as the only or the natural choice per order type (SPEC §2.2). */
const DEFAULT_TIME_IN_FORCE: Record<OrderType, TimeInForce> = {
  limit: "gtt",
  market: "ioc",
  stop_loss: "ioc",
  stop_loss_limit: "gtt",
  take_profit: "ioc",
  take_profit_limit: "gtt",
  twap: "gtt",
};

const CANCEL_ALL_CODE = {
  immediate: CANCEL_ALL_TIME_IN_FORCE.IMMEDIATE,
  scheduled: CANCEL_ALL_TIME_IN_FORCE.SCHEDULED,
  abort: CANCEL_ALL_TIME_IN_FORCE.ABORT_SCHEDULED,
} as const;

/** The SDKs' default for an order that must expire: now + 28 days (lighter/SPEC.md §2.2). */
const DEFAULT_ORDER_LIFETIME_MS = 28n * 24n * 60n * 60n * 1000n;

/** Attribute 5 (CancelAllMarketIndex) restricts an immediate cancel-all to one market. */
const CANCEL_ALL_MARKET_ATTRIBUTE = "5";

function needsExpiry(orderType: OrderType, timeInForce: TimeInForce): boolean {
  return !(orderType === "market" || (orderType === "limit" && timeInForce === "ioc"));
}

function requireFuture(field: string, unixMs: bigint, nowMs: bigint): void {
  if (unixMs <= nowMs) throw new HttpError(400, "invalid_request", `${field} must be in the future (unix milliseconds)`, { field });
}

export function createOrderTx(request: CreateOrderRequest, nowMs: bigint): UnsignedTx {
  const timeInForce = request.time_in_force ?? DEFAULT_TIME_IN_FORCE[request.order_type];
  let orderExpiry = request.order_expiry;
  if (orderExpiry === undefined) {
    orderExpiry = needsExpiry(request.order_type, timeInForce) ? nowMs + DEFAULT_ORDER_LIFETIME_MS : 0n;
  } else if (orderExpiry !== 0n) {
    requireFuture("order_expiry", orderExpiry, nowMs);
  }
  const price = (request.price ?? request.avg_execution_price) as bigint;
  return {
    txType: TX_TYPE.CREATE_ORDER,
    fields: {
      MarketIndex: request.market_index,
      ClientOrderIndex: request.client_order_index,
      BaseAmount: request.base_amount,
      Price: price,
      IsAsk: request.is_ask ? 1 : 0,
      Type: ORDER_TYPE_CODE[request.order_type],
      TimeInForce: TIME_IN_FORCE_CODE[timeInForce],
      ReduceOnly: request.reduce_only === true ? 1 : 0,
      TriggerPrice: request.trigger_price ?? 0n,
      OrderExpiry: orderExpiry,
    },
    exposure: { marketIndex: request.market_index, baseAmount: request.base_amount, price },
  };
}

export function cancelOrderTx(request: CancelOrderRequest): UnsignedTx {
  return { txType: TX_TYPE.CANCEL_ORDER, fields: { MarketIndex: request.market_index, Index: request.order_index } };
}

export function cancelAllTx(request: CancelAllRequest, nowMs: bigint): UnsignedTx {
  if (request.time !== undefined) requireFuture("time", request.time, nowMs);
  return {
    txType: TX_TYPE.CANCEL_ALL_ORDERS,
    fields: {
      TimeInForce: CANCEL_ALL_CODE[request.mode],
      Time: request.time ?? 0n,
      L2TxAttributes: request.market_index === undefined ? null : { [CANCEL_ALL_MARKET_ATTRIBUTE]: request.market_index },
    },
  };
}

export function modifyOrderTx(request: ModifyOrderRequest): UnsignedTx {
  return {
    txType: TX_TYPE.MODIFY_ORDER,
    fields: {
      MarketIndex: request.market_index,
      Index: request.order_index,
      BaseAmount: request.base_amount,
      Price: request.price,
      TriggerPrice: request.trigger_price ?? 0n,
    },
    exposure: { marketIndex: request.market_index, baseAmount: request.base_amount, price: request.price },
  };
}

/** tx_info field → the request field a caller sent, so a signer refusal names the caller's field. */
const REQUEST_FIELD: Record<number, Record<string, string>> = {
  [TX_TYPE.CREATE_ORDER]: {
    MarketIndex: "market_index",
    ClientOrderIndex: "client_order_index",
    BaseAmount: "base_amount",
    Price: "price",
    IsAsk: "is_ask",
    Type: "order_type",
    TimeInForce: "time_in_force",
    ReduceOnly: "reduce_only",
    TriggerPrice: "trigger_price",
    OrderExpiry: "order_expiry",
  },
  [TX_TYPE.CANCEL_ORDER]: { MarketIndex: "market_index", Index: "order_index" },
  [TX_TYPE.CANCEL_ALL_ORDERS]: { TimeInForce: "mode", Time: "time", L2TxAttributes: "market_index" },
  [TX_TYPE.MODIFY_ORDER]: { MarketIndex: "market_index", Index: "order_index", BaseAmount: "base_amount", Price: "price", TriggerPrice: "trigger_price" },
};

/** The caller's field for a signer field, or undefined when the field is the gateway's own (account, key, nonce). */
export function requestFieldFor(txType: number, txField: string): string | undefined {
  return REQUEST_FIELD[txType]?.[txField];
}
