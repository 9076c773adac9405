/**
 * The one place that knows funding units. Every rate becomes a signed fraction of notional per hour
 * (positive: longs pay shorts); `rate_8h` = hourly × 8 and `apr` = hourly × 8760 (simple, not
 * compounded). See SPEC §8 for the table this implements:
 *
 *   Hyperliquid metaAndAssetCtxs.funding     fraction per 1 h              h = x
 *   Lighter funding-rates.rate               fraction per 8 h (inferred)   h = x / 8
 *   Lighter fundings.rate + direction        unsigned percent per 1 h      h = ±x / 100
 *   GRVT ticker.funding_rate                 percent per interval fi       h = x / 100 / fi
 *   GRVT funding.funding_rate                percent per row interval      h = x / 100 / fi
 *
 * Precision: the venues send decimals with at most ~10 significant digits; they are converted to IEEE
 * doubles (~15.9 digits) and every derived figure is rounded to 12 significant digits, which removes
 * binary noise such as 0.39420000000000005 (0.000045 × 8760) without touching any digit a venue sent. `raw_rate` keeps
 * the venue's text exactly. Non-finite values never leave this module.
 */
import { resolveAsset } from "./aliases";
import type { FundingRow, RawUnit, VenueHistoryPoint, VenueQuote } from "./types";

export const HOURS_PER_YEAR = 8760;
const HOUR_MS = 3_600_000;
const SIGNIFICANT_DIGITS = 12;
/**
 * No venue's cap exceeds 4 % per hour (HL's; Lighter's is 0.5 %/h, GRVT's follow Binance's). A larger
 * hourly rate means a unit misread (e.g. GRVT's legacy fixed-point strings), so the row is refused.
 */
export const MAX_PLAUSIBLE_HOURLY = 0.04;

export class NormalizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NormalizeError";
  }
}

export function roundSignificant(x: number): number {
  if (!Number.isFinite(x)) throw new NormalizeError(`non-finite value ${x}`);
  return x === 0 ? 0 : Number(x.toPrecision(SIGNIFICANT_DIGITS));
}

/** "fraction_per_8h", "percent_per_4h": the unit as written on every row. */
export function rawUnitLabel(unit: RawUnit): string {
  return `${unit.scale}_per_${unit.perHours}h`;
}

/** A raw rate in `unit` -> signed fraction per hour. */
export function hourlyRate(rawRate: string, unit: RawUnit): number {
  const value = Number(rawRate);
  if (rawRate.trim() === "" || !Number.isFinite(value)) throw new NormalizeError(`rate ${JSON.stringify(rawRate)} is not a finite number`);
  if (!(unit.perHours > 0)) throw new NormalizeError(`rate basis of ${unit.perHours} hours is not positive`);
  const perUnit = unit.scale === "percent" ? 100 : 1;
  return roundSignificant(value / (perUnit * unit.perHours));
}

export function rate8h(hourly: number): number {
  return roundSignificant(hourly * 8);
}

export function aprOf(hourly: number): number {
  return roundSignificant(hourly * HOURS_PER_YEAR);
}

/** HL and Lighter settle at every UTC top of the hour: the next one strictly after `ms`. */
export function nextTopOfHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS + HOUR_MS;
}

function finiteOrNull(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : roundSignificant(x);
}

/** A venue quote -> the served row (not yet judged stale: that depends on when it is read). */
export function toFundingRow(quote: VenueQuote, fetchedAt: number): FundingRow {
  const hourly = hourlyRate(quote.rawRate, quote.rawUnit);
  if (Math.abs(hourly) > MAX_PLAUSIBLE_HOURLY) {
    throw new NormalizeError(`${quote.venue} ${quote.symbol}: hourly rate ${hourly} exceeds ${MAX_PLAUSIBLE_HOURLY}, the largest venue cap: unit misread?`);
  }
  const { asset, multiplier } = resolveAsset(quote.venue, quote.base);
  const mark = quote.markPrice !== null && quote.markPrice > 0 ? quote.markPrice : null;
  return {
    venue: quote.venue,
    symbol: quote.symbol,
    asset,
    multiplier,
    interval_hours: quote.intervalHours,
    raw_rate: quote.rawRate,
    raw_unit: rawUnitLabel(quote.rawUnit),
    hourly_rate: hourly,
    rate_8h: rate8h(hourly),
    apr: aprOf(hourly),
    mark_price: finiteOrNull(mark),
    index_price: finiteOrNull(quote.indexPrice),
    unit_price: mark === null ? null : roundSignificant(mark / multiplier),
    // Contract units × contract price: one side of the book, in the quote currency (USDC or USDT).
    open_interest_usd: mark === null || quote.openInterest === null ? null : finiteOrNull(quote.openInterest * mark),
    volume_24h_usd: finiteOrNull(quote.volume24hUsd),
    next_funding_time: quote.nextFundingTime,
    updated_at: fetchedAt,
    stale: false,
    ...(quote.marketId === undefined ? {} : { market_id: quote.marketId }),
  };
}

/** A settled history point -> signed hourly fraction (Lighter's `/fundings` carries the sign apart). */
export function historyHourly(point: VenueHistoryPoint): number {
  const hourly = hourlyRate(point.rawRate, point.rawUnit);
  return point.direction === "short" ? roundSignificant(-Math.abs(hourly)) : hourly;
}
