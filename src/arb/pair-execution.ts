/**
 * The reconciliation rule that ends every pair in a known state (issue #14), run against the two legs'
 * venues. Every decision is a function of the orders already recorded, so a restarted desk runs the same
 * code over the same record and carries on where it stopped: an order whose outcome was never recorded
 * is looked up, never resent.
 *
 * Opening: the entries (sequential: the first leg, then the second sized to what the first filled;
 * parallel: both at once), then, while the legs differ by a lot or more, at most one top-up of the leg
 * that filled less (within the same slippage bound) and at most one take-back (reduce-only) of the leg
 * that filled more. Still apart, or any outcome unknown: `unbalanced`, and nothing more is sent.
 * Closing: both legs reduce-only, then at most one top-up of the leg that closed less.
 */
import { absolute, compare, divide, formatDecimal, multiply, parseDecimal, roundToStep, subtract, add, type Decimal } from "../trading/decimal";
import type { LegMarket } from "./leg-rules";
import type { LegName, OrderPurpose, PairOrder, PairRecord, PairState } from "./pair";
import type { LegOrder, LegOutcome, PairVenue } from "./pair-venue";

/** Orders a pair may send to open: two entries, one top-up, one take-back. */
export const OPEN_ORDER_BUDGET = 4;
/** Orders each close may send: two exits and one top-up of the leg that closed less. */
export const CLOSE_ORDER_BUDGET = 3;

const ZERO: Decimal = { units: 0n, scale: 0 };
const ASSET_SCALE = 18;

export interface PairContext {
  legs: Record<LegName, PairVenue>;
  markets: Record<LegName, LegMarket>;
  /** The common lot in asset units: legs within one lot of each other are balanced. */
  lot: Decimal;
  /**
   * Each leg's IOC limit per side, within the pair's slippage bound: around the planned marks while
   * opening (a top-up keeps the entry's bound), around fresh marks while closing.
   */
  limits: Record<LegName, Record<"buy" | "sell", string>>;
  /** Persists the record (before each order is sent and after each outcome). */
  save(record: PairRecord): void;
  /** Publishes one step of the pair on the event stream. */
  publish(record: PairRecord, step: string, message: string, order: PairOrder | null): void;
  now(): number;
}

const OTHER: Record<LegName, LegName> = { long: "short", short: "long" };

/** The side that adds exposure on a leg: the long leg buys, the short leg sells. */
function openingSide(leg: LegName): "buy" | "sell" {
  return leg === "long" ? "buy" : "sell";
}

function closingSide(leg: LegName): "buy" | "sell" {
  return leg === "long" ? "sell" : "buy";
}

/** A leg's exposure in asset units: what its opening orders filled minus what its closing orders filled. */
export function exposure(record: PairRecord, leg: LegName): Decimal {
  let total = ZERO;
  for (const order of record.orders) {
    if (order.leg !== leg || order.filled_asset_size === null) continue;
    const filled = parseDecimal(order.filled_asset_size);
    total = order.order.side === openingSide(leg) ? add(total, filled) : subtract(total, filled);
  }
  return total;
}

/** Asset units as a venue size: whole steps, rounded down (never more than asked). */
function venueSize(assetSize: Decimal, market: LegMarket): Decimal {
  const units = divide(assetSize, parseDecimal(market.multiplier), ASSET_SCALE, "floor");
  return roundToStep(units, parseDecimal(market.sizeStep), "floor");
}

function filledAssetSize(outcome: LegOutcome, market: LegMarket): string | null {
  if (outcome.status === "unknown") return null;
  if (outcome.status === "refused") return "0";
  return formatDecimal(multiply(parseDecimal(outcome.filledSize), parseDecimal(market.multiplier)));
}

export class PairExecution {
  constructor(
    private readonly record: PairRecord,
    private readonly context: PairContext,
  ) {}

  /** Runs the opening to its end: `open`, `failed` or `unbalanced`. */
  async open(): Promise<PairRecord> {
    await this.settleUnrecorded();
    if (this.entries().length === 0) await this.sendEntries();
    return this.reconcileOpening();
  }

  /** Runs a close to its end: `closed`, `open` (partly closed, still balanced) or `unbalanced`. */
  async close(): Promise<PairRecord> {
    await this.settleUnrecorded();
    if (this.record.state !== "closing") {
      this.record.max_orders += CLOSE_ORDER_BUDGET;
      this.transition("closing", "closing both legs reduce-only");
    }
    if (!this.hasUnknown() && this.currentClose().every((order) => order.purpose !== "exit")) {
      const [long, short] = [exposure(this.record, "long"), exposure(this.record, "short")];
      await Promise.all([this.sendIfPositive("long", "exit", closingSide("long"), long, true), this.sendIfPositive("short", "exit", closingSide("short"), short, true)]);
    }
    return this.reconcileClosing();
  }

