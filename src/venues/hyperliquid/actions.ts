/**
 * Hyperliquid's L1 actions, built with their keys in the exact wire order (hyperliquid/SPEC.md §2): the
 * order of keys is the msgpack map order and therefore part of what is signed. Optional keys are left
 * out, never sent as null. Pure: the desk validates first, then builds, signs and sends what it built.
 */

export type Tif = "Gtc" | "Ioc" | "Alo";
export type Tpsl = "tp" | "sl";

export type OrderTypeWire = { limit: { tif: Tif } } | { trigger: { isMarket: boolean; triggerPx: string; tpsl: Tpsl } };

/** One order as it is signed: `a` asset, `b` is buy, `p` price, `s` size, `r` reduce only, `t` type, `c` cloid. */
export interface OrderWire {
  a: number;
  b: boolean;
  p: string;
  s: string;
  r: boolean;
  t: OrderTypeWire;
  c?: string;
}

export interface OrderFields {
  asset: number;
  isBuy: boolean;
  price: string;
  size: string;
  reduceOnly: boolean;
  type: OrderTypeWire;
  cloid?: string;
}

export function orderWire(order: OrderFields): OrderWire {
  const wire: OrderWire = { a: order.asset, b: order.isBuy, p: order.price, s: order.size, r: order.reduceOnly, t: order.type };
  if (order.cloid !== undefined) wire.c = order.cloid;
  return wire;
}

export function limitType(tif: Tif): OrderTypeWire {
  return { limit: { tif } };
}

/** isMarket comes first on the wire (the SDK's TypedDict lists triggerPx first; its wire builder does not). */
export function triggerType(isMarket: boolean, triggerPx: string, tpsl: Tpsl): OrderTypeWire {
  return { trigger: { isMarket, triggerPx, tpsl } };
}

/** Independent orders ("na" grouping: no TP/SL linkage). */
export function orderAction(orders: OrderWire[]) {
  return { type: "order", orders, grouping: "na" };
}

export function cancelAction(cancels: Array<{ asset: number; oid: number }>) {
  return { type: "cancel", cancels: cancels.map(({ asset, oid }) => ({ a: asset, o: oid })) };
}

/** By client order id: long key names here, unlike `cancel`. */
export function cancelByCloidAction(cancels: Array<{ asset: number; cloid: string }>) {
  return { type: "cancelByCloid", cancels: cancels.map(({ asset, cloid }) => ({ asset, cloid })) };
}

/** `oid` is Hyperliquid's order id or the order's cloid. Answered like `order`, one status per modify. */
export function batchModifyAction(modifies: Array<{ oid: number | string; order: OrderWire }>) {
  return { type: "batchModify", modifies: modifies.map(({ oid, order }) => ({ oid, order })) };
}

/** The dead-man's switch: cancel every open order at `time` (unix ms); without a time, the switch is cleared. */
export function scheduleCancelAction(time: number | undefined) {
  return time === undefined ? { type: "scheduleCancel" } : { type: "scheduleCancel", time };
}

export function updateLeverageAction(asset: number, isCross: boolean, leverage: number) {
  return { type: "updateLeverage", asset, isCross, leverage };
}
