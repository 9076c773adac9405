/**
 * Hyperliquid's account feed (accounts/SPEC.md §2): the stream's `userFills`, `orderUpdates` and
 * `userFundings` for one user per socket, read into the normalized model, and the REST catch-up after a
 * (re)connect. The socket carries no positions; they are read from `clearinghouseState`.
 *
 * Identity (§2.7): a fill is `tid:oid` (the hash can be all zeros, and a self-trade gives two fills one
 * tid); a fill of the older shapes without `tid` is `hash:oid:time`. A funding payment is `time:coin`.
 */
import * as z from "zod";
import type { AccountFeedAdapter, FeedBatch, FeedCursors, FeedFrame, Reconciliation } from "../../accounts/feed-adapter";
import { MalformedFrame } from "../../accounts/feed-adapter";
import type { Fill, FundingPayment, Keyed, OrderStatus, OrderUpdate, Position } from "../../accounts/model";
import type { HyperliquidTradingConfig } from "../../config";
import { resolveAsset } from "../../funding/aliases";
import { absolute, compare, divideExactly, formatDecimal, multiply, parseDecimal, subtract, type Decimal } from "../../trading/decimal";
import {
  orderStatusAnswer,
  wireClearinghouseState,
  wireFill,
  wireFunding,
  wireOrder,
  wireOrderStatus,
  type WireFill,
  type WireFunding,
  type WireOrderStatus,
  type WirePosition,
} from "./account-wire";
import { HyperliquidClient, readAnswer } from "./client";

/** The venue's first frame: a text line, not JSON. */
const WELCOME = "Websocket connection established.";
/**
 * Errors after which the socket delivers nothing for this account: the per-IP cap on tracked users (seen
 * as "10" and "15") and a subscription the venue could not read. Others ("Already subscribed: …") are not.
 */
const FATAL_ERROR = /cannot track more than \d+ total users|invalid subscription/i;
const CHANNELS = ["userFills", "orderUpdates", "userFundings"] as const;

/** Without a stored cursor a reconciliation looks back this far. */
const FIRST_LOOK_BACK_MS = 24 * 3600 * 1000;
/** Fills are asked for from a second before the newest stored one: fills of one block share a time. */
const FILL_OVERLAP_MS = 1000;
const FILLS_PER_PAGE = 2000;
const FUNDING_PER_PAGE = 500;
/**
 * Pages read per history and reconciliation: 5 × 2000 is every fill `userFillsByTime` can reach. Funding
 * beyond 5 × 500 payments is read by the next reconciliation, from the cursor the stored ones advanced.
 */
const MAX_PAGES = 5;
/** orderStatus lookups in flight at once: the Durable Object holds its socket and at most 6 connections. */
const CONCURRENT_LOOKUPS = 3;

const SIDES = { B: "buy", A: "sell" } as const;
const READY: FeedFrame = { kind: "ready" };
const IGNORED: FeedFrame = { kind: "ignored" };

const envelope = z.looseObject({ channel: z.string(), data: z.unknown().optional() });
const subscriptionResponse = z.looseObject({ method: z.string(), subscription: z.looseObject({ type: z.string().min(1) }) });
const userFillsData = z.looseObject({ user: z.string(), fills: z.array(wireFill), isSnapshot: z.boolean().optional() });
const userFundingsData = z.looseObject({ user: z.string(), fundings: z.array(wireFunding), isSnapshot: z.boolean().optional() });

export class HyperliquidAccountFeed implements AccountFeedAdapter {
  readonly venue = "hyperliquid";
  readonly account: string;
  readonly url: string;
  readonly subscribeOn = "open";
  readonly pingFrame = JSON.stringify({ method: "ping" });
  readonly socketCarriesPositions = false;
  private readonly client: HyperliquidClient;

  constructor(config: HyperliquidTradingConfig) {
    const { hyperliquid } = config;
    // The account traded for: the sub-account or vault when there is one (config lowercases both).
    this.account = hyperliquid.vaultAddress ?? hyperliquid.accountAddress;
    this.url = hyperliquid.wsUrl;
    this.client = new HyperliquidClient({ apiUrl: hyperliquid.apiUrl, timeoutMs: hyperliquid.requestTimeoutMs });
  }

  /** Nothing to load: markets are named by coin, and resolveAsset needs no table. */
  async prepare(): Promise<void> {}

  async subscribe(): Promise<{ frames: string[]; expect: string[]; renewAt: number | null }> {
    const frames = CHANNELS.map((type) => JSON.stringify({ method: "subscribe", subscription: { type, user: this.account } }));
    return { frames, expect: [...CHANNELS], renewAt: null };
  }

