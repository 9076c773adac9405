/**
 * The Lighter stand-in's exchange engine and account stream, exercised from workerd as the gateway will
 * meet them: signed txs through sendTx, frames on `/stream`, the reconciliation reads, and the faults.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { parsePrivateKey } from "../../src/venues/lighter/crypto";
import { createAuthToken, signTx, TX_TYPE } from "../../src/venues/lighter/tx";
import { resetStandIn } from "./control";
import {
  LIGHTER_HOUSE_ACCOUNT,
  LIGHTER_STREAM_PATH,
  LIGHTER_TAKER_FEE,
  lighterFeedFault,
  lighterFeedState,
  lighterFunding,
  lighterRestingOrder,
  lighterTrade,
  setLighterBook,
  setLighterPingInterval,
} from "./lighter-feed-control";

const bindings = env as unknown as Record<string, string>;
const BASE = bindings.LIGHTER_BASE_URL as string;
const PRIVATE_KEY = parsePrivateKey((bindings.LIGHTER_PRIVATE_KEY as string).replace(/^0x/, ""));
const CHAIN_ID = 304;
const API_KEY = 3;
/** ETH (size 4 decimals, price 2): the default book is 5 levels a side 0.35 apart around the fixture mark 3500.12. */
const ETH = 0;
const BEST_BID = "3499.77";

type Frame = Record<string, any>;

let nextAccount = 190_000 + Math.floor(Math.random() * 9_000);
function freshAccount(): number {
  nextAccount += 1;
  return nextAccount;
}

function authToken(account: number, lifetimeSeconds = 3600): string {
  return createAuthToken(PRIVATE_KEY, Math.floor(Date.now() / 1000) + lifetimeSeconds, account, API_KEY);
}

// ----- a test's own socket ----------------------------------------------------------------------------

interface Stream {
  readonly frames: Frame[];
  /** Each frame's text as received. */
  readonly texts: string[];
  /** The first frame at or after `from` that matches, waiting for it (event-driven, 2 s at most). */
  next(match: (frame: Frame) => boolean, from?: number): Promise<Frame>;
  send(frame: unknown): void;
  readonly closed: Promise<number>;
  close(): void;
}

