/**
 * Lighter's account-feed adapter: the socket's frames (the venue's own, from test/fixtures/accounts, plus
 * constructed ones for what no sample shows) read into the normalized model field by field, with the
 * expected values worked out by hand; and the REST catch-up against a fetch stub standing in for Lighter.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type * as z from "zod";
import { MalformedFrame, type FeedBatch, type FeedFrame } from "../../../src/accounts/feed-adapter";
import { fillPayload, fundingPayload, orderUpdatePayload, positionPayload } from "../../../src/accounts/model";
import { loadConfig } from "../../../src/config";
import { LighterAccountFeed } from "../../../src/venues/lighter/account-feed";
import { LighterError } from "../../../src/venues/lighter/errors";
import accountAll from "../../fixtures/accounts/lighter.account_all.docs_example.json";
import positionsUpdate from "../../fixtures/accounts/lighter.account_all_positions.fixture.json";
import tradesFixture from "../../fixtures/accounts/lighter.account_all_trades.fixture.json";
import tradesUpdate from "../../fixtures/accounts/lighter.account_all_trades.update.json";
import ordersFixture from "../../fixtures/accounts/lighter.account_orders.fixture.json";
import controlFrames from "../../fixtures/accounts/lighter.control_frames.json";
import rest from "../../fixtures/accounts/lighter.rest.json";

const LIGHTER = "https://lighter.test";
/** The account of the nautilus fixtures (trades, orders, positions). */
const ACCOUNT = 1234;
/** The market table: ETH, and a thousand-unit contract. */
const MARKETS = [
  { market_id: 0, symbol: "ETH", size_decimals: 4, price_decimals: 2, status: "active" },
  { market_id: 4, symbol: "1000PEPE", size_decimals: 0, price_decimals: 6, status: "active" },
];

function feedFor(account = ACCOUNT): LighterAccountFeed {
  const section = loadConfig({ ...env, TRADING_MODE: "live", LIGHTER_BASE_URL: LIGHTER, LIGHTER_ACCOUNT_INDEX: String(account) }).trading;
  if (!section.ok) throw new Error(`configuration refused: ${JSON.stringify(section.errors)}`);
  return new LighterAccountFeed(section.value);
}

interface Call {
  endpoint: string;
  query: URLSearchParams;
  authorization: string | null;
}

/**
 * Lighter's REST API as a fetch stub: each endpoint answers with what its function returns (an object
 * as JSON, a string as written). orderBookDetails answers the market table unless told otherwise.
 */
function stubLighter(answers: Record<string, (query: URLSearchParams) => unknown> = {}): Call[] {
  const calls: Call[] = [];
  const routes: Record<string, (query: URLSearchParams) => unknown> = { orderBookDetails: () => ({ code: 200, order_book_details: MARKETS }), ...answers };
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const endpoint = url.pathname.replace("/api/v1/", "");
    calls.push({ endpoint, query: url.searchParams, authorization: new Headers(init?.headers).get("Authorization") });
    const route = routes[endpoint];
    if (route === undefined) return new Response(`no stub for ${endpoint}`, { status: 404 });
    const answer = route(url.searchParams);
    return new Response(typeof answer === "string" ? answer : JSON.stringify(answer), { status: 200 });
  });
  return calls;
}

const callsTo = (calls: Call[], endpoint: string) => calls.filter((call) => call.endpoint === endpoint);

afterEach(() => {
  vi.restoreAllMocks();
});

/** A feed with its market table loaded. */
async function preparedFeed(account = ACCOUNT): Promise<LighterAccountFeed> {
  stubLighter();
  const feed = feedFor(account);
  await feed.prepare();
  return feed;
}

function dataOf(frame: FeedFrame): Extract<FeedFrame, { kind: "data" }> {
  if (frame.kind !== "data") throw new Error(`expected data, got ${JSON.stringify(frame)}`);
  return frame;
}

/** An item must be what the model's strict schema accepts, with the account when the feed adds one to what it publishes. */
/** What the feed publishes: the adapter's item with the account the feed adds. */
function expectPublishable(schema: z.ZodObject, item: object): void {
  schema.parse({ ...item, account: String(ACCOUNT) });
}

function expectModelShapes(batch: FeedBatch): void {
  for (const { item } of batch.fills) expectPublishable(fillPayload, item);
  for (const order of batch.orders) expectPublishable(orderUpdatePayload, order);
  for (const { item } of batch.funding) expectPublishable(fundingPayload, item);
  for (const position of batch.positions) expectPublishable(positionPayload, position);
}

