/**
 * The Lighter stand-in's exchange: per market a price-time book (order-book.ts) holding the stand-in's
 * own liquidity (the "house", account LIGHTER_HOUSE_ACCOUNT) and the accounts' resting orders; per
 * account its orders, trades, positions, funding payments and USDC collateral. What it hands out is
 * shaped as Lighter's own objects (accounts/SPEC.md §1.6, the types in ../lighter-feed-control.ts).
 *
 * How the venue is imitated:
 * - sendTx only queues a tx on Lighter; it executes in a later block. So accepted txs run here in a
 *   "block" a few ms after acceptance, in acceptance order, all of one timer tick in one block.
 * - CreateOrder gets an order index counting up from ~2.8e14 (as on the venue; never reused, not even
 *   across resets). Expired on arrival → canceled-expired; reduce-only is cut to the position and
 *   refused (canceled-reduce-only) when it would not reduce; trigger and TWAP orders (Type 2–6) wait as
 *   `pending` and never trigger; post-only that would cross → canceled-post-only; otherwise it matches
 *   best price first up to its Price (a market order's worst price) and IOC drops the rest (`canceled`,
 *   or `filled`), GTT rests it (`open`). A resting order of the taker's own account in its way is taken
 *   off (canceled-self-trade, the default "expire maker" mode). Resting orders never expire here.
 * - CancelOrder names an order by order index or client order index; CancelAllOrders immediate cancels
 *   the account's live orders (attribute 5: one market), a scheduled one when lighter.ts says it fired.
 *   ModifyOrder takes the order off the book, sets Price, TriggerPrice and (BaseAmount > 0) the size
 *   left, and runs it again as if new (keeping its index). A tx naming no live order does nothing.
 * - Every fill is one Trade for both sides: fee rates taker LIGHTER_TAKER_FEE, maker 0 (omitted); fees
 *   and realized PnL move the collateral. Positions: signed size, entry quote, weighted average entry;
 *   marked at the book's mid (the fixture's mark_price while a side is empty).
 * - Funding (control): change = −sign × |size| × mark × rate, rounded to the micro-USDC, into collateral.
 * - After each block every account it touched is reported once (`onChange`): the orders that changed (in
 *   their state at the end of the block), the new trades and payments, the markets whose position moved.
 *
 * Amounts are exact integers: sizes and prices in the market's units (size_decimals, price_decimals),
 * quote (size × price) in 10^-(size+price decimals), USDC in micro-USDC.
 */
import { randomBytes } from "node:crypto";
import orderBookDetails from "../../fixtures/funding/lighter-orderBookDetails.json";
import { type JsonValue, parseJsonLossless } from "../../../src/lossless-json";
import { PLAIN_DECIMAL, parseDecimal } from "../../../src/trading/decimal";
import { ATTRIBUTE } from "../../../src/venues/lighter/tx/attributes";
import { CANCEL_ALL_TIME_IN_FORCE, FEE_TICK, MAX_CLIENT_ORDER_INDEX, NIL_MARKET_INDEX, ORDER_TYPE, TIME_IN_FORCE, TX_TYPE } from "../../../src/venues/lighter/tx/limits";
import type { AcceptedTx } from "../lighter-accepted";
import {
  LIGHTER_DEFAULT_COLLATERAL,
  LIGHTER_HOUSE_ACCOUNT,
  LIGHTER_INITIAL_MARGIN_FRACTION,
  LIGHTER_TAKER_FEE,
  type LighterBook,
  type LighterControlOrder,
  type LighterControlTrade,
  type LighterFunding,
  type LighterMarginStats,
  type LighterOrder,
  type LighterPosition,
  type LighterStats,
  type LighterTrade,
} from "../lighter-feed-control";
import { OrderBook } from "./order-book";

const BLOCK_DELAY_MS = 3;
const KEPT = 10_000;
const USDC_DECIMALS = 6;
const DEFAULT_LEVELS = 5;
const LEVEL_NOTIONAL_USD = 1_000_000n;
/** Default book: levels every 1 bp of the mark (at least one tick). */
const LEVEL_STEP_BP = 1n;
/** An order expiry for control orders: Lighter's SDKs default to 28 days. */
const CONTROL_ORDER_EXPIRY_MS = 28 * 86_400_000;

const TYPE_NAMES = ["limit", "market", "stop-loss", "stop-loss-limit", "take-profit", "take-profit-limit", "twap"];
const TIME_IN_FORCE_NAMES = ["immediate-or-cancel", "good-till-time", "post-only"] as const;

// Counters live for the process: ids are never reused, not even across resets.
let nextOrderIndex = 281_476_929_510_000n;
let nextTradeId = 19_209_000_000;
let nextFundingId = 4_700;
let nextBookId = 1;
let blockHeight = 227_535_000;

