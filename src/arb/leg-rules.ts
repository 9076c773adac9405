/**
 * One venue-neutral description of what a market accepts as an order: how its units relate to the asset,
 * its size step and minimums, and its price rule. The pair desk sizes and prices both legs of a pair from
 * this alone, so a third venue (GRVT) joins by adding a constructor, not by touching the sizing.
 *
 * Everything is decimal text, so a description can be stored with a pair and read back unchanged.
 */
import { resolveAsset } from "../funding/aliases";
import { formatDecimal, parseDecimal, roundToStep, type Decimal, type Rounding } from "../trading/decimal";
import type { PerpAsset } from "../venues/hyperliquid/client";
import { MAX_PRICE_DECIMALS, MAX_SIGNIFICANT_FIGURES, MINIMUM_ORDER_VALUE, significantFigureStep } from "../venues/hyperliquid/order-rules";
import type { MarketDecimals } from "../venues/lighter/client";

export type LegVenue = "lighter" | "hyperliquid";

export type PriceRule =
  /** Every price is a whole multiple of `tick` (Lighter: 10^-price_decimals). */
  | { kind: "tick"; tick: string }
  /**
   * At most `significantFigures` significant figures, integers always allowed, and at most `maxDecimals`
   * decimals (Hyperliquid perpetuals: 5 and 6 − szDecimals; hyperliquid/SPEC.md §3.2).
   */
  | { kind: "significant_figures"; significantFigures: number; maxDecimals: number };

export interface LegMarket {
  venue: LegVenue;
  /** What an order names: Lighter's market index as text, Hyperliquid's coin. */
  market: string;
  /** The venue's name for the market: `1000PEPE`, `kPEPE`, `BTC`. */
  symbol: string;
  /** The canonical asset (funding/aliases.ts): PEPE for both `1000PEPE` and `kPEPE`. */
  asset: string;
  /** Asset units in one venue unit: 1 kPEPE is 1000 PEPE, so "1000". */
  multiplier: string;
  /** Order sizes, in venue units, are whole multiples of this. */
  sizeStep: string;
  /** The smallest order size in venue units; null when the venue sets none beyond one step. */
  minSize: string | null;
  /** The smallest order value (size × price) in USD; null when the venue sets none. */
  minNotional: string | null;
  priceRule: PriceRule;
  /**
   * Orders carry size and price as integer counts of `sizeStep` and of the tick (Lighter's base_amount and
   * price), not as decimal text. Only with a tick price rule.
   */
  integerOrders: boolean;
}

/** Lighter's orderBookDetails row as the client reads it, with the order minimums when they were read. */
export interface LighterMarketDetails extends Pick<MarketDecimals, "marketIndex" | "symbol" | "sizeDecimals" | "priceDecimals"> {
  /** `min_base_amount`: the smallest order size, in the market's base units. */
  minBaseAmount?: string;
  /** `min_quote_amount`: the smallest order value, in USDC. */
  minQuoteAmount?: string;
}

/** 10^-decimals as decimal text: 4 → "0.0001", 0 → "1". */
function stepOfDecimals(decimals: number): string {
  return formatDecimal({ units: 1n, scale: decimals });
}

/**
 * Lighter (lighter/SPEC.md §2.2, §5): sizes in steps of 10^-size_decimals and prices in ticks of
 * 10^-price_decimals, both sent as integers; the order minimums from min_base_amount and min_quote_amount.
 */
export function lighterLegMarket(details: LighterMarketDetails): LegMarket {
  const { asset, multiplier } = resolveAsset("lighter", details.symbol);
  return {
    venue: "lighter",
    market: String(details.marketIndex),
    symbol: details.symbol,
    asset,
    multiplier: String(multiplier),
    sizeStep: stepOfDecimals(details.sizeDecimals),
    minSize: details.minBaseAmount ?? null,
    minNotional: details.minQuoteAmount ?? null,
    priceRule: { kind: "tick", tick: stepOfDecimals(details.priceDecimals) },
    integerOrders: true,
  };
}

/**
 * Hyperliquid perpetuals (hyperliquid/SPEC.md §3.2, the rules order-rules.ts checks before signing): sizes
 * in steps of 10^-szDecimals, the significant-figure price rule, an order value of at least $10.
 */
export function hyperliquidLegMarket(asset: Pick<PerpAsset, "coin" | "szDecimals">): LegMarket {
  const resolved = resolveAsset("hyperliquid", asset.coin);
  return {
    venue: "hyperliquid",
    market: asset.coin,
    symbol: asset.coin,
    asset: resolved.asset,
    multiplier: String(resolved.multiplier),
    sizeStep: stepOfDecimals(asset.szDecimals),
    minSize: null,
    minNotional: formatDecimal(MINIMUM_ORDER_VALUE),
    priceRule: { kind: "significant_figures", significantFigures: MAX_SIGNIFICANT_FIGURES, maxDecimals: MAX_PRICE_DECIMALS - asset.szDecimals },
    integerOrders: false,
  };
}

/**
 * `price` rounded to a price the rule accepts, toward −∞ or +∞. Under the significant-figure rule the step
 * is the one at `price`'s own magnitude: rounding down stays within that power of ten, rounding up ends at
 * most on the next power of ten (or on the step itself), and all of those are valid prices. Zero when
 * rounding down leaves nothing.
 */
export function roundPrice(rule: PriceRule, price: Decimal, rounding: Rounding): Decimal {
  const step = rule.kind === "tick" ? parseDecimal(rule.tick) : significantFigureStep(price, rule.significantFigures, rule.maxDecimals);
  return roundToStep(price, step, rounding);
}