async function openStream(): Promise<Stream> {
  const res = await fetch(`${BASE}${LIGHTER_STREAM_PATH}`, { headers: { Upgrade: "websocket" } });
  const socket = res.webSocket;
  if (res.status !== 101 || socket === null) throw new Error(`stream upgrade refused: HTTP ${res.status}`);
  socket.accept();
  const frames: Frame[] = [];
  const texts: string[] = [];
  const wakers = new Set<() => void>();
  socket.addEventListener("message", (event) => {
    const text = String(event.data);
    texts.push(text);
    try {
      frames.push(JSON.parse(text) as Frame);
    } catch {
      frames.push({ notJson: text });
    }
    for (const wake of wakers) wake();
  });
  const closed = new Promise<number>((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
  const next = (match: (frame: Frame) => boolean, from = 0) =>
    new Promise<Frame>((resolve, reject) => {
      const wake = () => {
        const found = frames.slice(from).find(match);
        if (found === undefined) return;
        clearTimeout(timer);
        wakers.delete(wake);
        resolve(found);
      };
      const timer = setTimeout(() => {
        wakers.delete(wake);
        reject(new Error(`no matching frame in 2 s; got ${JSON.stringify(frames.slice(from)).slice(0, 1500)}`));
      }, 2000);
      wakers.add(wake);
      wake();
    });
  return { frames, texts, next, closed, send: (frame) => socket.send(JSON.stringify(frame)), close: () => socket.close(1000, "done") };
}

const ofType = (type: string) => (frame: Frame) => frame.type === type;

async function subscribe(stream: Stream, channel: string, auth?: string): Promise<Frame> {
  const from = stream.frames.length;
  stream.send({ type: "subscribe", channel, ...(auth === undefined ? {} : { auth }) });
  return stream.next((frame) => frame.error !== undefined || String(frame.type).startsWith("subscribed/"), from);
}

/** A socket subscribed to every account channel of `account`, snapshots received. */
async function watch(account: number): Promise<Stream> {
  const stream = await openStream();
  await stream.next(ofType("connected"));
  for (const channel of ["account_all_orders", `account_orders/${ETH}`, "account_all_trades", "account_all_positions", "user_stats", "account_all"]) {
    expect((await subscribe(stream, `${channel}/${account}`, authToken(account))).type).toBe(`subscribed/${channel.split("/")[0]}`);
  }
  return stream;
}

// ----- signed txs --------------------------------------------------------------------------------------

async function sendTx(account: number, txType: number, fields: Record<string, unknown>): Promise<string> {
  const nonce = (await (await fetch(`${BASE}/api/v1/nextNonce?account_index=${account}&api_key_index=${API_KEY}`)).json()) as { nonce: number };
  const tx = signTx(CHAIN_ID, txType, { AccountIndex: account, ApiKeyIndex: API_KEY, ...fields, ExpiredAt: Date.now() + 600_000, Nonce: nonce.nonce }, PRIVATE_KEY);
  const res = await fetch(`${BASE}/api/v1/sendTx`, { method: "POST", body: new URLSearchParams({ tx_type: String(txType), tx_info: tx.txInfo }) });
  const body = (await res.json()) as { code: number; tx_hash?: string };
  expect(body.code, JSON.stringify(body)).toBe(200);
  return tx.txHash;
}

interface OrderFields {
  client: number;
  size: number;
  price: number;
  isAsk: boolean;
  /** IOC 0, GTT 1, post-only 2. */
  tif?: number;
  type?: number;
  reduceOnly?: boolean;
}

function createOrder(account: number, { client, size, price, isAsk, tif = 1, type = 0, reduceOnly = false }: OrderFields): Promise<string> {
  return sendTx(account, TX_TYPE.CREATE_ORDER, {
    MarketIndex: ETH,
    ClientOrderIndex: client,
    BaseAmount: size,
    Price: price,
    IsAsk: isAsk ? 1 : 0,
    Type: type,
    TimeInForce: tif,
    ReduceOnly: reduceOnly ? 1 : 0,
    TriggerPrice: 0,
    OrderExpiry: tif === 0 ? 0 : Date.now() + 3_600_000,
  });
}

/** A frame's orders (any market), flattened. */
const ordersOf = (frame: Frame): Frame[] => Object.values(frame.orders ?? {}).flat() as Frame[];
const withOrder = (client: number, status: string) => (frame: Frame) =>
  frame.type === "update/account_all_orders" && ordersOf(frame).some((order) => order.client_order_index === client && order.status === status);

async function read(path: string, account: number, auth: string | null = authToken(account)): Promise<{ status: number; text: string; body: Frame }> {
  const res = await fetch(`${BASE}${path}`, auth === null ? {} : { headers: { Authorization: auth } });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Frame };
}

beforeEach(async () => {
  await resetStandIn(BASE);
});

describe("Lighter stand-in stream: protocol", () => {
  it("greets, acknowledges subscriptions with the current state, answers pings and unsubscribes", async () => {
    const account = freshAccount();
    const stream = await openStream();
    expect(await stream.next(ofType("connected"))).toEqual({ type: "connected", session_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const orders = await subscribe(stream, `account_all_orders/${account}`, authToken(account));
    expect(orders).toEqual({ type: "subscribed/account_all_orders", channel: `account_all_orders:${account}`, orders: {}, timestamp: expect.any(Number) });
    const stats = await subscribe(stream, `user_stats/${account}`);
    expect(stats.stats).toMatchObject({ collateral: "100000.000000", portfolio_value: "100000.000000", available_balance: "100000.000000", leverage: "0.00" });
    const market = await subscribe(stream, `account_orders/${ETH}/${account}`, authToken(account));
    expect(market).toMatchObject({ type: "subscribed/account_orders", channel: `account_orders:${ETH}`, account, orders: { [String(ETH)]: [] } });
    expect(await subscribe(stream, `user_stats/${account}`)).toEqual({ error: { code: 30003, message: "Already Subscribed" } });

    stream.send({ type: "ping" });
    await stream.next(ofType("pong"));
    stream.send({ type: "unsubscribe", channel: `user_stats/${account}` });
    expect(await stream.next(ofType("unsubscribed"))).toEqual({ type: "unsubscribed", channel: `user_stats:${account}` });
    const state = await lighterFeedState(BASE);
    expect(state.connections).toEqual([
      expect.objectContaining({ account_index: account, subscriptions: [`account_all_orders/${account}`, `account_orders/${ETH}/${account}`], pongs: 0, silenced: false }),
    ]);
    stream.close();
  });

  it("refuses a private channel without a valid token of the account, and unknown channels", async () => {
    const account = freshAccount();
    const stream = await openStream();
    const refused = { error: { code: 20013, message: "invalid auth token" } };
    expect(await subscribe(stream, `account_all_trades/${account}`)).toEqual(refused);
    expect(await subscribe(stream, `account_all_orders/${account}`, authToken(freshAccount()))).toEqual(refused);
    expect(await subscribe(stream, `account_all_positions/${account}`, authToken(account, -10))).toEqual(refused);
    expect(await subscribe(stream, `account_all/${account}`, "not-a-token")).toEqual(refused);
    expect(await subscribe(stream, `order_book_of_nothing/${account}`)).toEqual({ error: { code: 30005, message: `Invalid Channel: order_book_of_nothing/${account}` } });
    expect((await subscribe(stream, `account_all/${account}`)).type).toBe("subscribed/account_all");
    stream.close();
  });
});

describe("Lighter stand-in stream: orders, fills, positions, funding", () => {
  it("a resting GTT order is pushed open, then canceled by client index, and listed by the order reads", async () => {
    const account = freshAccount();
    const stream = await watch(account);
    await createOrder(account, { client: 41, size: 1000, price: 340000, isAsk: false });
    const opened = await stream.next(withOrder(41, "open"));
    expect(opened.orders[String(ETH)]).toEqual([
      expect.objectContaining({ client_order_index: 41, client_order_id: "41", market_index: ETH, owner_account_index: account, initial_base_amount: "0.1000", remaining_base_amount: "0.1000", price: "3400.00", base_size: 1000, base_price: 340000, side: "buy", is_ask: false, type: "limit", time_in_force: "good-till-time", status: "open", filled_base_amount: "0.0000" }),
    ]);
    const market = await stream.next(ofType("update/account_orders"));
    expect(market).toMatchObject({ channel: `account_orders:${ETH}`, account, orders: { [String(ETH)]: [expect.objectContaining({ client_order_index: 41, status: "open" })] } });
    const active = await read(`/api/v1/accountActiveOrders?account_index=${account}&market_id=255`, account);
    expect(active.body.orders.map((order: Frame) => order.client_order_index)).toEqual([41]);

    await sendTx(account, TX_TYPE.CANCEL_ORDER, { MarketIndex: ETH, Index: 41 });
    await stream.next(withOrder(41, "canceled"));
    expect((await read(`/api/v1/accountActiveOrders?account_index=${account}&market_id=255`, account)).body.orders).toEqual([]);
    const inactive = await read(`/api/v1/accountInactiveOrders?account_index=${account}&limit=10`, account);
    expect(inactive.body.orders).toEqual([expect.objectContaining({ client_order_index: 41, status: "canceled" })]);
    stream.close();
  });

  it("an IOC sell fills against the book: order, trade, position, stats and account_all frames, and the trade reads", async () => {
    const account = freshAccount();
    const stream = await watch(account);
    const from = stream.frames.length;
    const txHash = await createOrder(account, { client: 7, size: 1000, price: 300000, isAsk: true, tif: 0, type: 1 });

    const filled = await stream.next(withOrder(7, "filled"), from);
    expect(ordersOf(filled)[0]).toMatchObject({ filled_base_amount: "0.1000", remaining_base_amount: "0.0000", filled_quote_amount: "349.977000", type: "market", time_in_force: "immediate-or-cancel" });
    const trades = await stream.next(ofType("update/account_all_trades"), from);
    const trade = trades.trades[String(ETH)][0];
    expect(trade).toEqual({
      trade_id: expect.any(Number),
      trade_id_str: String(trade.trade_id),
      tx_hash: txHash,
      type: "trade",
      market_id: ETH,
      size: "0.1000",
      price: BEST_BID,
      usd_amount: "349.977000",
      ask_id: ordersOf(filled)[0]?.order_index,
      ask_id_str: ordersOf(filled)[0]?.order_id,
      bid_id: expect.any(Number),
      bid_id_str: expect.stringMatching(/^\d+$/),
      ask_client_id: 7,
      ask_client_id_str: "7",
      bid_client_id: 0,
      bid_client_id_str: "0",
      ask_account_id: account,
      bid_account_id: LIGHTER_HOUSE_ACCOUNT,
      is_maker_ask: false,
      block_height: expect.any(Number),
      timestamp: expect.any(Number),
      taker_fee: LIGHTER_TAKER_FEE,
      transaction_time: expect.any(Number),
    });
    expect(trade.transaction_time).toBeGreaterThanOrEqual(trade.timestamp * 1000);
    const positions = await stream.next(ofType("update/account_all_positions"), from);
    expect(positions.positions[String(ETH)]).toMatchObject({ market_id: ETH, symbol: "ETH", sign: -1, position: "0.1000", avg_entry_price: BEST_BID, position_value: "350.012000", unrealized_pnl: "-0.035000", realized_pnl: "0.000000", margin_mode: 0 });
    const stats = await stream.next(ofType("update/user_stats"), from);
    expect(stats.stats.collateral).toBe("99999.930005"); // the taker fee: 349.977 × 200e-6
    const all = await stream.next(ofType("update/account_all"), from);
    expect(all).toMatchObject({ account, trades: { [String(ETH)]: [trade] }, funding_histories: {}, total_trades_count: 1 });

    // Two more fills, then the trade history pages newest first.
    await createOrder(account, { client: 8, size: 1000, price: 300000, isAsk: true, tif: 0, type: 1 });
    await createOrder(account, { client: 9, size: 1000, price: 300000, isAsk: true, tif: 0, type: 1 });
    await stream.next(withOrder(9, "filled"), from);
    const first = await read(`/api/v1/trades?sort_by=trade_id&sort_dir=desc&limit=2&account_index=${account}`, account);
    expect(first.body.trades.map((t: Frame) => t.ask_client_id)).toEqual([9, 8]);
    const second = await read(`/api/v1/trades?sort_by=trade_id&sort_dir=desc&limit=2&account_index=${account}&cursor=${first.body.next_cursor}`, account);
    expect(second.body.trades.map((t: Frame) => t.ask_client_id)).toEqual([7]);
    expect(second.body.next_cursor).toBeUndefined();
    const rest = await read(`/api/v1/account?by=index&value=${account}`, account, null);
    expect(rest.body.accounts[0].positions).toEqual([expect.objectContaining({ sign: -1, position: "0.3000" })]);
    stream.close();
  });

  it("a resting order fills as maker when the book moves through it; IOC, post-only and reduce-only end as Lighter ends them", async () => {
    const account = freshAccount();
    const stream = await watch(account);
    await createOrder(account, { client: 1, size: 2000, price: 349500, isAsk: false });
    await stream.next(withOrder(1, "open"));
    // Both new asks cross the bid: it fills at its own price, as maker.
    await setLighterBook(BASE, { market_id: ETH, bids: [["3480.00", "5"]], asks: [["3490.00", "0.1500"], ["3495.00", "5"]] });
    const filled = await stream.next(withOrder(1, "filled"));
    expect(ordersOf(filled)[0]).toMatchObject({ filled_base_amount: "0.2000", filled_quote_amount: "699.000000" });
    const trades = (await stream.next(ofType("update/account_all_trades"))).trades[String(ETH)];
    expect(trades).toEqual([
      expect.objectContaining({ is_maker_ask: false, bid_account_id: account, bid_client_id: 1, price: "3495.00", size: "0.1500" }),
      expect.objectContaining({ is_maker_ask: false, bid_account_id: account, bid_client_id: 1, price: "3495.00", size: "0.0500" }),
    ]);
    expect(trades[0].maker_fee).toBeUndefined();

    await createOrder(account, { client: 2, size: 1000, price: 350000, isAsk: false, tif: 2 }); // crosses 3495.00
    await stream.next(withOrder(2, "canceled-post-only"));
    await createOrder(account, { client: 3, size: 1000, price: 340000, isAsk: false, tif: 0 }); // nothing at or below 3400
    await stream.next(withOrder(3, "canceled"));
    await createOrder(account, { client: 4, size: 1000, price: 340000, isAsk: false, tif: 1, reduceOnly: true }); // long: a buy cannot reduce
    await stream.next(withOrder(4, "canceled-reduce-only"));
    await createOrder(account, { client: 5, size: 9000, price: 340000, isAsk: true, tif: 0, reduceOnly: true }); // cut to the 0.2 long, sold at 3480
    const reduced = await stream.next(withOrder(5, "filled"));
    expect(ordersOf(reduced)[0]).toMatchObject({ filled_base_amount: "0.2000", reduce_only: true });
    const flat = await stream.next((frame) => frame.type === "update/account_all_positions" && frame.positions[String(ETH)].position === "0.0000");
    expect(flat.positions[String(ETH)]).toMatchObject({ sign: 0, realized_pnl: expect.stringMatching(/^-?\d+\.\d{6}$/) });
    stream.close();
  });

  it("a modified order keeps its index and runs again at its new price and size", async () => {
    const account = freshAccount();
    const stream = await watch(account);
    await createOrder(account, { client: 21, size: 1000, price: 340000, isAsk: false });
    const opened = ordersOf(await stream.next(withOrder(21, "open")))[0] as Frame;
    await sendTx(account, TX_TYPE.MODIFY_ORDER, { MarketIndex: ETH, Index: 21, BaseAmount: 500, Price: 350100, TriggerPrice: 0 });
    const filled = ordersOf(await stream.next(withOrder(21, "filled")))[0];
    expect(filled).toMatchObject({ order_id: opened.order_id, price: "3501.00", filled_base_amount: "0.0500", filled_quote_amount: "175.023500" }); // at the best ask, 3500.47
    stream.close();
  });

  it("cancel-all: immediate cancels every live order, a scheduled one when it fires", async () => {
    const account = freshAccount();
    const stream = await watch(account);
    await createOrder(account, { client: 11, size: 1000, price: 340000, isAsk: false });
    await createOrder(account, { client: 12, size: 1000, price: 360000, isAsk: true });
    await stream.next(withOrder(12, "open"));
    await sendTx(account, TX_TYPE.CANCEL_ALL_ORDERS, { TimeInForce: 0, Time: 0 });
    await stream.next((frame) => frame.type === "update/account_all_orders" && ordersOf(frame).filter((order) => order.status === "canceled").length === 2);

    await createOrder(account, { client: 13, size: 1000, price: 340000, isAsk: false });
    await stream.next(withOrder(13, "open"));
    await sendTx(account, TX_TYPE.CANCEL_ALL_ORDERS, { TimeInForce: 1, Time: Date.now() + 300 });
    await stream.next(withOrder(13, "canceled"));
    stream.close();
  });

  it("funding is paid on the open position, pushed as funding_histories and served by positionFunding", async () => {
    const account = freshAccount();
    const stream = await watch(account);
    const from = stream.frames.length;
    await lighterTrade(BASE, { account_index: account, market_id: ETH, side: "buy", size: "1.0000", price: "3500.00" });
    const [payment] = await lighterFunding(BASE, { account_index: account, market_id: ETH, rate: "0.0001" });
    expect(payment).toEqual({ timestamp: expect.any(Number), market_id: ETH, funding_id: expect.any(Number), change: "-0.350012", rate: "0.0001", position_size: "1.0000", position_side: "long", discount: "0.000000" });
    expect(payment?.timestamp).toBeLessThan(Date.now() / 100); // seconds
    const all = await stream.next((frame) => frame.type === "update/account_all" && Object.keys(frame.funding_histories).length > 0, from);
    expect(all.funding_histories).toEqual({ [String(ETH)]: [payment] });
    const position = await stream.next((frame) => frame.type === "update/account_all_positions" && frame.positions[String(ETH)].total_funding_paid_out !== undefined, from);
    expect(position.positions[String(ETH)].total_funding_paid_out).toBe("0.350012");

    const rest = await read(`/api/v1/positionFunding?account_index=${account}&limit=10`, account);
    expect(rest.body).toEqual({ code: 200, position_fundings: [payment] });
    const unauthorized = await read(`/api/v1/positionFunding?account_index=${account}&limit=10`, account, null);
    expect(unauthorized).toMatchObject({ status: 400, body: { code: 20001, message: "invalid param : auth required for main accounts" } });
    stream.close();
  });

  it("an order index above 2^53 is written digit for digit on the stream and by REST", async () => {
    const account = freshAccount();
    await lighterRestingOrder(BASE, { account_index: account, market_id: ETH, side: "buy", size: "0.1000", price: "3400.00", order_index: "1152921504606846975", client_order_index: 99 });
    const stream = await openStream();
    const snapshot = await subscribe(stream, `account_all_orders/${account}`, authToken(account));
    expect(ordersOf(snapshot)[0]).toMatchObject({ order_id: "1152921504606846975", client_order_index: 99, status: "open" });
    expect(stream.texts.find((text) => text.includes("subscribed/"))).toContain('"order_index":1152921504606846975,');
    const rest = await read(`/api/v1/accountActiveOrders?account_index=${account}&market_id=255`, account);
    expect(rest.text).toContain('"order_index":1152921504606846975,');
    stream.close();
  });
});

describe("Lighter stand-in stream: faults", () => {
  it("duplicates the next data frame, replays snapshots, and sends a malformed pair", async () => {
    const account = freshAccount();
    const stream = await watch(account);
    expect(await lighterFeedFault(BASE, "duplicate_next", account)).toBe(1);
    let from = stream.frames.length;
    await lighterTrade(BASE, { account_index: account, market_id: ETH, side: "sell", size: "0.5000", price: "3500.00" });
    await stream.next(ofType("update/account_all"), from);
    const trades = stream.frames.slice(from).filter(ofType("update/account_all_trades"));
    expect(trades).toHaveLength(2);
    expect(trades[0]).toEqual(trades[1]);

    from = stream.frames.length;
    await lighterFeedFault(BASE, "replay_snapshot");
    const replayed = await stream.next(ofType("subscribed/account_all_trades"), from);
    expect(replayed.trades[String(ETH)]).toHaveLength(1);

    from = stream.frames.length;
    await lighterFeedFault(BASE, "malformed_next", account);
    await stream.next((frame) => frame.notJson !== undefined, from);
    const broken = await stream.next(ofType("update/account_all_trades"), from);
    expect(broken.trades[String(ETH)][0].size).toBeNull();
    stream.close();
  });

  it("silence stops everything, pongs included, until resume", async () => {
    const account = freshAccount();
    const stream = await watch(account);
    await lighterFeedFault(BASE, "silence", account);
    const from = stream.frames.length;
    stream.send({ type: "ping" });
    await lighterTrade(BASE, { account_index: account, market_id: ETH, side: "buy", size: "0.1000", price: "3500.00" });
    expect((await lighterFeedState(BASE)).connections[0]?.silenced).toBe(true);
    await lighterFeedFault(BASE, "resume", account);
    stream.send({ type: "ping" });
    await stream.next(ofType("pong"), from);
    expect(stream.frames.slice(from)).toEqual([{ type: "pong" }]); // the ping and the trade while silent were lost
    stream.close();
  });

  it("server pings count pongs; an unanswered ping closes the socket with 1008 at the next", async () => {
    const stream = await openStream();
    await stream.next(ofType("connected"));
    await lighterFeedFault(BASE, "ping");
    await stream.next(ofType("ping"));
    stream.send({ type: "pong" });
    await setLighterPingInterval(BASE, 100);
    expect(await stream.closed).toBe(1008);

    const answering = await openStream();
    await answering.next(ofType("ping"));
    answering.send({ type: "pong" });
    await answering.next(ofType("ping"), answering.frames.length);
    answering.send({ type: "pong" });
    answering.send({ type: "ping" }); // answered once the server has counted the pong before it
    await answering.next(ofType("pong"));
    await setLighterPingInterval(BASE, 20_000);
    const [connection] = (await lighterFeedState(BASE)).connections;
    expect(connection?.pongs).toBe(2);
    expect(connection?.pings_sent).toBeGreaterThanOrEqual(2);
    answering.close();
  });

  it("drop, close without a status code, refused upgrades and reset", async () => {
    const account = freshAccount();
    const dropped = await watch(account);
    await lighterFeedFault(BASE, "drop", account);
    expect(await dropped.closed).toBe(1006);
    const closed = await openStream();
    await closed.next(ofType("connected"));
    await lighterFeedFault(BASE, "close_1005");
    expect(await closed.closed).toBe(1005);

    await lighterFeedFault(BASE, "refuse");
    await expect(openStream()).rejects.toThrow("HTTP 503");
    await lighterFeedFault(BASE, "accept");
    const open = await openStream();
    const state = await lighterFeedState(BASE);
    expect(state).toMatchObject({ refused: false, upgrades_total: 4, connections: [expect.objectContaining({ subscriptions: [] })] });
    await resetStandIn(BASE);
    expect(await open.closed).toBe(1006);
  });
});