  /**
   * For an `unbalanced` pair: asks again about every order whose outcome was unknown; once all are known
   * the pair takes the state its exposures show. Sends nothing: an unbalanced pair is never traded out of
   * by itself.
   */
  async reassess(): Promise<PairRecord> {
    await this.settleUnrecorded();
    for (const order of this.record.orders) {
      if (order.outcome?.status !== "unknown") continue;
      const outcome = await this.context.legs[order.leg].lookup(order.market, order.order.clientId);
      if (outcome.status === "unknown") continue;
      this.recordOutcome(order, outcome);
    }
    if (this.hasUnknown()) return this.record;
    const [long, short] = [exposure(this.record, "long"), exposure(this.record, "short")];
    if (compare(absolute(subtract(long, short)), this.context.lot) < 0) {
      const flat = long.units === 0n && short.units === 0n;
      this.record.attention = null;
      this.transition(flat ? (this.record.opened_at === null ? "failed" : "closed") : "open", "every order's outcome is now known and the legs are balanced");
    }
    return this.record;
  }

  // ----- opening -------------------------------------------------------------------------------

  private async sendEntries(): Promise<void> {
    const size = parseDecimal(this.record.sizing.asset_size);
    if (this.record.execution === "parallel") {
      await Promise.all((["long", "short"] as const).map((leg) => this.send(leg, "entry", openingSide(leg), venueSize(size, this.context.markets[leg]), false)));
      return;
    }
    const first = this.firstLeg();
    const outcome = await this.send(first, "entry", openingSide(first), venueSize(size, this.context.markets[first]), false);
    if (outcome.status !== "done") return;
    const filled = exposure(this.record, first);
    if (filled.units === 0n) return;
    const second = OTHER[first];
    // The second leg is sized to what the first actually filled.
    await this.sendIfPositive(second, "entry", openingSide(second), filled, false);
  }

  /**
   * The leg that goes first in sequential execution: the one with the higher taker fee (its fill decides
   * the other's size, and the cheaper leg then adjusts), the short leg when fees are equal.
   */
  private firstLeg(): LegName {
    const { long, short } = this.record.economics;
    return long.taker_fee_bps > short.taker_fee_bps ? "long" : "short";
  }

  private async reconcileOpening(): Promise<PairRecord> {
    for (;;) {
      if (this.hasUnknown()) return this.unbalanced("an order's outcome is unknown (a timeout): it may have filled");
      const [long, short] = [exposure(this.record, "long"), exposure(this.record, "short")];
      const difference = subtract(long, short);
      if (compare(absolute(difference), this.context.lot) < 0) {
        const flat = long.units === 0n && short.units === 0n;
        this.record.opened_at = flat ? null : this.context.now();
        return this.transition(flat ? "failed" : "open", flat ? "nothing is open: no leg filled, or what filled was taken back" : `both legs hold ${formatDecimal(long)} ${this.record.asset}`);
      }
      const lagging: LegName = difference.units > 0n ? "short" : "long";
      const leading = OTHER[lagging];
      if (!this.sent("top_up") && this.lastEntry(lagging)?.outcome?.status !== "refused") {
        // Same slippage bound as the entry; skipped when the venue refused the entry itself (it would again).
        if (await this.sendIfPositive(lagging, "top_up", openingSide(lagging), absolute(difference), false)) continue;
      }
      if (!this.sent("take_back")) {
        if (await this.sendIfPositive(leading, "take_back", closingSide(leading), absolute(difference), true)) continue;
      }
      return this.unbalanced(`the legs are ${formatDecimal(absolute(difference))} ${this.record.asset} apart after a top-up and a take-back`);
    }
  }

  // ----- closing -------------------------------------------------------------------------------