  parse(text: string): FeedFrame {
    if (text === WELCOME) return READY;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      throw new MalformedFrame(`not JSON: ${text.slice(0, 120)}`);
    }
    const frame = envelope.safeParse(message);
    if (!frame.success) throw new MalformedFrame(`no channel: ${text.slice(0, 120)}`);
    const { channel, data } = frame.data;
    switch (channel) {
      case "pong":
        return { kind: "pong" };
      case "subscriptionResponse": {
        const response = readFrame(subscriptionResponse, data, channel);
        return response.method === "subscribe" ? { kind: "ack", subscription: response.subscription.type } : IGNORED;
      }
      case "error": {
        const message = readFrame(z.string(), data, channel);
        return { kind: "error", message, fatal: FATAL_ERROR.test(message) };
      }
      case "userFills": {
        const fills = readFrame(userFillsData, data, channel);
        if (!this.watches(fills.user)) return IGNORED;
        return { kind: "data", batch: batchOf({ fills: fills.fills.map(toFill) }), snapshot: fills.isSnapshot === true };
      }
      case "orderUpdates":
        // No user in these frames: one user per socket is what makes them this account's (SPEC §2.3).
        return { kind: "data", batch: batchOf({ orders: readFrame(z.array(wireOrderStatus), data, channel).map((update) => toOrderUpdate(update, update)) }), snapshot: false };
      case "userFundings": {
        const fundings = readFrame(userFundingsData, data, channel);
        if (!this.watches(fundings.user)) return IGNORED;
        return { kind: "data", batch: batchOf({ funding: fundings.fundings.map((payment) => toFunding(payment, payment)) }), snapshot: fundings.isSnapshot === true };
      }
      default:
        // `user` (userEvents) repeats userFills' fills; `post` answers and other channels are not asked for.
        return IGNORED;
    }
  }

  /**
   * Open orders, then fills, positions and funding, one request at a time (the socket is open meanwhile).
   * Fills start a second before the newest stored one and funding at the newest stored time itself, since
   * one hour's payments of several coins share a time; the overlap is what the feed's dedupe is for.
   */
  async reconcile(cursors: FeedCursors): Promise<Reconciliation> {
    const lookBackStart = Date.now() - FIRST_LOOK_BACK_MS;
    const openRows = readAnswer(z.array(wireOrder), await this.client.frontendOpenOrders(this.account), "frontendOpenOrders");
    // A REST row has no status of its own: it is open, and partly filled once sz is below origSz.
    const openOrders = openRows.map((order) => toOrderUpdate({ order, status: "open", statusTimestamp: order.timestamp }, order));
    const fillStart = cursors.lastFillTime === null ? lookBackStart : cursors.lastFillTime - FILL_OVERLAP_MS;
    const fillRows = await readPages(fillStart, FILLS_PER_PAGE, (start) => this.client.userFillsByTime(this.account, start), (fill) => fill.time);
    const positions = await this.positions();
    const fundingRows = await readPages(
      cursors.lastFundingTime ?? lookBackStart,
      FUNDING_PER_PAGE,
      (start) => this.client.userFunding(this.account, start),
      (row) => row.time,
    );
    return {
      fills: uniqueByKey(fillRows.map(toFill)),
      funding: uniqueByKey(fundingRows.map((row) => toFunding({ time: row.time, ...row.delta }, row))),
      positions,
      openOrders,
    };
  }

  async positions(): Promise<Position[]> {
    const state = readAnswer(wireClearinghouseState, await this.client.clearinghouseState(this.account), "clearinghouseState");
    const time = state.time ?? Date.now();
    return state.assetPositions.filter(({ position }) => parseDecimal(position.szi).units !== 0n).map(({ position }) => toPosition(position, time));
  }

  async orderOutcomes(orders: OrderUpdate[]): Promise<OrderUpdate[]> {
    const outcomes: OrderUpdate[] = [];
    for (let at = 0; at < orders.length; at += CONCURRENT_LOOKUPS) {
      const found = await Promise.all(orders.slice(at, at + CONCURRENT_LOOKUPS).map((order) => this.outcome(order)));
      outcomes.push(...found.filter((outcome) => outcome !== undefined));
    }
    return outcomes;
  }

  /** The order's current state, or undefined when the venue no longer knows it. */
  private async outcome(order: OrderUpdate): Promise<OrderUpdate | undefined> {
    const answer = readAnswer(orderStatusAnswer, await this.client.orderStatus(this.account, Number(order.order_id)), "orderStatus");
    return answer.status === "order" ? toOrderUpdate(answer.order, answer.order) : undefined;
  }

  /** Frames that name their user are checked against it: a frame for anyone else is not this account's. */
  private watches(user: string): boolean {
    return user.toLowerCase() === this.account;
  }
}