function parsed(feed: LighterAccountFeed, frame: unknown): Extract<FeedFrame, { kind: "data" }> {
  const data = dataOf(feed.parse(typeof frame === "string" ? frame : JSON.stringify(frame)));
  expectModelShapes(data.batch);
  return data;
}

function malformed(feed: LighterAccountFeed, text: string): MalformedFrame {
  try {
    feed.parse(text);
  } catch (error) {
    if (error instanceof MalformedFrame) return error;
    throw new Error(`threw ${String(error)} instead of MalformedFrame`);
  }
  throw new Error(`read without complaint: ${text}`);
}

/** A trade with every field the schema needs; each test changes what it is about. */
const TRADE = {
  trade_id: 700,
  type: "trade",
  market_id: 4,
  size: "1500",
  price: "0.010000",
  usd_amount: "100",
  ask_id: 11,
  bid_id: 12,
  ask_client_id: 0,
  bid_client_id: 5,
  ask_account_id: ACCOUNT,
  bid_account_id: ACCOUNT,
  is_maker_ask: true,
  timestamp: 1700000000,
  taker_fee: 196,
  maker_fee: 28,
};

const tradesFrame = (trades: unknown, type = "update/account_all_trades") => ({ type, channel: `account_all_trades:${ACCOUNT}`, trades });

/** An order with every field the schema needs. */
const ORDER = {
  order_index: 281476929510110,
  market_index: 0,
  is_ask: false,
  price: "2300.00",
  initial_base_amount: "0.0100",
  filled_base_amount: "0.0000",
  remaining_base_amount: "0.0100",
  reduce_only: true,
  status: "open",
  timestamp: 1777941383576,
};

const ordersFrame = (orders: unknown[]) => ({ type: "update/account_all_orders", channel: `account_all_orders:${ACCOUNT}`, orders: { "0": orders } });

describe("LighterAccountFeed: connection", () => {
  it("watches the configured account on the configured stream, subscribing after Lighter's greeting", () => {
    const feed = feedFor();
    expect(feed).toMatchObject({ venue: "lighter", account: "1234", url: "wss://lighter.test/stream", subscribeOn: "ready", pingFrame: '{"type":"ping"}', socketCarriesPositions: true });
  });

  it("subscribes the five account channels, each with a 7-hour auth token of the first API key, renewed after 6 hours", async () => {
    const now = 1_790_000_000_123;
    const { frames, expect: expected, renewAt } = await feedFor().subscribe(now);
    const sent = frames.map((frame) => JSON.parse(frame) as { type: string; channel: string; auth: string });
    expect(sent.map(({ type, channel }) => `${type} ${channel}`)).toEqual([
      "subscribe account_all_orders/1234",
      "subscribe account_all_trades/1234",
      "subscribe account_all_positions/1234",
      "subscribe user_stats/1234",
      "subscribe account_all/1234",
    ]);
    // 1_790_000_000 s + 7 × 3600 s; account 1234; API key 3 (LIGHTER_API_KEY_INDEX); a Schnorr signature.
    for (const { auth } of sent) expect(auth).toMatch(/^1790025200:1234:3:[0-9a-f]{160}$/);
    expect(expected).toEqual(["account_all_orders", "account_all_trades", "account_all_positions", "user_stats", "account_all"]);
    expect(renewAt).toBe(now + 6 * 3600 * 1000);
  });
});