  private async reconcileClosing(): Promise<PairRecord> {
    for (;;) {
      if (this.hasUnknown()) return this.unbalanced("an exit's outcome is unknown (a timeout): it may have filled");
      const [long, short] = [exposure(this.record, "long"), exposure(this.record, "short")];
      const lot = this.context.lot;
      if (compare(absolute(long), lot) < 0 && compare(absolute(short), lot) < 0) {
        this.record.closed_at = this.context.now();
        return this.transition("closed", "both legs are closed");
      }
      const difference = subtract(long, short);
      if (compare(absolute(difference), lot) < 0) return this.transition("open", `the close filled in part: both legs still hold ${formatDecimal(long)} ${this.record.asset}`);
      const lagging: LegName = difference.units > 0n ? "long" : "short";
      if (!this.currentClose().some((order) => order.purpose === "exit_top_up")) {
        if (await this.sendIfPositive(lagging, "exit_top_up", closingSide(lagging), absolute(difference), true)) continue;
      }
      return this.unbalanced(`the legs are ${formatDecimal(absolute(difference))} ${this.record.asset} apart after closing`);
    }
  }

  /** Orders of the close under way (a pair may be closed in several attempts). */
  private currentClose(): PairOrder[] {
    const started = [...this.record.history].reverse().find((step) => step.state === "closing")?.at ?? Infinity;
    return this.record.orders.filter((order) => (order.purpose === "exit" || order.purpose === "exit_top_up") && order.sent_at >= started);
  }

  // ----- orders --------------------------------------------------------------------------------

  /** Sends `assetSize` (rounded down to the leg's lot) when it is not zero; false when nothing was sent. */
  private async sendIfPositive(leg: LegName, purpose: OrderPurpose, side: "buy" | "sell", assetSize: Decimal, reduceOnly: boolean): Promise<boolean> {
    const size = venueSize(assetSize, this.context.markets[leg]);
    if (size.units === 0n) return false;
    if (this.record.orders.length >= this.record.max_orders) return false;
    await this.send(leg, purpose, side, size, reduceOnly);
    return true;
  }

  private async send(leg: LegName, purpose: OrderPurpose, side: "buy" | "sell", size: Decimal, reduceOnly: boolean): Promise<LegOutcome> {
    const market = this.context.markets[leg];
    const order: LegOrder = { side, size: formatDecimal(size), limitPrice: this.context.limits[leg][side], reduceOnly, clientId: `${this.record.pair_id}:${this.record.orders.length + 1}:${leg}:${purpose}` };
    const entry: PairOrder = { leg, venue: market.venue, market: market.market, purpose, order, sent_at: this.context.now(), outcome: null, filled_asset_size: null };
    this.record.orders.push(entry);
    this.context.save(this.record);
    this.context.publish(this.record, "order_sent", `${purpose} ${side} ${entry.order.size} ${market.symbol} on ${market.venue}`, entry);
    let outcome = await this.context.legs[leg].place(market.market, order);
    if (outcome.status === "unknown") outcome = await this.context.legs[leg].lookup(market.market, order.clientId);
    this.recordOutcome(entry, outcome);
    return outcome;
  }

  private recordOutcome(entry: PairOrder, outcome: LegOutcome): void {
    entry.outcome = outcome;
    entry.filled_asset_size = filledAssetSize(outcome, this.context.markets[entry.leg]);
    const entries = this.entries();
    if (this.record.legs_answered_at === null && entries.length === 2 && entries.every((order) => order.outcome !== null)) this.record.legs_answered_at = this.context.now();
    this.context.save(this.record);
    const what = outcome.status === "done" ? `filled ${outcome.filledSize}` : outcome.status === "refused" ? `refused: ${outcome.reason}` : `outcome unknown: ${outcome.reason}`;
    this.context.publish(this.record, "order_outcome", `${entry.purpose} on ${entry.venue}: ${what}`, entry);
  }

  /** Orders sent before a restart whose outcome was never recorded: looked up, never resent. */
  private async settleUnrecorded(): Promise<void> {
    for (const order of this.record.orders) {
      if (order.outcome !== null) continue;
      this.recordOutcome(order, await this.context.legs[order.leg].lookup(order.market, order.order.clientId));
    }
  }

  private entries(): PairOrder[] {
    return this.record.orders.filter((order) => order.purpose === "entry");
  }

  private lastEntry(leg: LegName): PairOrder | undefined {
    return this.entries().filter((order) => order.leg === leg).at(-1);
  }

  private sent(purpose: OrderPurpose): boolean {
    return this.record.orders.some((order) => order.purpose === purpose);
  }

  private hasUnknown(): boolean {
    return this.record.orders.some((order) => order.outcome?.status === "unknown");
  }

  private unbalanced(reason: string): PairRecord {
    this.record.attention = reason;
    return this.transition("unbalanced", reason);
  }

  private transition(state: PairState, message: string): PairRecord {
    this.record.state = state;
    this.record.history.push({ at: this.context.now(), state, message });
    this.context.save(this.record);
    this.context.publish(this.record, "state", message, null);
    return this.record;
  }
}
