/**
 * Test-side helpers (workerd-safe: only fetch) that steer the
 * Lighter stand-in's exchange engine and its account stream, and the shapes of what the stand-in sends.
 * The stand-in itself: node/lighter.ts (REST and the control routes), node/lighter-account.ts (books,
 * orders, trades, positions, funding), node/lighter-feed.ts (the `/stream` socket and its faults).
 *
 * Ids: order indices are JSON integers that may exceed 2^53 (a resting order placed by control with its
 * own `order_index`); the stand-in writes them digit for digit, JSON.parse rounds them — read the
 * `order_id` / `*_str` twins when exactness matters.
 */

/** The stream path, as on the venue (`wss://mainnet.zklighter.elliot.ai/stream`). */
export const LIGHTER_STREAM_PATH = "/stream";
/** The counterparty account of every fill against the stand-in's own liquidity (and of control trades). */
export const LIGHTER_HOUSE_ACCOUNT = 1;
/** The taker fee rate in 1e-6 (2 bp) every fill states; the maker pays nothing, so `maker_fee` is omitted. */
export const LIGHTER_TAKER_FEE = 200;
/** USDC collateral every account starts with. */
export const LIGHTER_DEFAULT_COLLATERAL = "100000.000000";
/** Initial margin fraction of every market (20x), as positions state it. */
export const LIGHTER_INITIAL_MARGIN_FRACTION = "0.0500";
/** How often the stand-in pings each socket until a control changes it; an unanswered ping closes it with 1008 "no pong" at the next one. */
export const LIGHTER_DEFAULT_PING_INTERVAL_MS = 20_000;
/** How many trades / funding payments a subscribed snapshot carries at most (the newest). */
export const LIGHTER_SNAPSHOT_ITEMS = 50;

/** A JSON integer id: a bigint where the stand-in builds it, a number once JSON.parse has read it. */
export type LighterId = number | bigint;

/** Order (SPEC §1.6), as account_all_orders, account_orders, accountActiveOrders and accountInactiveOrders carry it. */
export interface LighterOrder {
  order_index: LighterId;
  client_order_index: number;
  order_id: string;
  client_order_id: string;
  market_index: number;
  owner_account_index: number;
  initial_base_amount: string;
  price: string;
  nonce: LighterId;
  remaining_base_amount: string;
  is_ask: boolean;
  base_size: number;
  base_price: number;
  filled_base_amount: string;
  filled_quote_amount: string;
  side: "buy" | "sell";
  type: string;
  time_in_force: "immediate-or-cancel" | "good-till-time" | "post-only";
  reduce_only: boolean;
  trigger_price: string;
  order_expiry: LighterId;
  /** open, pending (a trigger order: it never triggers here), filled, canceled, canceled-post-only, canceled-reduce-only, canceled-self-trade, canceled-expired. */
  status: string;
  trigger_status: "na" | "mark-price" | "twap";
  trigger_time: number;
  parent_order_index: number;
  parent_order_id: string;
  to_trigger_order_id_0: string;
  to_trigger_order_id_1: string;
  to_cancel_order_id_0: string;
  integrator_fee_collector_index: string;
  integrator_taker_fee: string;
  integrator_maker_fee: string;
  block_height: number;
  timestamp: number;
  created_at: number;
  updated_at: number;
  /** Microseconds. */
  transaction_time: number;
}

/** Trade (SPEC §1.6): one per fill, the same object for both sides. */
export interface LighterTrade {
  trade_id: number;
  trade_id_str: string;
  tx_hash: string;
  type: "trade" | "liquidation" | "deleverage";
  market_id: number;
  size: string;
  price: string;
  usd_amount: string;
  ask_id: LighterId;
  ask_id_str: string;
  bid_id: LighterId;
  bid_id_str: string;
  ask_client_id: number;
  ask_client_id_str: string;
  bid_client_id: number;
  bid_client_id_str: string;
  ask_account_id: number;
  bid_account_id: number;
  is_maker_ask: boolean;
  block_height: number;
  /** Milliseconds. */
  timestamp: number;
  taker_fee: number;
  /** Microseconds. */
  transaction_time: number;
}