describe("LighterAccountFeed: control frames", () => {
  const feed = feedFor();
  const [connected, ping, pong, unsubscribed, invalidChannel, sendTx] = controlFrames.frames.map((frame) => feed.parse(JSON.stringify(frame)));

  it("reads the greeting, pings, pongs, and ignores what is not the feed's", () => {
    expect(connected).toEqual({ kind: "ready" });
    expect(ping).toEqual({ kind: "ping", reply: '{"type":"pong"}' });
    expect(pong).toEqual({ kind: "pong" });
    expect(unsubscribed).toEqual({ kind: "ignored" });
    expect(sendTx).toEqual({ kind: "ignored" });
  });

  it("reads error frames in both shapes; auth refusals and per-IP limits are fatal, an invalid channel or a repeat subscribe is not", () => {
    expect(invalidChannel).toEqual({ kind: "error", message: "Lighter error 30005: Invalid Channel:  (marketId)", fatal: false });
    const error = (frame: unknown) => feed.parse(JSON.stringify(frame));
    expect(error({ type: "error", code: 20013, message: "invalid auth token" })).toEqual({ kind: "error", message: "Lighter error 20013: invalid auth token", fatal: true });
    expect(error({ error: { code: 20001, message: "invalid param : auth required for main accounts" } })).toMatchObject({ fatal: true });
    expect(error({ error: { code: 20001, message: "invalid param : limit" } })).toMatchObject({ fatal: false });
    expect(error({ error: { code: 30003, message: "Already Subscribed" } })).toEqual({ kind: "error", message: "Lighter error 30003: Already Subscribed", fatal: false });
    for (const code of [23000, 23001, 23002, 23003]) expect(error({ error: { code, message: "Too Many" } })).toMatchObject({ fatal: true });
    expect(error({ type: "error", code: "23001" })).toEqual({ kind: "error", message: "Lighter error 23001: ", fatal: true });
    expect(error({ error: { code: 30009, message: "rate limited" } })).toMatchObject({ fatal: false });
  });

  it("acknowledges user_stats by its first frame and ignores its updates and unread channels", () => {
    const stats = { stats: { collateral: "5000.00", available_balance: "2000.00" }, timestamp: 1773158679717 };
    expect(feed.parse(JSON.stringify({ type: "subscribed/user_stats", channel: "user_stats:1234", ...stats }))).toEqual({ kind: "ack", subscription: "user_stats" });
    expect(feed.parse(JSON.stringify({ type: "update/user_stats", channel: "user_stats:1234", ...stats }))).toEqual({ kind: "ignored" });
    expect(feed.parse(JSON.stringify({ type: "update/account_all_assets", channel: "account_all_assets:1234", assets: {} }))).toEqual({ kind: "ignored" });
  });

  it("throws MalformedFrame, and only that, for what cannot be read", () => {
    expect(malformed(feed, "not json").message).toMatch(/^unreadable Lighter frame/);
    expect(malformed(feed, "[1,2]").message).toBe("a Lighter frame that is not a JSON object");
    expect(malformed(feed, JSON.stringify({ type: 7 })).message).toMatch(/^unreadable Lighter frame: type: /);
    expect(malformed(feed, JSON.stringify(tradesFrame({ "0": [{ ...TRADE, usd_amount: undefined }] }))).message).toBe("unreadable Lighter frame: trades.0.0.usd_amount: Invalid input: expected string, received undefined");
    expect(malformed(feed, JSON.stringify(ordersFrame([{ ...ORDER, price: 2300 }]))).message).toBe("unreadable Lighter frame: orders.0.0.price: Invalid input: expected string, received number");
    const positionless = { type: "subscribed/account_all_positions", channel: "account_all_positions:1234", positions: { "0": { market_id: 0, sign: 1 } } };
    expect(malformed(feed, JSON.stringify(positionless)).message).toBe("unreadable Lighter frame: positions.0.position: Invalid input: expected string, received undefined");
    expect(malformed(feed, JSON.stringify(ordersFrame([{ ...ORDER, filled_base_amount: "1e-4" }]))).message).toMatch(/filled_base_amount: a decimal string$/);
    expect(malformed(feed, JSON.stringify({ error: { message: "no code" } }))).toBeInstanceOf(MalformedFrame);
  });
});

