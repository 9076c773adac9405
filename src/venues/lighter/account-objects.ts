/**
 * Lighter's account objects — Trade, Order, Position, PositionFunding — as its account socket and its
 * REST API both send them (accounts/SPEC.md §1.6), and how each reads into the normalized account model
 * (accounts/model.ts). The schemas only check: they transform nothing, so what they return is still the
 * venue's own object (`raw`), with integers above 2^53 kept exact as parseUpstreamJson left them.
 */
import * as z from "zod";
import type { AssetAlias } from "../../funding/aliases";
import type { Fill, FundingPayment, Keyed, OrderStatus, OrderUpdate, Position } from "../../accounts/model";
import { compare, formatDecimal, multiply, parseDecimal, PLAIN_DECIMAL, type Decimal } from "../../trading/decimal";
import { FEE_TICK, NIL_CLIENT_ORDER_INDEX } from "./tx/limits";

/** An integer above 2^53 as parseUpstreamJson keeps it: a raw JSON value holding the digits. */
interface RawInteger {
  readonly rawJSON: string;
}

const isRawInteger = (value: unknown): value is RawInteger =>
  (JSON as unknown as { isRawJSON(value: unknown): boolean }).isRawJSON(value) && /^-?\d+$/.test((value as RawInteger).rawJSON);

/** An id Lighter sends as a JSON integer (exact at any size), or as its text twin (`*_str`, `order_id`). */
const integerId = z.union([z.int(), z.string().regex(/^-?\d+$/), z.custom<RawInteger>(isRawInteger, "an integer")]);
type IntegerId = z.infer<typeof integerId>;

const digits = z.string().regex(/^\d+$/);
/** Amounts are exactly what parseDecimal reads, so the mapping never does arithmetic on a guess. */
const unsignedAmount = z.string().regex(PLAIN_DECIMAL, "a decimal string");
const signedAmount = z.string().refine((text) => PLAIN_DECIMAL.test(text.startsWith("-") ? text.slice(1) : text), "a decimal string");
/** Market ids are being widened past 16 bits (SPEC §1.6): any non-negative integer. */
const marketId = z.int().nonnegative();
const unixTime = z.int().nonnegative();

export const lighterTrade = z.looseObject({
  trade_id: integerId,
  trade_id_str: digits.optional(),
  type: z.string(),
  market_id: marketId,
  size: unsignedAmount,
  price: unsignedAmount,
  usd_amount: unsignedAmount,
  ask_id: integerId,
  ask_id_str: digits.optional(),
  bid_id: integerId,
  bid_id_str: digits.optional(),
  ask_client_id: integerId.optional(),
  ask_client_id_str: digits.optional(),
  bid_client_id: integerId.optional(),
  bid_client_id_str: digits.optional(),
  ask_account_id: integerId,
  bid_account_id: integerId,
  is_maker_ask: z.boolean(),
  /** Fee rates in millionths, omitted when zero. */
  taker_fee: z.int().optional(),
  maker_fee: z.int().optional(),
  timestamp: unixTime,
});
export type LighterTrade = z.infer<typeof lighterTrade>;

export const lighterOrder = z.looseObject({
  order_index: integerId,
  order_id: digits.optional(),
  client_order_index: integerId.optional(),
  client_order_id: digits.optional(),
  market_index: marketId,
  is_ask: z.boolean(),
  price: unsignedAmount.optional(),
  initial_base_amount: unsignedAmount.optional(),
  filled_base_amount: unsignedAmount,
  remaining_base_amount: unsignedAmount,
  reduce_only: z.boolean().optional(),
  status: z.string(),
  timestamp: unixTime.optional(),
  updated_at: unixTime.optional(),
});
export type LighterOrder = z.infer<typeof lighterOrder>;

export const lighterPosition = z.looseObject({
  market_id: marketId,
  /** 1 long, −1 short; `position` itself is unsigned. */
  sign: z.int().min(-1).max(1),
  position: unsignedAmount,
  avg_entry_price: unsignedAmount.optional(),
  unrealized_pnl: signedAmount.optional(),
  liquidation_price: unsignedAmount.optional(),
  allocated_margin: unsignedAmount.optional(),
});
type LighterPosition = z.infer<typeof lighterPosition>;