interface Market {
  id: number;
  symbol: string;
  sizeDecimals: number;
  priceDecimals: number;
  /** The fixture's mark_price, in price units: the mark while the book lacks a side. */
  fixtureMark: bigint;
  book: OrderBook;
}

/** What a trade needs of each side: an order, or a side of a control trade made up on the spot. */
interface TradeSide {
  orderIndex: bigint;
  clientOrderIndex: number;
  account: number;
  isAsk: boolean;
}

interface Order extends TradeSide {
  market: Market;
  type: number;
  timeInForce: number;
  reduceOnly: boolean;
  price: bigint;
  triggerPrice: bigint;
  initial: bigint;
  remaining: bigint;
  filled: bigint;
  filledQuote: bigint;
  orderExpiry: bigint;
  nonce: bigint;
  txHash: string;
  status: string;
  /** Its id on the market's book while it rests there. */
  bookId: number | null;
  createdAt: number;
  updatedAt: number;
  blockHeight: number;
}

interface PositionState {
  market: Market;
  /** Signed, size units. */
  size: bigint;
  /** What the open size cost, quote units (unsigned). */
  entryQuote: bigint;
  realizedMicro: bigint;
  fundingPaidMicro: bigint;
}

interface Account {
  index: number;
  collateralMicro: bigint;
  /** Live orders (open and pending) by order index. */
  live: Map<bigint, Order>;
  /** Ended orders, oldest first (the last KEPT). */
  ended: Order[];
  /** Oldest first (the last KEPT). */
  trades: LighterTrade[];
  positions: Map<number, PositionState>;
  /** Oldest first (the last KEPT). */
  fundings: LighterFunding[];
}

/** One account's changes in one block, as `onChange` reports them. */
export interface AccountChange {
  account: number;
  /** The orders that changed, in their state at the end of the block (rendered on demand). */
  orders(): LighterOrder[];
  trades: LighterTrade[];
  fundings: LighterFunding[];
  /** The positions that changed (rendered on demand). */
  positions(): LighterPosition[];
}

interface PendingChange {
  orders: Set<Order>;
  trades: LighterTrade[];
  fundings: LighterFunding[];
  positions: Set<Market>;
}

export type Outcome<T> = { ok: T } | { error: string };

// ---------------------------------------------------------------------------------------------------
// Decimals

/** A human decimal string in units of 10^-decimals; undefined when it is not one or has more decimals. */
function parseUnits(text: unknown, decimals: number): bigint | undefined {
  if (typeof text !== "string" || !PLAIN_DECIMAL.test(text)) return undefined;
  const { units, scale } = parseDecimal(text);
  return scale > decimals ? undefined : units * 10n ** BigInt(decimals - scale);
}