describe("LighterAccountFeed: trades → fills", () => {
  it("takes our side of a trade: the bid, taker when the ask made the book, paying the taker rate (nautilus fixture)", async () => {
    const feed = await preparedFeed();
    const { batch, snapshot, acknowledges } = parsed(feed, tradesFixture.frames[0]);
    expect(snapshot).toBe(false);
    expect(acknowledges).toBeUndefined();
    expect(batch.orders).toEqual([]);
    expect(batch.positions).toEqual([]);
    expect(batch.funding).toEqual([]);
    const trade = tradesFixture.frames[0]!.trades["0"]![0]!;
    expect(batch.fills).toEqual([
      {
        key: "19209006902:buy",
        item: {
          venue: "lighter",
          market: "0",
          asset: "ETH",
          side: "buy",
          price: "2352.73",
          size: "0.1336",
          asset_size: "0.1336",
          // 314.324728 USDC × 196 / 10^6 = 0.061607646688
          fee: "0.061607646688",
          fee_asset: "USDC",
          liquidity: "taker",
          liquidation: false,
          order_id: "562947905631053",
          client_id: "7001011966",
          trade_id: "19209006902",
          time: 1777941384181,
          raw: trade,
        },
      },
    ]);
  });

  it("uses the trade's market_id, not the map key, and the maker rate when our bid made the book (ccxt frame)", async () => {
    const feed = await preparedFeed(243008);
    const { batch } = parsed(feed, tradesUpdate.frames[0]);
    expect(batch.fills).toHaveLength(1);
    expect(batch.fills[0]).toMatchObject({
      key: "526801155:buy",
      item: {
        market: "0",
        asset: "ETH",
        side: "buy",
        liquidity: "maker",
        // 104.798210 × 20 / 10^6 = 0.0020959642; taker_fee is omitted (zero), maker_fee is ours.
        fee: "0.0020959642",
        order_id: "562949291740362",
        client_id: "27601",
        trade_id: "526801155",
        time: 1763623734215,
        liquidation: false,
      },
    });
  });

  it("reads the ask side as a sell, maker when is_maker_ask", async () => {
    const feed = await preparedFeed(99349);
    const [fill] = parsed(feed, tradesUpdate.frames[0]).batch.fills;
    // is_maker_ask false: the ask took; taker_fee is omitted, so no fee.
    expect(fill).toMatchObject({ key: "526801155:sell", item: { side: "sell", liquidity: "taker", fee: "0", order_id: "281475673670566", client_id: "76303170" } });
  });

  it("gives a self-trade two fills, one per side, from a flat list; seconds become ms, contracts become asset units", async () => {
    const feed = await preparedFeed();
    const { batch } = parsed(feed, tradesFrame([TRADE]));
    const common = { market: "4", asset: "PEPE", price: "0.010000", size: "1500", asset_size: "1500000", trade_id: "700", time: 1_700_000_000_000, liquidation: false };
    expect(batch.fills.map(({ key }) => key)).toEqual(["700:buy", "700:sell"]);
    // The ask made the book: the bid took (100 × 196 / 10^6), the ask made (100 × 28 / 10^6).
    expect(batch.fills[0]!.item).toMatchObject({ ...common, side: "buy", liquidity: "taker", fee: "0.0196", order_id: "12", client_id: "5" });
    // Client id 0 is Lighter's "none".
    expect(batch.fills[1]!.item).toMatchObject({ ...common, side: "sell", liquidity: "maker", fee: "0.0028", order_id: "11", client_id: null });
  });

  it("skips trades of other accounts, marks liquidations and deleverages, and keeps a rebate negative", async () => {
    const feed = await preparedFeed();
    const others = { ...TRADE, trade_id: 701, ask_account_id: 5, bid_account_id: 6 };
    const liquidation = { ...TRADE, trade_id: 702, type: "liquidation", ask_account_id: 5 };
    const deleverage = { ...TRADE, trade_id: 703, type: "deleverage", bid_account_id: 6 };
    const rebate = { ...TRADE, trade_id: 704, bid_account_id: 6, maker_fee: -20 };
    const { batch } = parsed(feed, tradesFrame({ "4": [others, liquidation, deleverage, rebate] }));
    expect(batch.fills.map(({ key, item }) => [key, item.liquidation, item.fee])).toEqual([
      ["702:buy", true, "0.0196"],
      ["703:sell", true, "0.0028"],
      // 100 × −20 / 10^6
      ["704:sell", false, "-0.002"],
    ]);
  });

  it("keeps ids above 2^53 exact, in the fill and in its raw trade", async () => {
    const feed = await preparedFeed();
    const text = JSON.stringify(tradesFrame([{ ...TRADE, bid_account_id: 6 }]))
      .replace('"trade_id":700', '"trade_id":9007199254740993')
      .replace('"ask_id":11', '"ask_id":1152921504606846975')
      .replace('"ask_client_id":0', '"ask_client_id":281474976710655000');
    const [fill] = parsed(feed, text).batch.fills;
    expect(fill).toMatchObject({ key: "9007199254740993:sell", item: { trade_id: "9007199254740993", order_id: "1152921504606846975", client_id: "281474976710655000" } });
    const raw = JSON.stringify(fill!.item.raw);
    expect(raw).toContain('"trade_id":9007199254740993');
    expect(raw).toContain('"ask_id":1152921504606846975');
  });

  it("marks the subscription's first frame as a snapshot that acknowledges it, and reads an empty one", async () => {
    const feed = await preparedFeed();
    const first = parsed(feed, { type: "subscribed/account_all_trades", channel: "account_all_trades:1234", trades: {}, total_volume: 12.5 });
    expect(first).toEqual({ kind: "data", batch: { fills: [], orders: [], positions: [], funding: [] }, snapshot: true, acknowledges: "account_all_trades" });
    expect(parsed(feed, { type: "subscribed/account_all_trades", channel: "account_all_trades:1234", trades: null }).batch.fills).toEqual([]);
  });
});

