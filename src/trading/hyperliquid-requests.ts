/**
 * The Hyperliquid requests the gateway accepts over HTTP (snake_case, decimal strings), validated with zod.
 * These are shape rules only; the rules that depend on the coin (its size decimals, the price step, the
 * $10 minimum) need Hyperliquid's `meta` and are checked by the desk before anything is signed.
 */
import * as z from "zod";
import { PLAIN_DECIMAL } from "./decimal";

export const HL_ORDER_TYPES = ["limit", "market", "stop_market", "stop_limit", "take_profit_market", "take_profit_limit"] as const;
export const HL_TIME_IN_FORCE = ["gtc", "ioc", "alo"] as const;
export const HL_MARGIN_MODES = ["cross", "isolated"] as const;
export type HyperliquidOrderType = (typeof HL_ORDER_TYPES)[number];

/** At most this many orders or cancels in one batch action (one IP request, n address requests: SPEC §9). */
export const HL_MAX_BATCH_SIZE = 50;

/** A trigger order's kind: which ones fire at market, and which are take-profits. */
export const TRIGGER_KINDS: Readonly<Partial<Record<HyperliquidOrderType, { isMarket: boolean; tpsl: "tp" | "sl" }>>> = {
  stop_market: { isMarket: true, tpsl: "sl" },
  stop_limit: { isMarket: false, tpsl: "sl" },
  take_profit_market: { isMarket: true, tpsl: "tp" },
  take_profit_limit: { isMarket: false, tpsl: "tp" },
};

const coin = z.string({ error: "must be a Hyperliquid coin name such as BTC or kPEPE" }).regex(/^[A-Za-z0-9]{1,20}$/, "must be a Hyperliquid coin name such as BTC or kPEPE");

const decimalString = z
  .string({ error: 'must be a decimal string such as "0.01" (numbers are refused: a float cannot carry every decimal exactly)' })
  .regex(PLAIN_DECIMAL, 'must be a plain decimal string such as "0.01" or "65000" (no sign, exponent or spaces)');

/** Hyperliquid's client order id: 128 bits as 0x + 32 hex, sent lowercase (SPEC §2). */
export const cloid = z
  .string({ error: "must be 0x followed by 32 hex characters" })
  .regex(/^0x[0-9a-fA-F]{32}$/, "must be 0x followed by 32 hex characters")
  .transform((value) => value.toLowerCase());

