/**
 * A pair as GET /arb/pairs serves it: its record, and what its orders did, from the account feeds' fills
 * (entry and exit prices, fees), the funding its legs received and paid since it opened (each venue's
 * payment on the asset shared among that asset's open pairs on that venue by size: attribution.ts), and
 * PnL split into price, funding and fees. USD amounts are exact decimal strings; a figure that cannot be
 * known (a mark the board lacks) is null rather than a guess.
 */
import type { Fill, FundingPayment, OfAccount } from "../accounts/model";
import { add, decimalTextOf, divide, formatDecimal, multiply, parseDecimal, subtract, type Decimal } from "../trading/decimal";
import { attributeFunding } from "./attribution";
import { exposure } from "./pair-execution";
import type { LegName, PairRecord } from "./pair";

export interface PairReadings {
  /** The fills of this pair's orders, per leg, from the leg venue's account feed. */
  fills: Record<LegName, OfAccount<Fill>[]>;
  /** The leg venue's funding payments on the asset since the pair opened. */
  funding: Record<LegName, OfAccount<FundingPayment>[]>;
  /** The board's mark and hourly funding rate of each leg's market now. */
  marks: Record<LegName, number | null>;
  rates: Record<LegName, number | null>;
  /** Every pair of the desk: the funding of a venue and asset is shared among them. */
  others: PairRecord[];
}

export interface LegView {
  venue: string;
  market: string;
  symbol: string;
  side: "buy" | "sell";
  /** What the leg holds now, in asset units. */
  asset_size: string;
  entry_price: string | null;
  exit_price: string | null;
  mark_price: string | null;
  fees: string;
  funding: string;
  fills: OfAccount<Fill>[];
}

export interface PairView extends Omit<PairRecord, "markets" | "limits"> {
  orders_sent: number;
  legs: Record<LegName, LegView>;
  spread_apr: { entry: number; now: number | null };
  pnl: { price: string | null; funding: string; fees: string; total: string | null };
}

const ZERO: Decimal = { units: 0n, scale: 0 };
const PRICE_SCALE = 8;
const HOURS_PER_YEAR = 8760;

function sum(values: Decimal[]): Decimal {
  return values.reduce((total, value) => add(total, value), ZERO);
}

/** Size-weighted average price of fills, or null when there are none. */
function averagePrice(fills: OfAccount<Fill>[]): string | null {
  const size = sum(fills.map((fill) => parseDecimal(fill.size)));
  if (size.units === 0n) return null;
  const value = sum(fills.map((fill) => multiply(parseDecimal(fill.price), parseDecimal(fill.size))));
  return formatDecimal(divide(value, size, PRICE_SCALE, "floor"));
}

/** This pair's share of each payment, among the pairs holding the asset on that venue at the payment's time. */
function attributedFunding(record: PairRecord, leg: LegName, payments: OfAccount<FundingPayment>[], pairs: PairRecord[]): Decimal {
  const venue = record.markets[leg].venue;
  let total = ZERO;
  for (const payment of payments) {
    const holders = pairs
      .filter((pair) => pair.asset === record.asset && pair.opened_at !== null && pair.opened_at <= payment.time && (pair.closed_at === null || pair.closed_at >= payment.time))
      .flatMap((pair) => (["long", "short"] as const).filter((side) => pair.markets[side].venue === venue).map((side) => ({ pair_id: pair.pair_id, size: formatDecimal(exposure(pair, side)) })))
      .filter((holder) => holder.size !== "0");
    if (!holders.some((holder) => holder.pair_id === record.pair_id)) continue;
    const share = attributeFunding(payment.amount, holders).find((part) => part.pair_id === record.pair_id);
    if (share !== undefined) total = add(total, parseDecimal(share.amount));
  }
  return total;
}

export function pairView(record: PairRecord, readings: PairReadings): PairView {
  const { markets: _markets, limits: _limits, ...rest } = record;
  const legs = {} as Record<LegName, LegView>;
  let price: Decimal | null = ZERO;
  let fees = ZERO;
  let funding = ZERO;
  for (const leg of ["long", "short"] as const) {
    const side = leg === "long" ? "buy" : "sell";
    const fills = readings.fills[leg];
    const opening = fills.filter((fill) => fill.side === side);
    const closing = fills.filter((fill) => fill.side !== side);
    const legFees = sum(fills.map((fill) => parseDecimal(fill.fee)));
    const legFunding = attributedFunding(record, leg, readings.funding[leg], readings.others.some((pair) => pair.pair_id === record.pair_id) ? readings.others : [...readings.others, record]);
    // Cash from fills (sells in, buys out) plus what is still held, valued at the mark.
    const cash = sum(fills.map((fill) => {
      const value = multiply(parseDecimal(fill.price), parseDecimal(fill.size));
      return fill.side === "sell" ? value : { units: -value.units, scale: value.scale };
    }));
    const held = subtract(sum(fills.filter((fill) => fill.side === "buy").map((fill) => parseDecimal(fill.size))), sum(fills.filter((fill) => fill.side === "sell").map((fill) => parseDecimal(fill.size))));
    const mark = readings.marks[leg] === null ? null : decimalTextOf(readings.marks[leg]);
    if (price !== null) price = held.units === 0n ? add(price, cash) : mark === null ? null : add(price, add(cash, multiply(held, parseDecimal(mark))));
    fees = add(fees, legFees);
    funding = add(funding, legFunding);
    legs[leg] = {
      venue: record.markets[leg].venue,
      market: record.markets[leg].market,
      symbol: record.markets[leg].symbol,
      side,
      asset_size: formatDecimal(exposure(record, leg)),
      entry_price: averagePrice(opening),
      exit_price: averagePrice(closing),
      mark_price: mark,
      fees: formatDecimal(legFees),
      funding: formatDecimal(legFunding),
      fills,
    };
  }
  const { long: longRate, short: shortRate } = readings.rates;
  return {
    ...rest,
    orders_sent: record.orders.length,
    legs,
    spread_apr: { entry: record.economics.spread_apr, now: longRate === null || shortRate === null ? null : (shortRate - longRate) * HOURS_PER_YEAR },
    pnl: {
      price: price === null ? null : formatDecimal(price),
      funding: formatDecimal(funding),
      fees: formatDecimal(fees),
      total: price === null ? null : formatDecimal(subtract(add(price, funding), fees)),
    },
  };
}