describe("LighterAccountFeed: orders", () => {
  it("reads a partially filled open order field by field (nautilus fixture)", async () => {
    const feed = await preparedFeed();
    const order = ordersFixture.frames[0]!.orders["0"]![0]!;
    const { batch, snapshot } = parsed(feed, ordersFrame([order]));
    expect(snapshot).toBe(false);
    expect(batch.orders).toEqual([
      {
        venue: "lighter",
        market: "0",
        asset: "ETH",
        order_id: "281476929510110",
        client_id: "42",
        status: "partially_filled",
        venue_status: "open",
        side: "sell",
        price: "2352.74",
        size: "0.0050",
        filled_size: "0.0020",
        remaining_size: "0.0030",
        reduce_only: false,
        time: 1777941383900,
        raw: order,
      },
    ]);
  });

  it("maps every Lighter status as SPEC §1.6 does", async () => {
    const feed = await preparedFeed();
    const cases: Array<[string, string, string]> = [
      ["open", "0.0000", "open"],
      ["open", "0.0040", "partially_filled"],
      ["in-progress", "0.0000", "open"],
      ["pending", "0.0000", "open"],
      ["filled", "0.0100", "filled"],
      ["canceled", "0.0000", "canceled"],
      ["canceled-self-trade", "0.0000", "canceled"],
      ["canceled-oco", "0.0000", "canceled"],
      ["canceled-child", "0.0000", "canceled"],
      ["canceled-liquidation", "0.0040", "canceled"],
      ["canceled-reduce-only", "0.0000", "canceled"],
      ["canceled-position-not-allowed", "0.0000", "canceled"],
      ["canceled-expired", "0.0000", "expired"],
      ["canceled-post-only", "0.0000", "rejected"],
      ["canceled-margin-not-allowed", "0.0000", "rejected"],
      ["canceled-too-much-slippage", "0.0000", "rejected"],
      ["canceled-not-enough-liquidity", "0.0000", "rejected"],
      ["canceled-invalid-balance", "0.0000", "rejected"],
    ];
    const orders = cases.map(([status, filled]) => ({ ...ORDER, status, filled_base_amount: filled }));
    const { batch } = parsed(feed, ordersFrame(orders));
    expect(batch.orders.map((order) => [order.venue_status, order.filled_size, order.status])).toEqual(cases);
  });

  it("reads a status it does not know from the amounts, keeping Lighter's word", async () => {
    const feed = await preparedFeed();
    const unknown = (filled: string, remaining: string) => ({ ...ORDER, status: "suspended", filled_base_amount: filled, remaining_base_amount: remaining });
    const { batch } = parsed(feed, ordersFrame([unknown("0.0000", "0.0100"), unknown("0.0040", "0.0060"), unknown("0.0100", "0.0000"), unknown("0.0040", "0.0000"), unknown("0.0000", "0.0000")]));
    expect(batch.orders.map((order) => [order.venue_status, order.status])).toEqual([
      ["suspended", "open"],
      ["suspended", "partially_filled"],
      ["suspended", "filled"],
      ["suspended", "canceled"],
      ["suspended", "canceled"],
    ]);
  });

  it("reads REST-style orders: times in seconds, client index 0 as none, a buy, optional amounts absent", async () => {
    const feed = await preparedFeed();
    const restOrder = { ...ORDER, client_order_index: 0, client_order_id: "0", timestamp: 1766387932, updated_at: 1766387940, status: "canceled-margin-not-allowed" };
    const bare = { order_index: 5, market_index: 4, is_ask: true, filled_base_amount: "0", remaining_base_amount: "100", status: "open" };
    const { batch } = parsed(feed, { ...ordersFrame([restOrder, bare]), timestamp: 1773158679717 });
    expect(batch.orders[0]).toMatchObject({ client_id: null, side: "buy", reduce_only: true, status: "rejected", time: 1_766_387_940_000 });
    // No time of its own: the frame's.
    expect(batch.orders[1]).toMatchObject({ order_id: "5", asset: "PEPE", client_id: null, side: "sell", price: null, size: null, reduce_only: null, time: 1773158679717 });
  });

  it("keeps an order index above 2^53 exact when Lighter sends no text twin", async () => {
    const feed = await preparedFeed();
    const text = JSON.stringify(ordersFrame([ORDER])).replace('"order_index":281476929510110', '"order_index":1152921504606846975');
    expect(parsed(feed, text).batch.orders[0]!.order_id).toBe("1152921504606846975");
  });
});