/** Position (SPEC §1.6). A closed position stays listed: position "0…", sign 0. */
export interface LighterPosition {
  market_id: number;
  symbol: string;
  initial_margin_fraction: string;
  open_order_count: number;
  pending_order_count: number;
  position_tied_order_count: number;
  sign: 1 | -1 | 0;
  position: string;
  avg_entry_price: string;
  position_value: string;
  unrealized_pnl: string;
  realized_pnl: string;
  liquidation_price: string;
  /** What funding took from the position (negative: it received); omitted while none was paid. */
  total_funding_paid_out?: string;
  margin_mode: 0;
  allocated_margin: string;
  total_discount: string;
}

/** PositionFunding (SPEC §1.6): `timestamp` in seconds, `change` negative when paid. */
export interface LighterFunding {
  timestamp: number;
  market_id: number;
  funding_id: number;
  change: string;
  rate: string;
  position_size: string;
  position_side: "long" | "short";
  discount: string;
}

export interface LighterMarginStats {
  collateral: string;
  portfolio_value: string;
  leverage: string;
  available_balance: string;
  margin_usage: string;
  buying_power: string;
}

/** user_stats' `stats`: every account is cross margin only, so cross_stats and total_stats repeat it. */
export interface LighterStats extends LighterMarginStats {
  account_trading_mode: 0;
  cross_stats: LighterMarginStats;
  total_stats: LighterMarginStats;
}

interface DataFrame<Name extends string> {
  type: `subscribed/${Name}` | `update/${Name}`;
  /** `<name>:<account>`; `account_orders:<market>` for account_orders/{m}/{a}. */
  channel: string;
  /** Milliseconds. */
  timestamp: number;
}

/** Volumes are USD as JSON numbers, over the account's whole history and the last 1/7/30 days. */
interface Volumes {
  total_volume: number;
  monthly_volume: number;
  weekly_volume: number;
  daily_volume: number;
}

export interface LighterOrdersFrame extends DataFrame<"account_all_orders"> {
  /** Snapshot: every live order; update: the orders that changed, in their new state. Keyed by market index. */
  orders: Record<string, LighterOrder[]>;
}
export interface LighterMarketOrdersFrame extends DataFrame<"account_orders"> {
  account: number;
  /** The block height (its meaning on the venue is undocumented). */
  nonce: number;
  orders: Record<string, LighterOrder[]>;
}
export interface LighterTradesFrame extends DataFrame<"account_all_trades">, Volumes {
  /** Snapshot: the newest ≤ 50 trades; update: the new ones. Oldest first within a market. */
  trades: Record<string, LighterTrade[]>;
}
export interface LighterPositionsFrame extends DataFrame<"account_all_positions"> {
  /** Snapshot: every position the account has had; update: the ones that changed. */
  positions: Record<string, LighterPosition>;
  shares: [];
}
export interface LighterUserStatsFrame extends DataFrame<"user_stats"> {
  stats: LighterStats;
}
export interface LighterAccountAllFrame extends DataFrame<"account_all"> {
  account: number;
  trades: Record<string, LighterTrade[]>;
  positions: Record<string, LighterPosition>;
  /** Snapshot: the newest ≤ 50 payments; update: the new ones. */
  funding_histories: Record<string, LighterFunding[]>;
  shares: [];
  assets: Record<string, { symbol: "USDC"; asset_id: 3; balance: string; locked_balance: string }>;
  daily_trades_count: number;
  daily_volume: number;
  weekly_trades_count: number;
  weekly_volume: number;
  monthly_trades_count: number;
  monthly_volume: number;
  total_trades_count: number;
  total_volume: number;
}
export type LighterDataFrame =
  | LighterOrdersFrame
  | LighterMarketOrdersFrame
  | LighterTradesFrame
  | LighterPositionsFrame
  | LighterUserStatsFrame
  | LighterAccountAllFrame;

/** Frames that carry no account data (no `timestamp`, as in samples/lighter.control_frames.json). */
export type LighterControlFrame =
  | { type: "connected"; session_id: string }
  | { type: "ping" }
  | { type: "pong" }
  | { type: "unsubscribed"; channel: string }
  /** 20013 bad auth, 30003 already subscribed, 30005 unknown channel, 20001 a client frame the stand-in cannot read. */
  | { error: { code: number; message: string } };

export type LighterFrame = LighterDataFrame | LighterControlFrame;

