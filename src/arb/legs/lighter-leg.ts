/**
 * The Lighter leg of a pair (arb/pair-venue.ts): an IOC limit order through the account's desk, whose
 * fill comes from the account feed, or from Lighter's REST API when the feed is late or off.
 *
 * - Units: `market` is the market index as text; size and limit price, decimal strings in human units,
 *   become Lighter's integers (base_amount, price) in the market's size and price decimals. A value the
 *   decimals cannot carry exactly is refused, never rounded: the sizing upstream already rounded it.
 * - Client id: the pair's text id becomes a client_order_index (client-ids.ts); the desk's idempotency
 *   is keyed by it, so the same leg order sent twice is one order.
 * - A 200 from the desk means only that Lighter accepted the transaction; it executes in a later block.
 *   The leg then waits for the order to end in the feed (filled, canceled, expired, rejected) with every
 *   one of its fills stored, at most FEED_WAIT_MS, then asks REST once. Nothing found: unknown.
 * - An order that ended having filled nothing because Lighter refused it (rejected, or cancelled for its
 *   terms: a reduce-only order with nothing to reduce) is refused; any other end is done, "0" included.
 */
import { accountFeed } from "../../accounts/feed-stub";
import type { Fill, OrderUpdate } from "../../accounts/model";
import type { TradingConfig } from "../../config";
import { accountDesk } from "../../trading/desk-stub";
import { compare, divideExactly, formatDecimal, parseDecimal, PLAIN_DECIMAL } from "../../trading/decimal";
import { createOrderRequest } from "../../trading/requests";
import { isLighterRefusal } from "../../venues/lighter/account-objects";
import { LighterAccountFeed } from "../../venues/lighter/account-feed";
import { LighterClient, type MarketDecimals } from "../../venues/lighter/client";
import type { LegOrder, LegOutcome, PairVenue } from "../pair-venue";
import { lighterClientOrderIndex } from "./client-ids";
import { DRY_RUN, failedOutcome, invalidOrder, NOT_SENT, type Refused } from "./desk-answers";
import { fillTotals } from "./fill-totals";

/**
 * How long a placed order may take to show its end in the feed before REST is asked. Lighter executes an
 * accepted transaction within a block or two and the feed pushes the result at once; three seconds also
 * covers a feed that is reconnecting, and bounds how long the pair's other leg waits on this one.
 */
export const FEED_WAIT_MS = 3_000;
/** How often the feed is asked meanwhile: a few times per block, a cheap read of its storage. */
/** Market decimals change rarely; re-read them every few minutes. */
const MARKETS_TTL_MS = 5 * 60 * 1000;

const ENDED: ReadonlySet<OrderUpdate["status"]> = new Set(["filled", "canceled", "expired", "rejected"]);

/**
 * What an order that ended comes to, given its fills; undefined while it has not ended, or while fewer of
 * its fills are known than it says it filled (the fills travel in frames of their own).
 */
function endOf(order: OrderUpdate, fills: ReadonlyArray<Pick<Fill, "price" | "size">>): LegOutcome | undefined {
  if (!ENDED.has(order.status)) return undefined;
  const filled = parseDecimal(order.filled_size);
  // Lighter states refusals as order statuses, not as HTTP answers; 422 is how the gateway answers them.
  if (filled.units === 0n && (order.status === "rejected" || isLighterRefusal(order.venue_status))) return { status: "refused", reason: `lighter_rejected: ${order.venue_status}`, httpStatus: 422 };
  const totals = fillTotals(fills);
  if (compare(totals.size, filled) !== 0) return undefined;
  return { status: "done", filledSize: formatDecimal(filled), averagePrice: totals.averagePrice, orderId: order.order_id };
}

/** `text` as a count of 10^-decimals, or undefined when it is not a whole number of them. */
function integerUnits(text: string, decimals: number): bigint | undefined {
  if (!PLAIN_DECIMAL.test(text)) return undefined;
  return divideExactly(parseDecimal(text), { units: 1n, scale: decimals }, 0)?.units;
}

export class LighterLeg implements PairVenue {
  readonly venue = "lighter";
  private readonly client: LighterClient;
  /** Lighter's REST reading of account objects, shared with the account feed. */
  private readonly rest: LighterAccountFeed;
  private markets: { loadedAt: number; byIndex: Map<number, MarketDecimals> } | undefined;

  constructor(
    private readonly env: Env,
    private readonly trading: TradingConfig,
  ) {
    this.client = new LighterClient({ baseUrl: trading.lighter.baseUrl, timeoutMs: trading.lighter.requestTimeoutMs });
    this.rest = new LighterAccountFeed(trading);
  }

  /** The client_order_index the venue knows the leg order by, as the feeds write it. */
  venueClientId(clientId: string): string {
    return lighterClientOrderIndex(clientId).toString();
  }