describe("LighterAccountFeed: positions", () => {
  it("reads an update's position field by field; an update is not the complete set (nautilus fixture)", async () => {
    const feed = await preparedFeed();
    const before = Date.now();
    const { batch, snapshot, positionsComplete } = parsed(feed, positionsUpdate.frames[0]);
    expect(snapshot).toBe(false);
    expect(positionsComplete).toBe(false);
    expect(batch.positions).toEqual([
      {
        venue: "lighter",
        market: "0",
        asset: "ETH",
        size: "1.5",
        asset_size: "1.5",
        entry_price: "2350.10",
        mark_price: null,
        unrealized_pnl: "3.45",
        liquidation_price: "1900.00",
        margin: "176.25",
        time: expect.any(Number),
        raw: positionsUpdate.frames[0]!.positions["0"],
      },
    ]);
    expect(batch.positions[0]!.time).toBeGreaterThanOrEqual(before);
  });

  it("reads the subscription's first frame as every position: shorts negative, flat as 0, a zero liquidation price as none", async () => {
    const feed = await preparedFeed();
    const short = { market_id: 4, sign: -1, position: "12000", avg_entry_price: "0.010500", unrealized_pnl: "-1.20", liquidation_price: "0.020000", allocated_margin: "0" };
    const flat = { market_id: 0, sign: 1, position: "0.0000", avg_entry_price: "0.00", unrealized_pnl: "0.00", liquidation_price: "0" };
    const frame = parsed(feed, { type: "subscribed/account_all_positions", channel: "account_all_positions:1234", positions: { "4": short, "0": [flat] }, timestamp: 1773158679717 });
    expect(frame).toMatchObject({ snapshot: true, acknowledges: "account_all_positions", positionsComplete: true });
    const time = 1773158679717;
    expect(frame.batch.positions).toEqual([
      { venue: "lighter", market: "0", asset: "ETH", size: "0", asset_size: "0", entry_price: "0.00", mark_price: null, unrealized_pnl: "0.00", liquidation_price: null, margin: null, time, raw: flat },
      { venue: "lighter", market: "4", asset: "PEPE", size: "-12000", asset_size: "-12000000", entry_price: "0.010500", mark_price: null, unrealized_pnl: "-1.20", liquidation_price: "0.020000", margin: "0", time, raw: short },
    ]);
  });
});

describe("LighterAccountFeed: account_all → funding", () => {
  it("reads funding payments only (its trades and positions come from their own channels), routed by channel", async () => {
    const feed = await preparedFeed(10);
    // The docs' example says type "update/account"; its channel is account_all's.
    const { batch, snapshot } = parsed(feed, accountAll.frames[0]);
    expect(snapshot).toBe(false);
    expect(batch.fills).toEqual([]);
    expect(batch.positions).toEqual([]);
    const payment = accountAll.frames[0]!.funding_histories["1"]![0]!;
    // Market 101 (the payment's, not the key "1") is not in the table: named by its index.
    expect(batch.funding).toEqual([
      { key: "101:2001", item: { venue: "lighter", market: "101", asset: "101", amount: "0.001", rate: "0.0001", position_size: "0.5", time: 1_700_000_000_000, raw: payment } },
    ]);
  });

  it("signs a short's position size negative, keys a payment without funding_id by its time, and acknowledges the subscription", async () => {
    const feed = await preparedFeed();
    const paid = { timestamp: 1791525600, market_id: 4, change: "-0.0125", rate: "0.0001", position_size: "12000", position_side: "short" };
    const frame = parsed(feed, { type: "subscribed/account_all", channel: "account_all:1234", funding_histories: [paid], trades: { "4": [TRADE] } });
    expect(frame).toMatchObject({ snapshot: true, acknowledges: "account_all" });
    expect(frame.batch.fills).toEqual([]);
    expect(frame.batch.funding).toEqual([{ key: "4:1791525600000", item: expect.objectContaining({ asset: "PEPE", amount: "-0.0125", position_size: "-12000", time: 1_791_525_600_000 }) }]);
  });
});

describe("LighterAccountFeed: the market table", () => {
  it("is read once; a market it lacks is named by its index and makes the next prepare() read it once more", async () => {
    let listed = MARKETS;
    const calls = stubLighter({ orderBookDetails: () => ({ code: 200, order_book_details: listed }) });
    const feed = feedFor(10);
    await feed.prepare();
    await feed.prepare();
    expect(callsTo(calls, "orderBookDetails")).toHaveLength(1);

    expect(parsed(feed, accountAll.frames[0]).batch.funding[0]!.item.asset).toBe("101");
    await feed.prepare();
    expect(callsTo(calls, "orderBookDetails")).toHaveLength(2);
    // Still unlisted: named by its index from now on, without reading the table again.
    parsed(feed, accountAll.frames[0]);
    await feed.prepare();
    expect(callsTo(calls, "orderBookDetails")).toHaveLength(2);

    listed = [...MARKETS, { market_id: 102, symbol: "1000BONK", size_decimals: 0, price_decimals: 6, status: "active" }];
    const frame = { ...accountAll.frames[0], funding_histories: { "102": [{ ...accountAll.frames[0]!.funding_histories["1"]![0]!, market_id: 102 }] } };
    expect(parsed(feed, frame).batch.funding[0]!.item.asset).toBe("102");
    await feed.prepare();
    expect(parsed(feed, frame).batch.funding[0]!.item.asset).toBe("BONK");
  });
});

