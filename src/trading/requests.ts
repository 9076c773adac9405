/**
 * The order requests the gateway accepts over HTTP (snake_case, as bots send them), validated with zod,
 * and their translation to Lighter tx_info fields. The route validates shapes and ranges; the signing
 * core then checks Lighter's own combination rules, and its field names are mapped back here so that
 * every refusal names the field the caller sent.
 */
import * as z from "zod";
import { firstIssueTarget } from "../zod-issue";
import {
  MAX_BASE_AMOUNT,
  MAX_CLIENT_ORDER_INDEX,
  MAX_ORDER_INDEX,
  MAX_PERPS_MARKET_INDEX,
  MAX_PRICE,
  MAX_SPOT_MARKET_INDEX,
  MAX_TIMESTAMP,
  MIN_CLIENT_ORDER_INDEX,
  MIN_SPOT_MARKET_INDEX,
} from "../venues/lighter/tx/limits";

/**
 * An integer given as a JSON number (safe integers only: larger ones were already rounded by JSON) or as
 * a decimal string (any size). Always a bigint afterwards, so no value ever passes through a float.
 */
function integer(min: bigint, max: bigint) {
  return z
    .union([z.number(), z.string()], { error: "must be an integer (a JSON number, or a decimal string)" })
    .transform((value, ctx) => {
      if (typeof value === "number") {
        if (!Number.isSafeInteger(value)) {
          ctx.addIssue({ code: "custom", message: "must be an integer no larger than 2^53 − 1 as a JSON number; send larger values as decimal strings" });
          return z.NEVER;
        }
        value = String(value);
      }
      if (!/^-?(0|[1-9]\d{0,30})$/.test(value)) {
        ctx.addIssue({ code: "custom", message: "must be a decimal integer without sign, spaces or exponent" });
        return z.NEVER;
      }
      const n = BigInt(value);
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be between ${min} and ${max}` });
        return z.NEVER;
      }
      return n;
    });
}

const marketIndex = integer(0n, MAX_SPOT_MARKET_INDEX).refine((n) => n <= MAX_PERPS_MARKET_INDEX || n >= MIN_SPOT_MARKET_INDEX, {
  message: "must be a perpetual market (0 to 254) or a spot market (2048 to 4094)",
});

export const ORDER_TYPES = ["limit", "market", "stop_loss", "stop_loss_limit", "take_profit", "take_profit_limit", "twap"] as const;
export const TIME_IN_FORCE = ["ioc", "gtt", "post_only"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

export const createOrderRequest = z
  .strictObject({
    market_index: marketIndex,
    client_order_index: integer(MIN_CLIENT_ORDER_INDEX, MAX_CLIENT_ORDER_INDEX),
    base_amount: integer(0n, MAX_BASE_AMOUNT),
    is_ask: z.boolean({ error: "must be true (sell) or false (buy)" }),
    order_type: z.enum(ORDER_TYPES, { error: `must be one of ${ORDER_TYPES.join(", ")}` }),
    price: integer(1n, MAX_PRICE).optional(),
    /** The original payload's name for a market order's worst acceptable price. */
    avg_execution_price: integer(1n, MAX_PRICE).optional(),
    time_in_force: z.enum(TIME_IN_FORCE, { error: `must be one of ${TIME_IN_FORCE.join(", ")}` }).optional(),
    trigger_price: integer(0n, MAX_PRICE).optional(),
    order_expiry: integer(0n, MAX_TIMESTAMP).optional(),
    reduce_only: z.boolean({ error: "must be true or false" }).optional(),
  })
  .superRefine((order, ctx) => {
    if (order.price !== undefined && order.avg_execution_price !== undefined && order.price !== order.avg_execution_price) {
      ctx.addIssue({ code: "custom", path: ["avg_execution_price"], message: "must equal price when both are given (they name the same Lighter field)" });
    }
    if (order.price === undefined && order.avg_execution_price === undefined) {
      ctx.addIssue({ code: "custom", path: ["price"], message: "is required (avg_execution_price is accepted as its name for market orders)" });
    }
  });

export const cancelOrderRequest = z.strictObject({
  market_index: marketIndex,
  /** A client order index (1 … 2^48 − 1) or Lighter's order index (2^48 … 2^60 − 1). */
  order_index: integer(1n, MAX_ORDER_INDEX),
});

export const CANCEL_ALL_MODES = ["immediate", "scheduled", "abort"] as const;

export const cancelAllRequest = z
  .strictObject({
    mode: z.enum(CANCEL_ALL_MODES, { error: `must be one of ${CANCEL_ALL_MODES.join(", ")}` }).default("immediate"),
    /** Scheduled mode: the unix-ms deadline of the dead-man's switch. */
    time: integer(1n, MAX_TIMESTAMP).optional(),
    /** Immediate mode: restrict the cancel to one perpetual market. */
    market_index: integer(0n, MAX_PERPS_MARKET_INDEX).optional(),
  })
  .superRefine((request, ctx) => {
    if (request.mode === "scheduled" && request.time === undefined) {
      ctx.addIssue({ code: "custom", path: ["time"], message: "is required for a scheduled cancel-all (unix milliseconds)" });
    }
    if (request.mode !== "scheduled" && request.time !== undefined) {
      ctx.addIssue({ code: "custom", path: ["time"], message: "is only allowed with mode scheduled" });
    }
    if (request.mode !== "immediate" && request.market_index !== undefined) {
      ctx.addIssue({ code: "custom", path: ["market_index"], message: "is only allowed with mode immediate" });
    }
  });

export const modifyOrderRequest = z.strictObject({
  market_index: marketIndex,
  order_index: integer(1n, MAX_ORDER_INDEX),
  base_amount: integer(0n, MAX_BASE_AMOUNT),
  price: integer(1n, MAX_PRICE),
  trigger_price: integer(0n, MAX_PRICE).optional(),
});

export const MAX_BATCH_SIZE = 50;

export const batchEntry = z.discriminatedUnion(
  "action",
  [
    createOrderRequest.safeExtend({ action: z.literal("create") }),
    cancelOrderRequest.safeExtend({ action: z.literal("cancel") }),
    modifyOrderRequest.safeExtend({ action: z.literal("modify") }),
  ],
  { error: "action must be one of create, cancel, modify" },
);

export const batchRequest = z.strictObject({
  transactions: z.array(batchEntry).min(1, "must hold at least one transaction").max(MAX_BATCH_SIZE, `must hold at most ${MAX_BATCH_SIZE} transactions`),
});

export type CreateOrderRequest = z.output<typeof createOrderRequest>;
export type CancelOrderRequest = z.output<typeof cancelOrderRequest>;
export type CancelAllRequest = z.output<typeof cancelAllRequest>;
export type ModifyOrderRequest = z.output<typeof modifyOrderRequest>;
export type BatchEntry = z.output<typeof batchEntry>;
export type BatchRequest = z.output<typeof batchRequest>;

/** The first problem of a failed parse, as `{field, message}` with a dotted path (e.g. `transactions.3.price`). */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const target = firstIssueTarget(error);
  return { field: target.path.length > 0 ? target.path.join(".") : "(body)", message: target.unknownKey ? "is not a known field" : target.message };
}
