/**
 * Both legs of a pair sized to one asset quantity and priced as IOC limits (issue 14), from the markets'
 * rules alone (leg-rules.ts); exact decimals throughout.
 *
 * - Quantity: the asset units asked for (or bought by the notional at the reference price), rounded DOWN to
 *   the pair's common lot, the smallest quantity that is a whole number of lots on both venues. A lot in
 *   asset units is the venue's size step × its multiplier: HL kPEPE's step 1 is 1000 PEPE, Lighter
 *   1000PEPE's step 0.1 is 100 PEPE, so the common lot is 1000 PEPE.
 * - Each leg's size is that quantity / its multiplier, in the venue's own units: exact, because the common
 *   lot is a whole number of each venue's lots. Both legs hold the same asset quantity, to the unit.
 * - Limit price: mark × (1 + bps/10^4) for a buy, rounded down to the venue's price rule; mark ×
 *   (1 − bps/10^4) for a sell, rounded up. The order never accepts a worse price than the bound.
 * - Notional: size × limit price, what the venue checks its minimum order value against.
 */
import { add, BASIS_POINT, compare, decimalFromNumber, divide, formatDecimal, multiply, parseDecimal, PLAIN_DECIMAL, roundToStep, subtract, type Decimal } from "../trading/decimal";
import { roundPrice, type LegMarket, type LegVenue } from "./leg-rules";

const ONE: Decimal = { units: 1n, scale: 0 };
/** A sell's bound mark × (1 − bps/10^4) must stay above zero. */
const MAX_SLIPPAGE_BPS = 10_000;

export type Side = "buy" | "sell";

export type SizingErrorCode = "invalid_input" | "asset_mismatch" | "size_rounds_to_zero" | "below_min_size" | "below_min_notional" | "price_rounds_to_zero";

/** Why a pair cannot be sized as asked; `details.venue` names the leg at fault when one is. */
export class SizingError extends Error {
  constructor(
    readonly code: SizingErrorCode,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
    this.name = "SizingError";
  }
}

/**
 * How much to trade: a USD notional with the USD price of one ASSET unit (a kPEPE mark / 1000), or a
 * quantity in asset units.
 */
export type PairAmount = { notionalUsd: string; assetPrice: string } | { size: string };

export interface PairSizingRequest {
  /** The market bought. */
  long: LegMarket;
  /** The market sold. */
  short: LegMarket;
  amount: PairAmount;
  /** Each venue's mark, per venue unit (a kPEPE mark prices 1000 PEPE). */
  marks: { long: string; short: string };
  maxSlippageBps: number;
}

export interface SizedLeg {
  venue: LegVenue;
  market: string;
  symbol: string;
  side: Side;
  /** In the venue's units. */
  size: string;
  /** The same quantity in asset units: equal on both legs. */
  asset_size: string;
  mark: string;
  /** The IOC limit, per venue unit. */
  limit_price: string;
  /** size × limit_price, USD. */
  notional: string;
  /** For venues that take integers (Lighter): the order's base_amount and price. */
  integer_units: { base_amount: string; price: string } | null;
}

export interface PairSizing {
  asset: string;
  asset_size: string;
  /** The common lot, in asset units. */
  lot: string;
  long: SizedLeg;
  short: SizedLeg;
}

function positiveDecimal(text: string, field: string): Decimal {
  if (!PLAIN_DECIMAL.test(text) || parseDecimal(text).units === 0n) {
    throw new SizingError("invalid_input", `${field}: ${JSON.stringify(text)} is not a positive decimal`, { field });
  }
  return parseDecimal(text);
}

function slippageOf(bps: number): Decimal {
  if (!Number.isFinite(bps) || bps < 0 || bps >= MAX_SLIPPAGE_BPS) {
    throw new SizingError("invalid_input", `max_slippage_bps: ${bps} is not in [0, ${MAX_SLIPPAGE_BPS})`, { field: "max_slippage_bps" });
  }
  return decimalFromNumber(bps);
}

/** One venue lot in asset units. */
function lotOf(market: LegMarket): Decimal {
  return multiply(parseDecimal(market.sizeStep), parseDecimal(market.multiplier));
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  return b === 0n ? a : greatestCommonDivisor(b, a % b);
}

/**
 * The smallest asset quantity that is a whole number of lots on both markets: their least common
 * multiple, which is simply the coarser lot whenever one divides the other (as powers of ten do).
 */
export function commonLot(a: LegMarket, b: LegMarket): Decimal {
  const [x, y] = [lotOf(a), lotOf(b)];
  const scale = Math.max(x.scale, y.scale);
  const xUnits = x.units * 10n ** BigInt(scale - x.scale);
  const yUnits = y.units * 10n ** BigInt(scale - y.scale);
  return { units: (xUnits / greatestCommonDivisor(xUnits, yUnits)) * yUnits, scale };
}