/** Hyperliquid's order id (a u64 in practice below 2^53) or the order's cloid. */
export const orderId = z.union([z.number(), z.string()], { error: "must be an order id (an integer) or a cloid (0x + 32 hex)" }).transform((value, ctx) => {
  const text = String(value);
  if (/^0x[0-9a-fA-F]{32}$/.test(text)) return text.toLowerCase();
  if (/^(0|[1-9]\d{0,15})$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  ctx.addIssue({ code: "custom", message: "must be an order id (an integer) or a cloid (0x + 32 hex)" });
  return z.NEVER;
});

const orderFields = {
  is_buy: z.boolean({ error: "must be true (buy) or false (sell)" }),
  size: decimalString,
  price: decimalString,
  order_type: z.enum(HL_ORDER_TYPES, { error: `must be one of ${HL_ORDER_TYPES.join(", ")}` }),
  time_in_force: z.enum(HL_TIME_IN_FORCE, { error: `must be one of ${HL_TIME_IN_FORCE.join(", ")}` }).optional(),
  reduce_only: z.boolean({ error: "must be true or false" }).default(false),
  trigger_price: decimalString.optional(),
};

interface OrderShape {
  order_type: HyperliquidOrderType;
  time_in_force?: string | undefined;
  trigger_price?: string | undefined;
}

/** Which fields go with which order type. A market order is an IOC limit at the caller's worst price. */
function orderTypeRules(order: OrderShape, ctx: z.RefinementCtx): void {
  const trigger = TRIGGER_KINDS[order.order_type] !== undefined;
  if (trigger && order.trigger_price === undefined) {
    ctx.addIssue({ code: "custom", path: ["trigger_price"], message: `is required for a ${order.order_type} order` });
  }
  if (!trigger && order.trigger_price !== undefined) {
    ctx.addIssue({ code: "custom", path: ["trigger_price"], message: "is only allowed with a stop or take-profit order type" });
  }
  if (trigger && order.time_in_force !== undefined) {
    ctx.addIssue({ code: "custom", path: ["time_in_force"], message: "is not allowed with a trigger order (it rests until triggered)" });
  }
  if (order.order_type === "market" && order.time_in_force !== undefined && order.time_in_force !== "ioc") {
    ctx.addIssue({ code: "custom", path: ["time_in_force"], message: "must be ioc (or left out) for a market order: it is an IOC limit at price, the worst price you accept" });
  }
}

export const hyperliquidOrderRequest = z.strictObject({ coin, ...orderFields, cloid }).superRefine(orderTypeRules);

/** PATCH /orders/hyperliquid/:coin/:order_id: the order's new terms; a cloid here names the new order. */
export const hyperliquidModifyRequest = z.strictObject({ ...orderFields, cloid: cloid.optional() }).superRefine(orderTypeRules);

export const hyperliquidCancelTarget = z.strictObject({ coin, order_id: orderId });

export const hyperliquidBatchRequest = z
  .strictObject({
    orders: z.array(hyperliquidOrderRequest).min(1, "must hold at least one order").max(HL_MAX_BATCH_SIZE, `must hold at most ${HL_MAX_BATCH_SIZE} orders`).optional(),
    cancels: z.array(hyperliquidCancelTarget).min(1, "must hold at least one cancel").max(HL_MAX_BATCH_SIZE, `must hold at most ${HL_MAX_BATCH_SIZE} cancels`).optional(),
  })
  .superRefine((batch, ctx) => {
    if ((batch.orders === undefined) === (batch.cancels === undefined)) {
      ctx.addIssue({ code: "custom", path: batch.orders === undefined ? ["orders"] : ["cancels"], message: "give either orders or cancels: one batch is one Hyperliquid action" });
      return;
    }
    const ids = batch.cancels?.map((entry) => typeof entry.order_id) ?? [];
    if (new Set(ids).size > 1) {
      ctx.addIssue({ code: "custom", path: ["cancels"], message: "must cancel either by order id or by cloid, not both: they are two different Hyperliquid actions" });
    }
    const cloids = batch.orders?.map((order) => order.cloid) ?? [];
    const repeated = cloids.findIndex((id, i) => cloids.indexOf(id) !== i);
    if (repeated >= 0) ctx.addIssue({ code: "custom", path: ["orders", repeated, "cloid"], message: "is used by another order of this batch" });
  });

export const hyperliquidScheduleCancelRequest = z.strictObject({
  /** Unix ms at which Hyperliquid cancels every open order; null clears the switch. */
  time: z.union([z.number().int().positive(), z.null()], { error: "must be a unix time in milliseconds, or null to clear the scheduled cancel" }),
});

export const hyperliquidLeverageRequest = z.strictObject({
  coin,
  leverage: z.number({ error: "must be a whole number from 1 to the coin's maximum leverage" }).int("must be a whole number").min(1, "must be at least 1"),
  margin_mode: z.enum(HL_MARGIN_MODES, { error: `must be one of ${HL_MARGIN_MODES.join(", ")}` }),
});

export type HyperliquidOrderRequest = z.output<typeof hyperliquidOrderRequest>;
export type HyperliquidModifyRequest = z.output<typeof hyperliquidModifyRequest>;
export type HyperliquidCancelTarget = z.output<typeof hyperliquidCancelTarget>;
export type HyperliquidBatchRequest = z.output<typeof hyperliquidBatchRequest>;
export type HyperliquidScheduleCancelRequest = z.output<typeof hyperliquidScheduleCancelRequest>;
export type HyperliquidLeverageRequest = z.output<typeof hyperliquidLeverageRequest>;