export const lighterPositionFunding = z.looseObject({
  timestamp: unixTime,
  market_id: marketId,
  funding_id: integerId.optional(),
  /** USDC, negative when paid: already the model's sign. */
  change: signedAmount,
  rate: signedAmount,
  position_size: unsignedAmount,
  position_side: z.enum(["long", "short"]),
});
export type LighterPositionFunding = z.infer<typeof lighterPositionFunding>;

/** The digits of an id, however Lighter sent it. */
function idText(id: IntegerId): string {
  return typeof id === "object" ? id.rawJSON : String(id);
}

/** Lighter's trade id of a trade (the REST pages are ordered by it). */
export function tradeIdOf(trade: LighterTrade): string {
  return trade.trade_id_str ?? idText(trade.trade_id);
}

/** Fee rates are in FEE_TICKs (10^6 to the unit): 196 is 1.96 bp. A rate is its count at this many decimals. */
const FEE_RATE_SCALE = FEE_TICK.toString().length - 1;
/** Trade types that are not the account's own order: it was liquidated or auto-deleveraged. */
const FORCED_TRADE_TYPES = new Set(["liquidation", "deleverage"]);
/** Order statuses that mean Lighter refused the order rather than it being cancelled (SPEC §1.6). */
const REJECTED_STATUSES = new Set(["canceled-post-only", "canceled-margin-not-allowed", "canceled-too-much-slippage", "canceled-not-enough-liquidity", "canceled-invalid-balance"]);
/**
 * Cancellations in which Lighter refused the order's own terms rather than running out of liquidity or
 * time (SPEC §1.6 counts them as cancelled): a reduce-only order with nothing to reduce, a position the
 * market does not allow.
 */
const TERMS_REFUSED_STATUSES = new Set(["canceled-reduce-only", "canceled-position-not-allowed"]);
const ZERO: Decimal = { units: 0n, scale: 0 };

/**
 * Whether Lighter refused the order, by its own status word (`OrderUpdate.venue_status`): rejected, or
 * cancelled for its terms. One that ended so having filled nothing never traded.
 */
export function isLighterRefusal(venueStatus: string): boolean {
  return REJECTED_STATUSES.has(venueStatus) || TERMS_REFUSED_STATUSES.has(venueStatus);
}

/** Lighter's examples give some times in seconds and live frames in ms: a value below 10^12 is seconds. */
function toUnixMs(time: number): number {
  return time < 1e12 ? time * 1000 : time;
}

/** 0 is lighter-go's "no client order index". */
function clientId(id: IntegerId | undefined): string | null {
  if (id === undefined) return null;
  const text = idText(id);
  return text === NIL_CLIENT_ORDER_INDEX.toString() ? null : text;
}

function signed(amount: string, negative: boolean): string {
  const value = parseDecimal(amount);
  return formatDecimal(negative ? { units: -value.units, scale: value.scale } : value);
}

const isZero = (amount: string) => compare(parseDecimal(amount), ZERO) === 0;

/**
 * Reads Lighter's objects for one account. `assetOf` names a market's asset and contract multiplier
 * (the feed's market table); `observedAt` dates states that carry no time of their own.
 */
export class LighterAccountReader {
  constructor(
    private readonly account: string,
    private readonly assetOf: (marketId: number) => AssetAlias,
  ) {}

  /** Our side of the trade, or both sides of a self-trade (one `trade_id`, two fills), or none. */
  fills(trade: LighterTrade): Keyed<Fill>[] {
    const ours: Array<"buy" | "sell"> = [];
    if (idText(trade.bid_account_id) === this.account) ours.push("buy");
    if (idText(trade.ask_account_id) === this.account) ours.push("sell");
    return ours.map((side) => this.fill(trade, side));
  }