export type LighterFeedAction =
  /** Terminates the TCP connection without a close frame. */
  | "drop"
  /** A close frame without a status code (the client sees 1005). */
  | "close_1005"
  /** Nothing more is sent on the sockets open now (no data, pings or pongs) until `resume`; what happens meanwhile is lost. */
  | "silence"
  | "resume"
  /** The next data frame of each socket is sent twice. */
  | "duplicate_next"
  /** Every subscription's `subscribed/*` snapshot is sent again, now. */
  | "replay_snapshot"
  /** New upgrades are answered HTTP 503 until `accept` (whatever the account). */
  | "refuse"
  | "accept"
  /** Sends now a text frame that is not JSON, then an `update/account_all_trades` whose trade has `size: null`. */
  | "malformed_next"
  /** A server `{"type":"ping"}` now. */
  | "ping";

export interface LighterFeedConnection {
  session_id: string;
  /** The account of the socket's first subscription; absent before any. */
  account_index?: number;
  /** As subscribed (`account_all_orders/123456`). */
  subscriptions: string[];
  opened_at: number;
  pongs: number;
  pings_sent: number;
  silenced: boolean;
}

export interface LighterFeedState {
  connections: LighterFeedConnection[];
  refused: boolean;
  /** Upgrade requests since the last reset, refused ones included. */
  upgrades_total: number;
  ping_interval_ms: number;
}

export interface LighterBook {
  market_id: number;
  /** [price, size] in human units, within the market's decimals; any order. */
  bids: Array<[string, string]>;
  asks: Array<[string, string]>;
}

export interface LighterControlTrade {
  account_index: number;
  market_id: number;
  side: "buy" | "sell";
  size: string;
  price: string;
  /** The account's role; the house takes the other side. Default taker (it pays LIGHTER_TAKER_FEE). */
  role?: "taker" | "maker";
  type?: "trade" | "liquidation" | "deleverage";
}

export interface LighterControlOrder {
  account_index: number;
  market_id: number;
  side: "buy" | "sell";
  size: string;
  price: string;
  /** Decimal digits, to place an index above 2^53; default the next one the stand-in hands out. */
  order_index?: string;
  client_order_index?: number;
}

async function control<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/__control/lighter/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`Lighter stand-in refused ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Replaces the stand-in's own liquidity of a market; a new level that crosses an account's resting order fills it (the account is maker). */
export async function setLighterBook(baseUrl: string, book: LighterBook): Promise<void> {
  await control(baseUrl, "book", book);
}

/**
 * Pays funding at `rate` (a fraction, e.g. "0.0001") on the account's open position in the market, at
 * the book's mid: change = −sign × |position| × mark × rate. Without `account_index`, every account
 * with a position there is paid. Answers the payments made (none when nothing is open).
 */
export async function lighterFunding(baseUrl: string, funding: { account_index?: number; market_id: number; rate: string }): Promise<LighterFunding[]> {
  return (await control<{ fundings: LighterFunding[] }>(baseUrl, "funding", funding)).fundings;
}

/** A fill against the house with no order of the account's behind it (fresh order indices on both sides). */
export async function lighterTrade(baseUrl: string, trade: LighterControlTrade): Promise<LighterTrade> {
  return (await control<{ trade: LighterTrade }>(baseUrl, "trade", trade)).trade;
}

/** A good-till-time limit order placed without a tx (as from another client); it matches first if it crosses. */
export async function lighterRestingOrder(baseUrl: string, order: LighterControlOrder): Promise<LighterOrder> {
  return (await control<{ order: LighterOrder }>(baseUrl, "order", order)).order;
}

/** Applies a fault to the sockets subscribed for `account` (every socket without it); answers how many it touched. */
export async function lighterFeedFault(baseUrl: string, action: LighterFeedAction, account?: number): Promise<number> {
  return (await control<{ affected: number }>(baseUrl, "feed", { action, ...(account === undefined ? {} : { account_index: account }) })).affected;
}

/** Changes how often every socket is pinged (reset restores LIGHTER_DEFAULT_PING_INTERVAL_MS). */
export async function setLighterPingInterval(baseUrl: string, ms: number): Promise<void> {
  await control(baseUrl, "feed", { action: "ping_interval", ms });
}

export async function lighterFeedState(baseUrl: string): Promise<LighterFeedState> {
  return control<LighterFeedState>(baseUrl, "feed");
}
