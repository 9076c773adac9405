/**
 * The Hyperliquid leg of a pair (arb/pair-venue.ts): an IOC limit order through the signer's desk. The
 * answer carries the fill, so `place` needs no feed.
 *
 * - `market` is the coin (`BTC`, `kPEPE`); size and limit price go as they are (decimal strings in the
 *   coin's units), the desk checks them against the coin's rules. The pair's client id becomes a cloid
 *   (client-ids.ts), the desk's idempotency key.
 * - Outcomes: filled or partially filled → done with Hyperliquid's size and average; an IOC that found
 *   nothing to cross (Hyperliquid words it as a refusal) → done, "0"; any other refusal (margin,
 *   reduce-only, price rules, halt, caps, rate limit) → refused; a timeout, a 5xx or an unsettled earlier
 *   attempt → unknown.
 * - `lookup` sends nothing: it asks `orderStatus` by cloid. An order found is read as above (its average
 *   from its fills, which orderStatus does not state). No order with the cloid: the order has not landed,
 *   and it may still, until the `expiresAfter` it was signed with passes (the desk signs every order with
 *   one: ORDER_EXPIRY_MS after its nonce). So it is unknown, unless the desk recorded the attempt whose
 *   answer was lost with its expiry and the look-up began after that expiry (plus CLOCK_MARGIN_MS): then
 *   it can never land, and it is refused with httpStatus NOT_SENT (0). Without such a record (an attempt
 *   interrupted before it was signed, a desk restarted mid-send, or none at all) the leg cannot tell when
 *   the order could still land, and says unknown: the pair stays unbalanced until the feeds show the truth.
 */
import type { HyperliquidTradingConfig } from "../../config";
import { compare, formatDecimal, parseDecimal } from "../../trading/decimal";
import { hyperliquidDeskFor } from "../../trading/desk-stub";
import { hyperliquidOrderRequest } from "../../trading/hyperliquid-requests";
import { orderStatusAnswer } from "../../venues/hyperliquid/account-wire";
import { HyperliquidClient } from "../../venues/hyperliquid/client";
import { isUnmatchedIoc, lookedUpResult, type OrderResult } from "../../venues/hyperliquid/results";
import type { LegOrder, LegOutcome, PairVenue } from "../pair-venue";
import { hyperliquidCloid } from "./client-ids";
import { deskError, DRY_RUN, failedOutcome, invalidOrder, NOT_SENT } from "./desk-answers";
import { fillTotals } from "./fill-totals";

/**
 * Hyperliquid refuses an action past its `expiresAfter` by its own clock; the look-up goes by this
 * isolate's. An order is taken as unable to land only this long after its expiry, for the clocks' drift.
 */
export const CLOCK_MARGIN_MS = 5_000;