  private fill(trade: LighterTrade, side: "buy" | "sell"): Keyed<Fill> {
    const asAsk = side === "sell";
    const liquidity = trade.is_maker_ask === asAsk ? "maker" : "taker";
    const rate = (liquidity === "maker" ? trade.maker_fee : trade.taker_fee) ?? 0;
    const tradeId = tradeIdOf(trade);
    return {
      key: `${tradeId}:${side}`,
      item: {
        venue: "lighter",
        market: String(trade.market_id),
        asset: this.assetOf(trade.market_id).asset,
        side,
        price: trade.price,
        size: trade.size,
        asset_size: this.assetSize(trade.market_id, trade.size),
        fee: formatDecimal(multiply(parseDecimal(trade.usd_amount), { units: BigInt(rate), scale: FEE_RATE_SCALE })),
        fee_asset: "USDC",
        liquidity,
        liquidation: FORCED_TRADE_TYPES.has(trade.type),
        order_id: asAsk ? (trade.ask_id_str ?? idText(trade.ask_id)) : (trade.bid_id_str ?? idText(trade.bid_id)),
        client_id: clientId(asAsk ? (trade.ask_client_id_str ?? trade.ask_client_id) : (trade.bid_client_id_str ?? trade.bid_client_id)),
        trade_id: tradeId,
        time: toUnixMs(trade.timestamp),
        raw: trade,
      },
    };
  }

  order(order: LighterOrder, observedAt: number): OrderUpdate {
    const time = [order.updated_at, order.timestamp].find((value) => value !== undefined && value > 0);
    return {
      venue: "lighter",
      market: String(order.market_index),
      asset: this.assetOf(order.market_index).asset,
      order_id: order.order_id ?? idText(order.order_index),
      client_id: clientId(order.client_order_id ?? order.client_order_index),
      status: orderStatus(order),
      venue_status: order.status,
      side: order.is_ask ? "sell" : "buy",
      price: order.price ?? null,
      size: order.initial_base_amount ?? null,
      filled_size: order.filled_base_amount,
      remaining_size: order.remaining_base_amount,
      reduce_only: order.reduce_only ?? null,
      time: time === undefined ? observedAt : toUnixMs(time),
      raw: order,
    };
  }

  position(position: LighterPosition, observedAt: number): Position {
    const size = signed(position.position, position.sign < 0);
    const liquidation = position.liquidation_price;
    return {
      venue: "lighter",
      market: String(position.market_id),
      asset: this.assetOf(position.market_id).asset,
      size,
      asset_size: this.assetSize(position.market_id, size),
      entry_price: position.avg_entry_price ?? null,
      // Not derived from position_value: every example has it equal to entry × size, not mark × size.
      mark_price: null,
      unrealized_pnl: position.unrealized_pnl ?? null,
      liquidation_price: liquidation === undefined || isZero(liquidation) ? null : liquidation,
      margin: position.allocated_margin ?? null,
      time: observedAt,
      raw: position,
    };
  }

  funding(payment: LighterPositionFunding): Keyed<FundingPayment> {
    const time = toUnixMs(payment.timestamp);
    return {
      key: `${payment.market_id}:${payment.funding_id === undefined ? time : idText(payment.funding_id)}`,
      item: {
        venue: "lighter",
        market: String(payment.market_id),
        asset: this.assetOf(payment.market_id).asset,
        amount: payment.change,
        rate: payment.rate,
        position_size: signed(payment.position_size, payment.position_side === "short"),
        time,
        raw: payment,
      },
    };
  }

  /** Venue units times the contract multiplier: 1000PEPE's size in PEPE. */
  private assetSize(marketId: number, size: string): string {
    return formatDecimal(multiply(parseDecimal(size), { units: BigInt(this.assetOf(marketId).multiplier), scale: 0 }));
  }
}

/**
 * The model's status for Lighter's (SPEC §1.6). A status this table does not know is read from the
 * amounts (Lighter zeroes the remaining size of an order that ended): size still to fill means the
 * order rests; none left means it filled if all of it filled, else that it was cancelled.
 */
function orderStatus(order: LighterOrder): OrderStatus {
  const { status } = order;
  const filledSome = !isZero(order.filled_base_amount);
  if (status === "open" || status === "in-progress" || status === "pending") return filledSome ? "partially_filled" : "open";
  if (status === "filled") return "filled";
  if (status === "canceled-expired") return "expired";
  if (REJECTED_STATUSES.has(status)) return "rejected";
  if (status === "canceled" || status.startsWith("canceled-")) return "canceled";
  if (!isZero(order.remaining_base_amount)) return filledSome ? "partially_filled" : "open";
  const filledAll = order.initial_base_amount !== undefined && compare(parseDecimal(order.filled_base_amount), parseDecimal(order.initial_base_amount)) === 0;
  return filledAll && filledSome ? "filled" : "canceled";
}