function readFrame<T>(schema: z.ZodType<T>, data: unknown, channel: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new MalformedFrame(`${channel} frame at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
}

function batchOf(items: Partial<FeedBatch>): FeedBatch {
  return { fills: [], orders: [], positions: [], funding: [], ...items };
}

/**
 * A time-ranged history read page after page: each next page starts at the newest time of the last (it is
 * inclusive, and rows can share a millisecond), until a page is short or MAX_PAGES were read. Pages overlap
 * at their edge, so rows come back more than once. A full page within one millisecond cannot be paged past.
 */
async function readPages<Row>(start: number, perPage: number, page: (start: number) => Promise<Row[]>, timeOf: (row: Row) => number): Promise<Row[]> {
  const rows: Row[] = [];
  let from = start;
  for (let read = 0; read < MAX_PAGES; read += 1) {
    const next = await page(from);
    rows.push(...next);
    const newest = next.reduce((latest, row) => Math.max(latest, timeOf(row)), from);
    if (next.length < perPage || newest === from) break;
    from = newest;
  }
  return rows;
}

function uniqueByKey<T>(items: Keyed<T>[]): Keyed<T>[] {
  return [...new Map(items.map((keyed) => [keyed.key, keyed])).values()];
}

/** A size in the funding board's asset units: kPEPE's 1 is 1000 PEPE. */
function inAssetUnits(size: string, multiplier: number): string {
  return formatDecimal(multiply(parseDecimal(size), { units: BigInt(multiplier), scale: 0 }));
}

function toFill(fill: WireFill): Keyed<Fill> {
  const { asset, multiplier } = resolveAsset("hyperliquid", fill.coin);
  const item: Fill = {
    venue: "hyperliquid",
    market: fill.coin,
    asset,
    side: SIDES[fill.side],
    price: fill.px,
    size: fill.sz,
    asset_size: inAssetUnits(fill.sz, multiplier),
    fee: fill.fee,
    // Perp fees are USDC; only the older shapes leave the token out.
    fee_asset: fill.feeToken ?? "USDC",
    liquidity: fill.crossed ? "taker" : "maker",
    liquidation: Boolean(fill.liquidation ?? fill.liquidationMarkPx),
    order_id: String(fill.oid),
    client_id: fill.cloid ?? null,
    // Without a tid (2023 answers) the transaction hash is the nearest thing to a trade id.
    trade_id: fill.tid === undefined ? fill.hash : String(fill.tid),
    time: fill.time,
    raw: fill,
  };
  return { key: fill.tid === undefined ? `${fill.hash}:${fill.oid}:${fill.time}` : `${fill.tid}:${fill.oid}`, item };
}

/**
 * Hyperliquid's status words (SPEC §2.4) in the model's: `*Rejected` is a refusal; every `*Canceled`,
 * `scheduledCancel`, `internalCancel` and any word not listed yet ended the order without filling the rest,
 * which is what canceled means here (`venue_status` keeps the word).
 */
function orderStatusOf(status: string, remaining: Decimal, original: Decimal): OrderStatus {
  switch (status) {
    case "open":
      return compare(remaining, original) < 0 ? "partially_filled" : "open";
    case "filled":
    case "triggered":
    case "rejected":
      return status;
    default:
      return status.endsWith("Rejected") ? "rejected" : "canceled";
  }
}

function toOrderUpdate({ order, status, statusTimestamp }: WireOrderStatus, raw: unknown): OrderUpdate {
  const remaining = parseDecimal(order.sz);
  const original = parseDecimal(order.origSz);
  return {
    venue: "hyperliquid",
    market: order.coin,
    asset: resolveAsset("hyperliquid", order.coin).asset,
    order_id: String(order.oid),
    client_id: order.cloid ?? null,
    status: orderStatusOf(status, remaining, original),
    venue_status: status,
    side: SIDES[order.side],
    price: order.limitPx,
    size: order.origSz,
    filled_size: formatDecimal(subtract(original, remaining)),
    remaining_size: order.sz,
    // Only some shapes say it (WsOrder leaves it out unless set): unknown is null, not false.
    reduce_only: order.reduceOnly ?? null,
    time: statusTimestamp,
    raw,
  };
}

function toFunding(payment: WireFunding, raw: unknown): Keyed<FundingPayment> {
  const item: FundingPayment = {
    venue: "hyperliquid",
    market: payment.coin,
    asset: resolveAsset("hyperliquid", payment.coin).asset,
    amount: payment.usdc,
    rate: payment.fundingRate,
    position_size: payment.szi,
    time: payment.time,
    raw,
  };
  return { key: `${payment.time}:${payment.coin}`, item };
}

function toPosition(position: WirePosition, time: number): Position {
  const { asset, multiplier } = resolveAsset("hyperliquid", position.coin);
  return {
    venue: "hyperliquid",
    market: position.coin,
    asset,
    size: position.szi,
    asset_size: inAssetUnits(position.szi, multiplier),
    entry_price: position.entryPx ?? null,
    mark_price: markPrice(position),
    unrealized_pnl: position.unrealizedPnl ?? null,
    liquidation_price: position.liquidationPx ?? null,
    margin: position.marginUsed ?? null,
    time,
    raw: position,
  };
}

/** Decimals a mark price can need: a perp's price has at most 6 (hyperliquid/SPEC.md), a spot's 8. */
const MAX_MARK_DECIMALS = 12;

/**
 * The mark price behind a position's value (|szi| × mark), when value / |szi| is an exact decimal of at
 * most MAX_MARK_DECIMALS places; null when it is not (a value Hyperliquid rounded), never an approximation.
 */
function markPrice({ positionValue, szi }: WirePosition): string | null {
  if (positionValue === undefined || positionValue === null) return null;
  const size = absolute(parseDecimal(szi));
  if (size.units === 0n) return null;
  const mark = divideExactly(parseDecimal(positionValue), size, MAX_MARK_DECIMALS);
  return mark === null ? null : formatDecimal(mark);
}