describe("LighterAccountFeed: REST catch-up", () => {
  const AUTH = /^\d+:1234:3:[0-9a-f]{160}$/;
  /** A trade of ours (the bid) with this id. */
  const ourTrade = (id: number) => ({ ...TRADE, trade_id: id, ask_account_id: 5 });
  const ETH_POSITION = { market_id: 0, symbol: "ETH", sign: 1, position: "18.0193", avg_entry_price: "2669.84", unrealized_pnl: "6197.829558" };
  const FLAT_POSITION = { market_id: 4, symbol: "1000PEPE", sign: 1, position: "0", avg_entry_price: "0" };
  const account = () => ({ code: 200, accounts: [{ index: ACCOUNT, positions: [ETH_POSITION, FLAT_POSITION] }] });
  const activeOrders = `{"code":200,"orders":[{"order_index":1152921504606846975,"market_index":0,"is_ask":false,"price":"3500.00","initial_base_amount":"0.1000","filled_base_amount":"0.0000","remaining_base_amount":"0.1000","status":"open","timestamp":1777941383576}]}`;
  const fundingRow = rest.frames[0]!.position_fundings![0]!;

  it("reads trades back to the stored one, funding from an hour before the stored one, positions and open orders", async () => {
    const calls = stubLighter({
      trades: (query) => (query.get("cursor") === null ? { code: 200, trades: [ourTrade(30), ourTrade(29)], next_cursor: "p2" } : { code: 200, trades: [ourTrade(28), ourTrade(27)], next_cursor: "p3" }),
      positionFunding: (query) => (query.get("cursor") === null ? rest.frames[0] : { code: 200, position_fundings: [], next_cursor: "" }),
      account,
      accountActiveOrders: () => activeOrders,
    });
    const found = await feedFor().reconcile({ lastFillTime: 1_700_000_000_000, lastFundingTime: 1_791_525_600_000, lastTradeId: "27" });

    const trades = callsTo(calls, "trades");
    expect(trades.map((call) => call.query.get("cursor"))).toEqual([null, "p2"]);
    for (const call of trades) {
      expect(Object.fromEntries([...call.query].filter(([name]) => name !== "cursor"))).toEqual({ account_index: "1234", limit: "100", sort_by: "trade_id", sort_dir: "desc" });
      expect(call.authorization).toMatch(AUTH);
    }
    expect(found.fills.map(({ key }) => key)).toEqual(["30:buy", "29:buy", "28:buy", "27:buy"]);

    const funding = callsTo(calls, "positionFunding");
    // 1_791_525_600 s − 3600 s
    expect(funding.map((call) => [call.query.get("start_timestamp"), call.query.get("cursor"), call.query.get("limit")])).toEqual([
      ["1791522000", null, "100"],
      ["1791522000", "eyJp", "100"],
    ]);
    expect(funding[0]!.authorization).toMatch(AUTH);
    // The fixture: market 139 (not in the table), paid on a long, timestamp in seconds.
    expect(found.funding).toEqual([
      { key: "139:4721", item: { venue: "lighter", market: "139", asset: "139", amount: "-0.001840", rate: "0.0000158", position_size: "0.0071", time: 1_791_525_600_000, raw: fundingRow } },
    ]);

    expect(callsTo(calls, "account")[0]!.query.toString()).toBe("by=index&value=1234");
    expect(found.positions).toMatchObject([{ market: "0", asset: "ETH", size: "18.0193", entry_price: "2669.84", unrealized_pnl: "6197.829558", liquidation_price: null, margin: null }]);

    const active = callsTo(calls, "accountActiveOrders");
    expect(active[0]!.query.get("market_id")).toBe("255");
    expect(active[0]!.authorization).toMatch(AUTH);
    expect(found.openOrders).toMatchObject([{ order_id: "1152921504606846975", status: "open", side: "buy", size: "0.1000" }]);
    for (const order of found.openOrders) expectPublishable(orderUpdatePayload, order);
  });

  it("reads one page of each history when nothing is stored yet", async () => {
    const calls = stubLighter({
      trades: () => ({ code: 200, trades: [ourTrade(30)], next_cursor: "p2" }),
      positionFunding: () => rest.frames[0],
      account,
      accountActiveOrders: () => ({ code: 200, orders: [] }),
    });
    const found = await feedFor().reconcile({ lastFillTime: null, lastFundingTime: null, lastTradeId: null });
    expect(callsTo(calls, "trades")).toHaveLength(1);
    expect(callsTo(calls, "positionFunding").map((call) => call.query.get("start_timestamp"))).toEqual([null]);
    expect(found.fills).toHaveLength(1);
    expect(found.openOrders).toEqual([]);
  });

  it("stops after 10 pages of trades however far back the stored trade is", async () => {
    let next = 10_000;
    const calls = stubLighter({
      trades: () => ({ code: 200, trades: [ourTrade((next -= 1))], next_cursor: `after-${next}` }),
      positionFunding: () => ({ code: 200, position_fundings: [] }),
      account,
      accountActiveOrders: () => ({ code: 200, orders: [] }),
    });
    const found = await feedFor().reconcile({ lastFillTime: 1, lastFundingTime: null, lastTradeId: "5" });
    expect(callsTo(calls, "trades")).toHaveLength(10);
    expect(found.fills).toHaveLength(10);
  });

  it("fails with Lighter's error when REST refuses or answers something else", async () => {
    stubLighter({
      trades: () => ({ code: 20001, message: "invalid param : auth required for main accounts" }),
      positionFunding: () => ({ code: 200, position_fundings: [] }),
      account,
      accountActiveOrders: () => ({ code: 200, orders: [] }),
    });
    const refused = await feedFor()
      .reconcile({ lastFillTime: null, lastFundingTime: null, lastTradeId: null })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LighterError);
    expect(refused).toMatchObject({ kind: "rejected", detail: { endpoint: "trades", code: 20001 } });

    vi.restoreAllMocks();
    stubLighter({ account: () => ({ code: 200, accounts: [{ positions: [{ market_id: 0, sign: 1, position: 18.5 }] }] }) });
    const broken = await feedFor()
      .positions()
      .catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(LighterError);
    expect(broken).toMatchObject({ kind: "malformed", detail: { endpoint: "account" } });
  });

  it("reads positions from the account record alone", async () => {
    const calls = stubLighter({ account });
    const positions = await feedFor().positions();
    expect(calls.map((call) => call.endpoint)).toEqual(["orderBookDetails", "account"]);
    expect(positions.map((position) => [position.asset, position.size])).toEqual([["ETH", "18.0193"]]);
  });
});