  async place(market: string, order: LegOrder): Promise<LegOutcome> {
    // A dry-run desk would sign and record the client id against an order that was never sent.
    if (this.trading.mode !== "live") return DRY_RUN;
    const units = await this.integerOrder(market, order);
    if ("status" in units) return units;
    const parsed = createOrderRequest.safeParse({
      market_index: market,
      client_order_index: this.venueClientId(order.clientId),
      base_amount: units.baseAmount,
      price: units.price,
      is_ask: order.side === "sell",
      order_type: "limit",
      time_in_force: "ioc",
      reduce_only: order.reduceOnly,
      // An IOC order must not carry an expiry (lighter/SPEC.md §2.2).
      order_expiry: "0",
    });
    if (!parsed.success) return invalidOrder(parsed.error);
    const answer = await accountDesk(this.env, this.trading.lighter.accountIndex).createOrder(this.trading, parsed.data);
    if (answer.status !== 200) return failedOutcome(answer);
    return this.settle(this.venueClientId(order.clientId), FEED_WAIT_MS);
  }

  async lookup(_market: string, clientId: string): Promise<LegOutcome> {
    if (this.trading.mode !== "live") return DRY_RUN;
    // Client order indices are the account's, whatever the market: the index alone finds the order.
    return this.settle(this.venueClientId(clientId), 0);
  }

  /** The order's end from the feed (waiting up to `feedWaitMs`), else from REST, else unknown. */
  private async settle(clientOrderIndex: string, feedWaitMs: number): Promise<LegOutcome> {
    const fromFeed = await this.fromFeed(clientOrderIndex, feedWaitMs);
    if (fromFeed !== undefined) return fromFeed;
    try {
      const found = await this.rest.orderByClientId(clientOrderIndex);
      if (found === undefined) return { status: "unknown", reason: `Lighter lists no order with client_order_index ${clientOrderIndex} yet` };
      const outcome = endOf(found.order, found.fills);
      if (outcome !== undefined) return outcome;
      if (ENDED.has(found.order.status)) {
        // Ended, but its trades are not all among the newest: the size is known, the price is not.
        return { status: "done", filledSize: formatDecimal(parseDecimal(found.order.filled_size)), averagePrice: null, orderId: found.order.order_id };
      }
      return { status: "unknown", reason: `the order with client_order_index ${clientOrderIndex} is still ${found.order.venue_status} at Lighter` };
    } catch (error) {
      return { status: "unknown", reason: `the feed did not show the order's end and Lighter could not be asked: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** Polls the account feed until the order ended with all its fills; undefined when it did not in time, or no feed runs. */
  private async fromFeed(clientOrderIndex: string, waitMs: number): Promise<LegOutcome | undefined> {
    const feed = accountFeed(this.env, { venue: "lighter", trading: this.trading });
    try {
      // A feed that was never started (ACCOUNT_FEEDS off) or has stopped will not learn anything.
      if ((await feed.status()).state === "stopped") return undefined;
      // The RPC types drop objects with an `unknown` field (`raw`); the values are the feed's own.
      const settled = (await feed.settledOrder(clientOrderIndex, waitMs)) as { order: OrderUpdate; fills: Fill[] } | null;
      return settled === null ? undefined : endOf(settled.order, settled.fills);
    } catch {
      // The feed's object failed: REST is the truth either way.
      return undefined;
    }
  }

  /** Size and limit price as Lighter's integers, or the refusal when the market or a value does not fit. */
  private async integerOrder(market: string, order: LegOrder): Promise<{ baseAmount: string; price: string } | Refused> {
    const unknownMarket: Refused = { status: "refused", reason: `unknown_market: Lighter lists no market ${market}`, httpStatus: NOT_SENT };
    if (!/^\d+$/.test(market)) return unknownMarket;
    let decimals: MarketDecimals | undefined;
    try {
      decimals = (await this.marketDecimals()).get(Number(market));
    } catch (error) {
      return { status: "refused", reason: `market_rules_unavailable: Lighter's market decimals could not be read (${error instanceof Error ? error.message : String(error)})`, httpStatus: NOT_SENT };
    }
    if (decimals === undefined) return unknownMarket;
    const baseAmount = integerUnits(order.size, decimals.sizeDecimals);
    const price = integerUnits(order.limitPrice, decimals.priceDecimals);
    if (baseAmount === undefined || baseAmount === 0n) {
      return { status: "refused", reason: `invalid_request: size ${order.size} is not a positive whole number of ${decimals.symbol}'s size step (${decimals.sizeDecimals} decimals)`, httpStatus: NOT_SENT };
    }
    if (price === undefined) {
      return { status: "refused", reason: `invalid_request: limit price ${order.limitPrice} is not a whole number of ${decimals.symbol}'s tick (${decimals.priceDecimals} decimals)`, httpStatus: NOT_SENT };
    }
    return { baseAmount: baseAmount.toString(), price: price.toString() };
  }

  private async marketDecimals(): Promise<Map<number, MarketDecimals>> {
    if (this.markets !== undefined && Date.now() - this.markets.loadedAt < MARKETS_TTL_MS) return this.markets.byIndex;
    const byIndex = new Map((await this.client.marketDecimals()).map((market) => [market.marketIndex, market]));
    this.markets = { loadedAt: Date.now(), byIndex };
    return byIndex;
  }
}
