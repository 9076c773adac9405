/**
 * The normalized account model both venues' feeds are turned into (DESIGN: accounts/), and the payload
 * schemas of the events that carry it (`fill`, `order_update`, `position`, `funding`, `feed`).
 *
 * Every amount is a decimal string exactly as the venue wrote it or computed exactly (never a float);
 * every time is unix milliseconds. `market` is the venue's own name for the market (Lighter's market
 * index as text, Hyperliquid's coin); `asset` is the funding board's canonical key (funding/aliases.ts),
 * so a position in `kPEPE` and one in `1000PEPE` are both `PEPE`, and `asset_size` is the size in that
 * asset's units (the venue size times the contract multiplier). `raw` is the venue's own object.
 */
import * as z from "zod";

export const FEED_VENUES = ["lighter", "hyperliquid"] as const;
export type FeedVenue = (typeof FEED_VENUES)[number];

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal string");
const unixMs = z.int().nonnegative();
const venue = z.enum(FEED_VENUES);
const side = z.enum(["buy", "sell"]);
/** Every published account event names its account (Lighter index as text, Hyperliquid address): the feed adds it. */
const OF_ACCOUNT = { account: z.string() };

/** An item as published and stored: with the account whose feed saw it. */
export type OfAccount<T> = T & { account: string };

const fillFields = z.strictObject({
  venue,
  market: z.string(),
  asset: z.string(),
  side,
  price: decimal,
  /** Base units of the venue's market (kPEPE units on Hyperliquid's kPEPE). */
  size: decimal,
  asset_size: decimal,
  /** What the account paid: positive a fee, negative a rebate. */
  fee: decimal,
  fee_asset: z.string(),
  liquidity: z.enum(["maker", "taker"]),
  /** Set when the fill came from a liquidation or auto-deleveraging, not from the account's own order. */
  liquidation: z.boolean(),
  order_id: z.string(),
  /** Lighter's client_order_index as text, or Hyperliquid's cloid; null when the order had none. */
  client_id: z.string().nullable(),
  trade_id: z.string(),
  time: unixMs,
  raw: z.unknown(),
});
export type Fill = z.infer<typeof fillFields>;
export const fillPayload = fillFields.extend(OF_ACCOUNT);

export const ORDER_STATUSES = ["open", "partially_filled", "filled", "canceled", "rejected", "triggered", "expired"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const orderUpdateFields = z.strictObject({
  venue,
  market: z.string(),
  asset: z.string(),
  order_id: z.string(),
  client_id: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  /** The venue's own word for the status (e.g. `canceled-post-only`, `reduceOnlyCanceled`). */
  venue_status: z.string(),
  side: side.nullable(),
  price: decimal.nullable(),
  /** The order's original size, when the venue says it. */
  size: decimal.nullable(),
  filled_size: decimal,
  remaining_size: decimal,
  reduce_only: z.boolean().nullable(),
  time: unixMs,
  raw: z.unknown(),
});
export type OrderUpdate = z.infer<typeof orderUpdateFields>;
export const orderUpdatePayload = orderUpdateFields.extend(OF_ACCOUNT);

const positionFields = z.strictObject({
  venue,
  market: z.string(),
  asset: z.string(),
  /** Signed: positive long, negative short, "0" once flat. Venue units. */
  size: decimal,
  asset_size: decimal,
  entry_price: decimal.nullable(),
  mark_price: decimal.nullable(),
  unrealized_pnl: decimal.nullable(),
  liquidation_price: decimal.nullable(),
  margin: decimal.nullable(),
  time: unixMs,
  raw: z.unknown(),
});
export type Position = z.infer<typeof positionFields>;
export const positionPayload = positionFields.extend(OF_ACCOUNT);

const fundingFields = z.strictObject({
  venue,
  market: z.string(),
  asset: z.string(),
  /** USD (USDC), positive = received, negative = paid. */
  amount: decimal,
  /** The funding rate of the payment as the venue states it (a fraction per interval). */
  rate: decimal,
  /** Signed position size the payment was computed on (venue units). */
  position_size: decimal,
  time: unixMs,
  raw: z.unknown(),
});
export type FundingPayment = z.infer<typeof fundingFields>;
export const fundingPayload = fundingFields.extend(OF_ACCOUNT);

export const FEED_STATES = ["connected", "lost", "reconnected", "reconciled", "stopped"] as const;
export type FeedState = (typeof FEED_STATES)[number];

/** What a reconciliation over REST found that the socket had not delivered. */
export const reconcileFindings = z.strictObject({
  fills: z.int().min(0),
  funding: z.int().min(0),
  orders: z.int().min(0),
  positions: z.int().min(0),
});
export type ReconcileFindings = z.infer<typeof reconcileFindings>;

export const feedPayload = z.strictObject({
  venue,
  /** The account the feed watches (Lighter account index as text, Hyperliquid address). */
  account: z.string(),
  state: z.enum(FEED_STATES),
  /** Why the socket was lost or the feed stopped (a close code and reason, a watchdog verdict). */
  reason: z.string().nullable(),
  found: reconcileFindings.nullable(),
});

/** One item with the key that identifies it across sources (dedupe): a fill or a funding payment. */
export interface Keyed<T> {
  key: string;
  item: T;
}