describe("LighterAccountFeed: outcomes of orders that ended unseen", () => {
  const ended = (id: number, status: string) => ({ ...ORDER, order_index: id, order_id: String(id), status, filled_base_amount: status === "filled" ? "0.0100" : "0.0000", remaining_base_amount: "0.0000" });
  const known = (id: string) => ({ venue: "lighter" as const, market: "0", asset: "ETH", order_id: id, client_id: null, status: "open" as const, venue_status: "open", side: "buy" as const, price: "2300.00", size: "0.0100", filled_size: "0", remaining_size: "0.0100", reduce_only: false, time: 1, raw: {} });

  it("finds them among the inactive orders, reading at most two pages; one Lighter does not list is left out", async () => {
    const calls = stubLighter({
      accountInactiveOrders: (query) =>
        query.get("cursor") === null ? { code: 200, orders: [ended(9, "canceled"), ended(11, "filled")], next_cursor: "o2" } : { code: 200, orders: [ended(12, "canceled-expired")], next_cursor: "o3" },
    });
    const outcomes = await feedFor().orderOutcomes([known("11"), known("12"), known("13")]);
    const pages = callsTo(calls, "accountInactiveOrders");
    expect(pages.map((call) => [call.query.get("cursor"), call.query.get("limit"), call.query.get("account_index")])).toEqual([
      [null, "100", "1234"],
      ["o2", "100", "1234"],
    ]);
    expect(pages[0]!.authorization).toMatch(/^\d+:1234:3:[0-9a-f]{160}$/);
    expect(outcomes.map((order) => [order.order_id, order.status])).toEqual([
      ["11", "filled"],
      ["12", "expired"],
    ]);
  });

  it("reads one page when it holds them all, and nothing when no order is asked about", async () => {
    const calls = stubLighter({ accountInactiveOrders: () => ({ code: 200, orders: [ended(11, "canceled")], next_cursor: "o2" }) });
    const feed = feedFor();
    expect(await feed.orderOutcomes([known("11")])).toMatchObject([{ order_id: "11", status: "canceled" }]);
    expect(await feed.orderOutcomes([])).toEqual([]);
    expect(callsTo(calls, "accountInactiveOrders")).toHaveLength(1);
  });
});