/** An IOC that found nothing to cross at its limit: Hyperliquid refuses it, though the order was fine. */
const NOTHING_CROSSED: Extract<LegOutcome, { status: "done" }> = { status: "done", filledSize: "0", averagePrice: null, orderId: null };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class HyperliquidLeg implements PairVenue {
  readonly venue = "hyperliquid";
  private readonly client: HyperliquidClient;
  /** Whose orders and fills `/info` is asked for: the vault when trading for one, else the account. */
  private readonly user: string;

  constructor(
    private readonly env: Env,
    private readonly trading: HyperliquidTradingConfig,
  ) {
    this.client = new HyperliquidClient({ apiUrl: trading.hyperliquid.apiUrl, timeoutMs: trading.hyperliquid.requestTimeoutMs });
    this.user = trading.hyperliquid.vaultAddress ?? trading.hyperliquid.accountAddress;
  }

  /** The cloid the venue knows the leg order by, as the feeds write it. */
  venueClientId(clientId: string): string {
    return hyperliquidCloid(clientId);
  }

  async place(coin: string, order: LegOrder): Promise<LegOutcome> {
    // A dry-run desk would sign and record the cloid against an order that was never sent.
    if (this.trading.mode !== "live") return DRY_RUN;
    const parsed = hyperliquidOrderRequest.safeParse({
      coin,
      is_buy: order.side === "buy",
      size: order.size,
      price: order.limitPrice,
      order_type: "limit",
      time_in_force: "ioc",
      reduce_only: order.reduceOnly,
      cloid: this.venueClientId(order.clientId),
    });
    if (!parsed.success) return invalidOrder(parsed.error);
    const answer = await hyperliquidDeskFor(this.env, this.trading).createOrder(this.trading, parsed.data);
    if (answer.status === 200) {
      const result = (JSON.parse(answer.json) as { result?: OrderResult }).result;
      // A repeat the desk resolved by cloid knows the size filled but not the price: the look-up finds it.
      if (result !== undefined && result.avg_price === null && parseDecimal(result.filled_size).units !== 0n) return this.lookup(coin, order.clientId);
      return this.outcomeOf(result, null);
    }
    const error = deskError(answer);
    if (error.code === "hyperliquid_rejected" && isUnmatchedIoc(String(error.details.upstream_message))) return NOTHING_CROSSED;
    return failedOutcome(answer, error);
  }

  async lookup(_coin: string, clientId: string): Promise<LegOutcome> {
    if (this.trading.mode !== "live") return DRY_RUN;
    // Cloids are the account's, whatever the coin: the cloid alone finds the order.
    const cloid = this.venueClientId(clientId);
    const askedAt = Date.now();
    let answer: Record<string, unknown>;
    try {
      answer = await this.client.orderStatus(this.user, cloid);
    } catch (error) {
      return { status: "unknown", reason: `Hyperliquid's orderStatus for cloid ${cloid} failed: ${errorText(error)}` };
    }
    const found = orderStatusAnswer.safeParse(answer);
    if (!found.success) return { status: "unknown", reason: `Hyperliquid's orderStatus for cloid ${cloid} could not be read` };
    if (found.data.status === "order") {
      const result = lookedUpResult(answer, cloid);
      if (result === undefined) return { status: "unknown", reason: `Hyperliquid's orderStatus for cloid ${cloid} could not be read` };
      return this.outcomeOf(result, found.data.order.order.timestamp);
    }
    // A desk that cannot be asked knows no expiry: the order stays unknown.
    const expiresAfter = await hyperliquidDeskFor(this.env, this.trading)
      .unansweredExpiry(cloid)
      .catch(() => null);
    if (expiresAfter !== null && askedAt > expiresAfter + CLOCK_MARGIN_MS) {
      return { status: "refused", reason: `expired_unseen: Hyperliquid has no order with cloid ${cloid}, and the attempt expired at ${new Date(expiresAfter).toISOString()}, so it can never land`, httpStatus: NOT_SENT };
    }
    const until = expiresAfter === null ? "" : ` (it can until ${new Date(expiresAfter + CLOCK_MARGIN_MS).toISOString()})`;
    return { status: "unknown", reason: `Hyperliquid has no order with cloid ${cloid} yet, and it may still land${until}` };
  }

  /**
   * An order's result as an outcome. `placedAt` (the order's time, from a look-up) is where its fills are
   * looked for when the result states no average.
   */
  private async outcomeOf(result: OrderResult | undefined, placedAt: number | null): Promise<LegOutcome> {
    if (result === undefined) return { status: "unknown", reason: "Hyperliquid's answer carried no order result" };
    const orderId = result.order_id === null ? null : String(result.order_id);
    switch (result.status) {
      case "filled":
      case "partially_filled":
      case "canceled": {
        const filled = parseDecimal(result.filled_size);
        if (filled.units === 0n) return { status: "done", filledSize: "0", averagePrice: null, orderId };
        const stated = result.avg_price === null ? null : formatDecimal(parseDecimal(result.avg_price));
        const averagePrice = stated ?? (placedAt === null ? null : await this.averageOfFills(result.client_id, placedAt, result.filled_size));
        return { status: "done", filledSize: formatDecimal(filled), averagePrice, orderId };
      }
      case "rejected":
        if (isUnmatchedIoc(result.message)) return { ...NOTHING_CROSSED, orderId };
        return { status: "refused", reason: `hyperliquid_rejected: ${result.message ?? "rejected"}`, httpStatus: 422 };
      case "resting":
        // An IOC never rests; an order that does is not this leg's to settle.
        return { status: "unknown", reason: `Hyperliquid shows the order with cloid ${result.client_id ?? "?"} resting` };
    }
  }

  /** The size-weighted average of the order's fills since it was placed; null when they do not add up to what it filled. */
  private async averageOfFills(cloid: string | null, placedAt: number, filledSize: string): Promise<string | null> {
    try {
      const fills = (await this.client.userFillsByTime(this.user, placedAt)).filter((fill) => fill.cloid?.toLowerCase() === cloid);
      const totals = fillTotals(fills.map((fill) => ({ price: fill.px, size: fill.sz })));
      return compare(totals.size, parseDecimal(filledSize)) === 0 ? totals.averagePrice : null;
    } catch {
      // The size is what matters to the pair; a price that could not be read stays unknown.
      return null;
    }
  }
}