/** As Lighter prints amounts: always `decimals` places ("2352.70", "0.0050", "-0.001840"). */
function formatUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals === 0 ? "" : `.${digits.slice(digits.length - decimals)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

const abs = (value: bigint): bigint => (value < 0n ? -value : value);

/** a / b rounded half away from zero. */
function divRound(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  const remainder = a % b;
  if (2n * abs(remainder) < abs(b)) return quotient;
  return quotient + ((a < 0n) === (b < 0n) ? 1n : -1n);
}

/** A ratio with two decimals ("3.04"); "0.00" over nothing. */
function ratio(numerator: bigint, denominator: bigint): string {
  return denominator <= 0n ? "0.00" : formatUnits(divRound(numerator * 100n, denominator), 2);
}

const quoteDecimals = (market: Market): number => market.sizeDecimals + market.priceDecimals;

function quoteToMicro(quote: bigint, market: Market): bigint {
  const shift = USDC_DECIMALS - quoteDecimals(market);
  return shift >= 0 ? quote * 10n ** BigInt(shift) : divRound(quote, 10n ** BigInt(-shift));
}

function microToQuote(micro: bigint, market: Market): bigint {
  const shift = quoteDecimals(market) - USDC_DECIMALS;
  return shift >= 0 ? micro * 10n ** BigInt(shift) : divRound(micro, 10n ** BigInt(-shift));
}

const micro = (value: bigint): string => formatUnits(value, USDC_DECIMALS);

const IMF_UNITS = parseUnits(LIGHTER_INITIAL_MARGIN_FRACTION, 4) as bigint;
const IMF_SCALE = 10_000n;

// ---------------------------------------------------------------------------------------------------
// JSON

const BIGINT_MARK = "__lighter_bigint__";

/** JSON text of Lighter's objects: order indices are bigints, written digit for digit (they may pass 2^53). */
export function lighterJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? `${BIGINT_MARK}${item}` : item)).replace(
    new RegExp(`"${BIGINT_MARK}(-?\\d+)"`, "g"),
    "$1",
  );
}

function integerField(info: Record<string, JsonValue>, field: string): bigint {
  const value = info[field];
  return typeof value === "bigint" ? value : BigInt(typeof value === "number" ? value : 0);
}

// ---------------------------------------------------------------------------------------------------

export class LighterEngine {
  private markets = new Map<number, Market>();
  private accounts = new Map<number, Account>();
  /** Orders resting on any book, by book id (house orders included). */
  private resting = new Map<number, Order>();
  private queue: AcceptedTx[] = [];
  private timer: NodeJS.Timeout | undefined;
  private changes = new Map<number, PendingChange>();

  constructor(private readonly onChange: (change: AccountChange) => void) {
    this.reset();
  }

  /** Forgets every account, order and book; the fixture markets get their default liquidity again. */
  reset(): void {
    this.stop();
    this.queue = [];
    this.accounts = new Map();
    this.resting = new Map();
    this.changes = new Map();
    this.markets = new Map();
    for (const detail of [...orderBookDetails.order_book_details, ...orderBookDetails.spot_order_book_details]) {
      const mark = "mark_price" in detail ? detail.mark_price : String(detail.last_trade_price);
      const market: Market = {
        id: detail.market_id,
        symbol: detail.symbol,
        sizeDecimals: detail.size_decimals,
        priceDecimals: detail.price_decimals,
        fixtureMark: parseUnits(mark, detail.price_decimals) ?? 0n,
        book: new OrderBook(),
      };
      this.markets.set(market.id, market);
      if (detail.market_type === "perp" && detail.status === "active") this.addHouseLevels(market, this.defaultLevels(market));
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Queues accepted txs for the next block. */
  submit(txs: readonly AcceptedTx[]): void {
    this.queue.push(...txs);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const txs = this.queue;
      this.queue = [];
      this.block(() => {
        for (const tx of txs) this.apply(tx);
      });
    }, BLOCK_DELAY_MS);
  }

  /** A scheduled CancelAllOrders fired: every live order of the account is canceled. */
  cancelAllOrders(accountIndex: number): void {
    this.block(() => this.cancelLive(accountIndex, null));
  }

  // ----- control -----------------------------------------------------------------------------------

  /** Replaces the house liquidity of a market; a new level crossing an account's resting order fills it. */
  setBook(book: LighterBook): Outcome<null> {
    const market = this.markets.get(book.market_id);
    if (market === undefined) return { error: `unknown market_id ${String(book.market_id)}` };
    const levels: Array<{ isAsk: boolean; price: bigint; size: bigint }> = [];
    for (const [isAsk, side] of [[false, book.bids], [true, book.asks]] as const) {
      if (!Array.isArray(side)) return { error: "bids and asks must be arrays of [price, size]" };
      for (const level of side) {
        const price = parseUnits(level?.[0], market.priceDecimals);
        const size = parseUnits(level?.[1], market.sizeDecimals);
        if (price === undefined || size === undefined || price <= 0n || size <= 0n) {
          return { error: `bad level ${JSON.stringify(level)}: price and size are positive decimal strings within ${market.priceDecimals} and ${market.sizeDecimals} decimals` };
        }
        levels.push({ isAsk, price, size });
      }
    }
    this.block(() => {
      for (const order of market.book.removeWhere((resting) => resting.owner === null)) this.resting.delete(order.id);
      this.addHouseLevels(market, levels);
    });
    return { ok: null };
  }

  trade(request: LighterControlTrade): Outcome<LighterTrade> {
    const fill = this.controlFill(request);
    if ("error" in fill) return fill;
    const { market, size, price, isAsk } = fill.ok;
    const type = request.type ?? "trade";
    if (!["trade", "liquidation", "deleverage"].includes(type)) return { error: "type must be trade, liquidation or deleverage" };
    const own: TradeSide = { orderIndex: nextOrderIndex++, clientOrderIndex: 0, account: request.account_index, isAsk };
    const house: TradeSide = { orderIndex: nextOrderIndex++, clientOrderIndex: 0, account: LIGHTER_HOUSE_ACCOUNT, isAsk: !isAsk };
    const [taker, maker] = request.role === "maker" ? [house, own] : [own, house];
    return { ok: this.block(() => this.recordTrade(market, price, size, taker, maker, randomBytes(40).toString("hex"), type)) };
  }

  placeOrder(request: LighterControlOrder): Outcome<LighterOrder> {
    const fill = this.controlFill(request);
    if ("error" in fill) return fill;
    if (request.order_index !== undefined && !/^\d{1,19}$/.test(request.order_index)) return { error: "order_index must be decimal digits" };
    const orderIndex = request.order_index === undefined ? nextOrderIndex++ : BigInt(request.order_index);
    if (this.account(request.account_index).live.has(orderIndex)) return { error: `order ${orderIndex} is already live` };
    const order = this.newOrder({
      ...fill.ok,
      orderIndex,
      clientOrderIndex: request.client_order_index ?? 0,
      account: request.account_index,
      type: Number(ORDER_TYPE.LIMIT),
      timeInForce: Number(TIME_IN_FORCE.GOOD_TILL_TIME),
      reduceOnly: false,
      triggerPrice: 0n,
      orderExpiry: BigInt(Date.now() + CONTROL_ORDER_EXPIRY_MS),
      nonce: 0n,
      txHash: randomBytes(40).toString("hex"),
    });
    const placed = this.block(() => {
      this.execute(order);
      return this.orderWire(order);
    });
    return { ok: placed };
  }

  /** Pays funding on the open positions in a market (one account's, or every account's). */
  funding(request: { account_index?: number; market_id: number; rate: string }): Outcome<LighterFunding[]> {
    const market = this.markets.get(request.market_id);
    if (market === undefined) return { error: `unknown market_id ${String(request.market_id)}` };
    const { rate } = request;
    if (typeof rate !== "string" || !PLAIN_DECIMAL.test(rate.replace(/^-/, ""))) return { error: 'rate must be a decimal string, e.g. "0.0001"' };
    const { units: rateUnits, scale } = parseDecimal(rate);
    const rateScale = 10n ** BigInt(scale);
    const accounts = request.account_index === undefined ? [...this.accounts.values()] : [this.accounts.get(request.account_index)].filter((a) => a !== undefined);
    return {
      ok: this.block(() =>
        accounts.flatMap((account) => {
          const position = account.positions.get(market.id);
          if (position === undefined || position.size === 0n) return [];
          const notional = quoteToMicro(abs(position.size) * this.markOf(market), market);
          const change = divRound(-(position.size > 0n ? 1n : -1n) * notional * rateUnits, rateScale);
          account.collateralMicro += change;
          position.fundingPaidMicro -= change;
          const payment: LighterFunding = {
            timestamp: Math.floor(Date.now() / 1000),
            market_id: market.id,
            funding_id: nextFundingId++,
            change: micro(change),
            rate,
            position_size: formatUnits(abs(position.size), market.sizeDecimals),
            position_side: position.size > 0n ? "long" : "short",
            discount: micro(0n),
          };
          keep(account.fundings, payment);
          const pending = this.pending(account.index);
          pending.fundings.push(payment);
          pending.positions.add(market);
          return [payment];
        }),
      ),
    };
  }

  /** What a control trade or order says of its market, side, size and price, checked. */
  private controlFill(request: { account_index: number; market_id: number; side: string; size: string; price: string }): Outcome<{ market: Market; isAsk: boolean; size: bigint; price: bigint }> {
    const market = this.markets.get(request.market_id);
    if (market === undefined) return { error: `unknown market_id ${String(request.market_id)}` };
    const size = parseUnits(request.size, market.sizeDecimals);
    const price = parseUnits(request.price, market.priceDecimals);
    if (size === undefined || price === undefined || size <= 0n || price <= 0n) return { error: "size and price must be positive decimal strings within the market's decimals" };
    if (request.side !== "buy" && request.side !== "sell") return { error: 'side must be "buy" or "sell"' };
    if (!Number.isSafeInteger(request.account_index)) return { error: "account_index must be an integer" };
    return { ok: { market, isAsk: request.side === "sell", size, price } };
  }

  // ----- reads (what REST and the stream show) -------------------------------------------------------

  liveOrders(accountIndex: number, marketId?: number): LighterOrder[] {
    const live = [...(this.accounts.get(accountIndex)?.live.values() ?? [])];
    return live.filter((order) => marketId === undefined || order.market.id === marketId).map((order) => this.orderWire(order));
  }

  /** Ended orders, newest first. */
  endedOrders(accountIndex: number): LighterOrder[] {
    return [...(this.accounts.get(accountIndex)?.ended ?? [])].reverse().map((order) => this.orderWire(order));
  }

  /** Oldest first. */
  trades(accountIndex: number): readonly LighterTrade[] {
    return this.accounts.get(accountIndex)?.trades ?? [];
  }

  /** Oldest first. */
  fundings(accountIndex: number): readonly LighterFunding[] {
    return this.accounts.get(accountIndex)?.fundings ?? [];
  }

  /** Every market the account has held a position in, by market index. */
  positions(accountIndex: number): LighterPosition[] {
    const account = this.accounts.get(accountIndex);
    if (account === undefined) return [];
    return [...account.positions.values()].sort((a, b) => a.market.id - b.market.id).map((position) => this.positionWire(account, position));
  }

  stats(accountIndex: number): LighterStats {
    const { collateral, portfolio, notional, margin } = this.margins(this.account(accountIndex, false));
    const available = portfolio > margin ? portfolio - margin : 0n;
    const stats: LighterMarginStats = {
      collateral: micro(collateral),
      portfolio_value: micro(portfolio),
      leverage: ratio(notional, portfolio),
      available_balance: micro(available),
      margin_usage: ratio(margin, portfolio),
      buying_power: micro((available * IMF_SCALE) / IMF_UNITS),
    };
    return { ...stats, account_trading_mode: 0, cross_stats: stats, total_stats: stats };
  }

  // ----- tx execution ------------------------------------------------------------------------------

  private apply(tx: AcceptedTx): void {
    const info = parseJsonLossless(tx.tx_info) as Record<string, JsonValue>;
    const accountIndex = Number(tx.account_index);
    switch (tx.tx_type) {
      case TX_TYPE.CREATE_ORDER: {
        const market = this.market(Number(info.MarketIndex));
        const order = this.newOrder({
          orderIndex: nextOrderIndex++,
          clientOrderIndex: Number(info.ClientOrderIndex),
          account: accountIndex,
          isAsk: Number(info.IsAsk) === 1,
          market,
          type: Number(info.Type),
          timeInForce: Number(info.TimeInForce),
          reduceOnly: Number(info.ReduceOnly) === 1,
          price: integerField(info, "Price"),
          triggerPrice: integerField(info, "TriggerPrice"),
          size: integerField(info, "BaseAmount"),
          orderExpiry: integerField(info, "OrderExpiry"),
          nonce: BigInt(tx.nonce),
          txHash: tx.tx_hash,
        });
        this.execute(order);
        return;
      }
      case TX_TYPE.CANCEL_ORDER: {
        const order = this.findLive(accountIndex, Number(info.MarketIndex), integerField(info, "Index"));
        if (order !== undefined) this.end(order, "canceled");
        return;
      }
      case TX_TYPE.CANCEL_ALL_ORDERS: {
        if (integerField(info, "TimeInForce") !== CANCEL_ALL_TIME_IN_FORCE.IMMEDIATE) return; // scheduling is lighter.ts's bookkeeping
        const attributes = info.L2TxAttributes;
        const only = attributes !== null && typeof attributes === "object" && !Array.isArray(attributes) ? attributes[String(ATTRIBUTE.CANCEL_ALL_MARKET_INDEX)] : undefined;
        const market = only === undefined || BigInt(only as number | bigint) === NIL_MARKET_INDEX ? null : Number(only);
        this.cancelLive(accountIndex, market);
        return;
      }
      case TX_TYPE.MODIFY_ORDER: {
        const order = this.findLive(accountIndex, Number(info.MarketIndex), integerField(info, "Index"));
        if (order === undefined) return;
        this.takeOffBook(order);
        this.account(accountIndex).live.delete(order.orderIndex);
        const size = integerField(info, "BaseAmount");
        if (size > 0n) {
          order.remaining = size;
          order.initial = order.filled + size;
        }
        order.price = integerField(info, "Price");
        order.triggerPrice = integerField(info, "TriggerPrice");
        order.nonce = BigInt(tx.nonce);
        order.updatedAt = Date.now();
        this.execute(order);
        return;
      }
    }
  }

  private newOrder(fields: Omit<Order, "initial" | "remaining" | "filled" | "filledQuote" | "status" | "bookId" | "createdAt" | "updatedAt" | "blockHeight"> & { size: bigint }): Order {
    const { size, ...rest } = fields;
    const now = Date.now();
    return { ...rest, initial: size, remaining: size, filled: 0n, filledQuote: 0n, status: "in-progress", bookId: null, createdAt: now, updatedAt: now, blockHeight };
  }

  /** Runs an order that has just arrived (or was modified): it ends, waits as a trigger order, or rests. */
  private execute(order: Order): void {
    if (order.orderExpiry > 0n && order.orderExpiry < BigInt(Date.now())) return this.end(order, "canceled-expired");
    if (order.reduceOnly) {
      const held = this.account(order.account).positions.get(order.market.id)?.size ?? 0n;
      if (order.isAsk ? held <= 0n : held >= 0n) return this.end(order, "canceled-reduce-only");
      if (order.remaining === 0n || order.remaining > abs(held)) order.remaining = abs(held);
      if (order.initial === 0n) order.initial = order.remaining;
    }
    if (order.type !== Number(ORDER_TYPE.LIMIT) && order.type !== Number(ORDER_TYPE.MARKET)) {
      order.status = "pending";
      this.account(order.account).live.set(order.orderIndex, order);
      this.touch(order);
      return;
    }
    const { book } = order.market;
    const isBuy = !order.isAsk;
    if (order.timeInForce === Number(TIME_IN_FORCE.POST_ONLY) && book.crosses(isBuy, order.price)) return this.end(order, "canceled-post-only");
    const result = book.match(isBuy, order.price, order.remaining, ownerKey(order.account));
    for (const expired of result.selfTradeCanceled) {
      const maker = this.resting.get(expired.id) as Order;
      this.resting.delete(expired.id);
      maker.bookId = null;
      this.end(maker, "canceled-self-trade");
    }
    for (const match of result.matches) {
      const maker = this.resting.get(match.maker.id) as Order;
      this.recordTrade(order.market, match.price, match.size, order, maker, order.txHash, "trade");
      for (const side of [order, maker]) {
        side.remaining -= match.size;
        side.filled += match.size;
        side.filledQuote += match.size * match.price;
        side.updatedAt = Date.now();
        this.touch(side);
      }
      if (match.makerDone) {
        this.resting.delete(match.maker.id);
        maker.bookId = null;
        this.end(maker, "filled");
      }
    }
    if (order.remaining === 0n) this.end(order, "filled");
    else if (order.timeInForce === Number(TIME_IN_FORCE.IMMEDIATE_OR_CANCEL)) this.end(order, "canceled");
    else this.rest(order);
  }

  private rest(order: Order): void {
    const bookId = nextBookId++;
    order.market.book.add({ id: bookId, isBuy: !order.isAsk, price: order.price, size: order.remaining, owner: ownerKey(order.account) });
    order.bookId = bookId;
    order.status = "open";
    this.resting.set(bookId, order);
    if (order.account !== LIGHTER_HOUSE_ACCOUNT) this.account(order.account).live.set(order.orderIndex, order);
    this.touch(order);
  }

  private end(order: Order, status: string): void {
    if (order.account === LIGHTER_HOUSE_ACCOUNT) return;
    this.takeOffBook(order);
    order.status = status;
    order.updatedAt = Date.now();
    const account = this.account(order.account);
    account.live.delete(order.orderIndex);
    keep(account.ended, order);
    this.touch(order);
  }

  private takeOffBook(order: Order): void {
    if (order.bookId === null) return;
    order.market.book.remove(order.bookId);
    this.resting.delete(order.bookId);
    order.bookId = null;
  }

  private cancelLive(accountIndex: number, marketId: number | null): void {
    for (const order of [...(this.accounts.get(accountIndex)?.live.values() ?? [])]) {
      if (marketId === null || order.market.id === marketId) this.end(order, "canceled");
    }
  }

  private findLive(accountIndex: number, marketId: number, index: bigint): Order | undefined {
    for (const order of this.accounts.get(accountIndex)?.live.values() ?? []) {
      if (order.market.id !== marketId) continue;
      if (order.orderIndex === index || (index <= MAX_CLIENT_ORDER_INDEX && BigInt(order.clientOrderIndex) === index)) return order;
    }
    return undefined;
  }

  /** One fill: the trade, and for each side that is an account its position, collateral and history. */
  private recordTrade(market: Market, price: bigint, size: bigint, taker: TradeSide, maker: TradeSide, txHash: string, type: LighterTrade["type"]): LighterTrade {
    const now = Date.now();
    const tradeId = nextTradeId++;
    const [ask, bid] = taker.isAsk ? [taker, maker] : [maker, taker];
    const usdMicro = quoteToMicro(size * price, market);
    const trade: LighterTrade = {
      trade_id: tradeId,
      trade_id_str: String(tradeId),
      tx_hash: txHash,
      type,
      market_id: market.id,
      size: formatUnits(size, market.sizeDecimals),
      price: formatUnits(price, market.priceDecimals),
      usd_amount: micro(usdMicro),
      ask_id: ask.orderIndex,
      ask_id_str: String(ask.orderIndex),
      bid_id: bid.orderIndex,
      bid_id_str: String(bid.orderIndex),
      ask_client_id: ask.clientOrderIndex,
      ask_client_id_str: String(ask.clientOrderIndex),
      bid_client_id: bid.clientOrderIndex,
      bid_client_id_str: String(bid.clientOrderIndex),
      ask_account_id: ask.account,
      bid_account_id: bid.account,
      is_maker_ask: maker === ask,
      block_height: blockHeight,
      timestamp: now,
      taker_fee: LIGHTER_TAKER_FEE,
      transaction_time: now * 1000 + (tradeId % 1000),
    };
    for (const side of [taker, maker]) {
      if (side.account === LIGHTER_HOUSE_ACCOUNT) continue;
      const account = this.account(side.account);
      const feeMicro = side === taker ? divRound(usdMicro * BigInt(LIGHTER_TAKER_FEE), FEE_TICK) : 0n;
      this.applyFill(account, market, side.isAsk ? -size : size, price);
      account.collateralMicro -= feeMicro;
      keep(account.trades, trade);
      const pending = this.pending(account.index);
      pending.trades.push(trade);
      pending.positions.add(market);
    }
    return trade;
  }

  /** Moves a position by a signed size at a price; what it closes is realized into collateral. */
  private applyFill(account: Account, market: Market, delta: bigint, price: bigint): void {
    let position = account.positions.get(market.id);
    if (position === undefined) {
      position = { market, size: 0n, entryQuote: 0n, realizedMicro: 0n, fundingPaidMicro: 0n };
      account.positions.set(market.id, position);
    }
    const size = abs(delta);
    if (position.size === 0n || position.size > 0n === delta > 0n) {
      position.entryQuote += size * price;
    } else {
      const held = abs(position.size);
      const closed = size < held ? size : held;
      const closedEntry = closed === held ? position.entryQuote : (position.entryQuote * closed) / held;
      const exit = closed * price;
      const pnl = quoteToMicro(position.size > 0n ? exit - closedEntry : closedEntry - exit, market);
      position.realizedMicro += pnl;
      account.collateralMicro += pnl;
      position.entryQuote = size > held ? (size - held) * price : position.entryQuote - closedEntry;
    }
    position.size += delta;
    if (position.size === 0n) position.entryQuote = 0n;
  }

  private addHouseLevels(market: Market, levels: Array<{ isAsk: boolean; price: bigint; size: bigint }>): void {
    for (const level of levels) {
      const order = this.newOrder({
        orderIndex: nextOrderIndex++,
        clientOrderIndex: 0,
        account: LIGHTER_HOUSE_ACCOUNT,
        isAsk: level.isAsk,
        market,
        type: Number(ORDER_TYPE.LIMIT),
        timeInForce: Number(TIME_IN_FORCE.GOOD_TILL_TIME),
        reduceOnly: false,
        price: level.price,
        triggerPrice: 0n,
        size: level.size,
        orderExpiry: 0n,
        nonce: 0n,
        txHash: randomBytes(40).toString("hex"),
      });
      this.execute(order);
    }
  }

  /** DEFAULT_LEVELS a side around the fixture's mark, each worth about LEVEL_NOTIONAL_USD. */
  private defaultLevels(market: Market): Array<{ isAsk: boolean; price: bigint; size: bigint }> {
    const mark = market.fixtureMark;
    const step = (mark * LEVEL_STEP_BP) / 10_000n || 1n;
    const size = (LEVEL_NOTIONAL_USD * 10n ** BigInt(quoteDecimals(market))) / (mark || 1n);
    const levels: Array<{ isAsk: boolean; price: bigint; size: bigint }> = [];
    for (let i = 1n; i <= BigInt(DEFAULT_LEVELS); i += 1n) {
      levels.push({ isAsk: true, price: mark + i * step, size });
      if (mark - i * step > 0n) levels.push({ isAsk: false, price: mark - i * step, size });
    }
    return levels;
  }

  // ----- state ---------------------------------------------------------------------------------------

  /** A market the fixture does not know still takes orders (decimals 0), so a tx for it executes somehow. */
  private market(id: number): Market {
    let market = this.markets.get(id);
    if (market === undefined) {
      market = { id, symbol: `MARKET${id}`, sizeDecimals: 0, priceDecimals: 0, fixtureMark: 0n, book: new OrderBook() };
      this.markets.set(id, market);
    }
    return market;
  }

  private account(index: number, create = true): Account {
    const existing = this.accounts.get(index);
    if (existing !== undefined) return existing;
    const account: Account = {
      index,
      collateralMicro: parseUnits(LIGHTER_DEFAULT_COLLATERAL, USDC_DECIMALS) as bigint,
      live: new Map(),
      ended: [],
      trades: [],
      positions: new Map(),
      fundings: [],
    };
    if (create) this.accounts.set(index, account);
    return account;
  }

  private markOf(market: Market): bigint {
    const bid = market.book.bestBid();
    const ask = market.book.bestAsk();
    return bid !== undefined && ask !== undefined ? (bid + ask) / 2n : market.fixtureMark;
  }

  private margins(account: Account): { collateral: bigint; portfolio: bigint; notional: bigint; margin: bigint } {
    let unrealized = 0n;
    let notional = 0n;
    for (const position of account.positions.values()) {
      const value = this.valueOf(position);
      unrealized += value.unrealized;
      notional += value.value;
    }
    return { collateral: account.collateralMicro, portfolio: account.collateralMicro + unrealized, notional, margin: (notional * IMF_UNITS) / IMF_SCALE };
  }

  private valueOf(position: PositionState): { value: bigint; unrealized: bigint } {
    const value = quoteToMicro(abs(position.size) * this.markOf(position.market), position.market);
    const entry = quoteToMicro(position.entryQuote, position.market);
    return { value, unrealized: position.size > 0n ? value - entry : position.size < 0n ? entry - value : 0n };
  }

  // ----- changes -------------------------------------------------------------------------------------

  /** Runs one block: whatever it changes is reported per account when it ends. */
  private block<T>(run: () => T): T {
    blockHeight += 1;
    try {
      return run();
    } finally {
      const changes = this.changes;
      this.changes = new Map();
      for (const [accountIndex, change] of changes) {
        const account = this.account(accountIndex);
        this.onChange({
          account: accountIndex,
          orders: () => [...change.orders].map((order) => this.orderWire(order)),
          trades: change.trades,
          fundings: change.fundings,
          positions: () => [...change.positions].flatMap((market) => {
            const position = account.positions.get(market.id);
            return position === undefined ? [] : [this.positionWire(account, position)];
          }),
        });
      }
    }
  }

  private pending(accountIndex: number): PendingChange {
    let change = this.changes.get(accountIndex);
    if (change === undefined) {
      change = { orders: new Set(), trades: [], fundings: [], positions: new Set() };
      this.changes.set(accountIndex, change);
    }
    return change;
  }

  private touch(order: Order): void {
    if (order.account === LIGHTER_HOUSE_ACCOUNT) return;
    order.blockHeight = blockHeight;
    const pending = this.pending(order.account);
    pending.orders.add(order);
    // A position lists its market's open and pending orders.
    if (this.account(order.account).positions.has(order.market.id)) pending.positions.add(order.market);
  }

  // ----- Lighter's objects ---------------------------------------------------------------------------

  private orderWire(order: Order): LighterOrder {
    const { market } = order;
    const trigger = order.type === Number(ORDER_TYPE.TWAP) ? "twap" : order.type > Number(ORDER_TYPE.MARKET) ? "mark-price" : "na";
    return {
      order_index: order.orderIndex,
      client_order_index: order.clientOrderIndex,
      order_id: String(order.orderIndex),
      client_order_id: String(order.clientOrderIndex),
      market_index: market.id,
      owner_account_index: order.account,
      initial_base_amount: formatUnits(order.initial, market.sizeDecimals),
      price: formatUnits(order.price, market.priceDecimals),
      nonce: order.nonce,
      remaining_base_amount: formatUnits(order.remaining, market.sizeDecimals),
      is_ask: order.isAsk,
      base_size: Number(order.initial),
      base_price: Number(order.price),
      filled_base_amount: formatUnits(order.filled, market.sizeDecimals),
      filled_quote_amount: micro(quoteToMicro(order.filledQuote, market)),
      side: order.isAsk ? "sell" : "buy",
      type: TYPE_NAMES[order.type] ?? "limit",
      time_in_force: TIME_IN_FORCE_NAMES[order.timeInForce] ?? "good-till-time",
      reduce_only: order.reduceOnly,
      trigger_price: formatUnits(order.triggerPrice, market.priceDecimals),
      order_expiry: order.orderExpiry,
      status: order.status,
      trigger_status: order.status === "pending" ? trigger : "na",
      trigger_time: 0,
      parent_order_index: 0,
      parent_order_id: "0",
      to_trigger_order_id_0: "0",
      to_trigger_order_id_1: "0",
      to_cancel_order_id_0: "0",
      integrator_fee_collector_index: "0",
      integrator_taker_fee: "0",
      integrator_maker_fee: "0",
      block_height: order.blockHeight,
      timestamp: order.createdAt,
      created_at: order.createdAt,
      updated_at: order.updatedAt,
      transaction_time: order.updatedAt * 1000,
    };
  }

  private positionWire(account: Account, position: PositionState): LighterPosition {
    const { market } = position;
    const held = abs(position.size);
    const sign = position.size > 0n ? 1 : position.size < 0n ? -1 : 0;
    const { value, unrealized } = this.valueOf(position);
    const { portfolio, margin } = this.margins(account);
    // Where the account's equity would meet half the initial margin if only this market moved.
    const cushion = microToQuote(portfolio - margin / 2n, market);
    const liquidation = held === 0n ? 0n : this.markOf(market) - BigInt(sign) * (cushion / held);
    let open = 0;
    let pending = 0;
    for (const order of account.live.values()) {
      if (order.market !== market) continue;
      if (order.status === "pending") pending += 1;
      else open += 1;
    }
    return {
      market_id: market.id,
      symbol: market.symbol,
      initial_margin_fraction: LIGHTER_INITIAL_MARGIN_FRACTION,
      open_order_count: open,
      pending_order_count: pending,
      position_tied_order_count: 0,
      sign,
      position: formatUnits(held, market.sizeDecimals),
      avg_entry_price: formatUnits(held === 0n ? 0n : divRound(position.entryQuote, held), market.priceDecimals),
      position_value: micro(value),
      unrealized_pnl: micro(unrealized),
      realized_pnl: micro(position.realizedMicro),
      liquidation_price: formatUnits(liquidation > 0n ? liquidation : 0n, market.priceDecimals),
      ...(position.fundingPaidMicro === 0n ? {} : { total_funding_paid_out: micro(position.fundingPaidMicro) }),
      margin_mode: 0,
      allocated_margin: micro((value * IMF_UNITS) / IMF_SCALE),
      total_discount: micro(0n),
    };
  }
}

function ownerKey(account: number): string | null {
  return account === LIGHTER_HOUSE_ACCOUNT ? null : String(account);
}

/** Appends, keeping the last KEPT. */
function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEPT) list.splice(0, list.length - KEPT);
}