function describe(market: LegMarket): string {
  return `${market.venue} ${market.symbol}`;
}

/**
 * The IOC limit for a leg: the mark moved by `maxSlippageBps` against the order (up for a buy, down for a
 * sell) and rounded to the venue's price rule toward the mark, so the bound is never exceeded.
 */
export function limitPrice(market: LegMarket, mark: string, side: Side, maxSlippageBps: number): string {
  const move = multiply(slippageOf(maxSlippageBps), BASIS_POINT);
  const bound = multiply(positiveDecimal(mark, `${market.venue} mark`), side === "buy" ? add(ONE, move) : subtract(ONE, move));
  const price = roundPrice(market.priceRule, bound, side === "buy" ? "floor" : "ceiling");
  if (price.units === 0n) {
    throw new SizingError("price_rounds_to_zero", `${describe(market)}: the limit ${formatDecimal(bound)} rounds down to 0 under the venue's price rule`, {
      venue: market.venue,
      bound: formatDecimal(bound),
    });
  }
  return formatDecimal(price);
}

/** Lighter's base_amount and price: counts of the size step and of the tick. */
function integerUnits(market: LegMarket, size: Decimal, price: Decimal): SizedLeg["integer_units"] {
  if (!market.integerOrders) return null;
  if (market.priceRule.kind !== "tick") throw new Error(`${describe(market)}: integer orders need a fixed tick`);
  return {
    base_amount: divide(size, parseDecimal(market.sizeStep), 0, "floor").units.toString(),
    price: divide(price, parseDecimal(market.priceRule.tick), 0, "floor").units.toString(),
  };
}

function sizeLeg(market: LegMarket, side: Side, mark: string, assetSize: Decimal, maxSlippageBps: number): SizedLeg {
  // Exact: assetSize is a whole number of this market's lots (step × multiplier).
  const size = divide(assetSize, parseDecimal(market.multiplier), parseDecimal(market.sizeStep).scale, "floor");
  const price = parseDecimal(limitPrice(market, mark, side, maxSlippageBps));
  const notional = multiply(size, price);
  if (market.minSize !== null && compare(size, parseDecimal(market.minSize)) < 0) {
    throw new SizingError(
      "below_min_size",
      `${describe(market)}: ${formatDecimal(size)} is below the venue's minimum order size of ${market.minSize} ${market.symbol}`,
      { venue: market.venue, size: formatDecimal(size), min_size: market.minSize },
    );
  }
  if (market.minNotional !== null && compare(notional, parseDecimal(market.minNotional)) < 0) {
    throw new SizingError(
      "below_min_notional",
      `${describe(market)}: the order is worth ${formatDecimal(notional)} USD at its limit price; the venue's minimum is ${market.minNotional} USD`,
      { venue: market.venue, notional: formatDecimal(notional), min_notional: market.minNotional },
    );
  }
  return {
    venue: market.venue,
    market: market.market,
    symbol: market.symbol,
    side,
    size: formatDecimal(size),
    asset_size: formatDecimal(assetSize),
    mark: formatDecimal(parseDecimal(mark)),
    limit_price: formatDecimal(price),
    notional: formatDecimal(notional),
    integer_units: integerUnits(market, size, price),
  };
}

/** Both legs of a pair: one asset quantity, each venue's size, IOC limit and notional. */
export function sizePair(request: PairSizingRequest): PairSizing {
  const { long, short, amount } = request;
  if (long.asset !== short.asset) {
    throw new SizingError("asset_mismatch", `${describe(long)} trades ${long.asset} but ${describe(short)} trades ${short.asset}`);
  }
  const lot = commonLot(long, short);
  const wanted =
    "size" in amount
      ? positiveDecimal(amount.size, "size")
      : divide(positiveDecimal(amount.notionalUsd, "notional_usd"), positiveDecimal(amount.assetPrice, "reference price"), lot.scale, "floor");
  const assetSize = roundToStep(wanted, lot, "floor");
  if (assetSize.units === 0n) {
    throw new SizingError(
      "size_rounds_to_zero",
      `${formatDecimal(wanted)} ${long.asset} rounds down to 0 in the pair's common lot of ${formatDecimal(lot)} ${long.asset} ` +
        `(${describe(long)}: ${formatDecimal(lotOf(long))}, ${describe(short)}: ${formatDecimal(lotOf(short))})`,
      { asset: long.asset, quantity: formatDecimal(wanted), lot: formatDecimal(lot) },
    );
  }
  return {
    asset: long.asset,
    asset_size: formatDecimal(assetSize),
    lot: formatDecimal(lot),
    long: sizeLeg(long, "buy", request.marks.long, assetSize, request.maxSlippageBps),
    short: sizeLeg(short, "sell", request.marks.short, assetSize, request.maxSlippageBps),
  };
}
