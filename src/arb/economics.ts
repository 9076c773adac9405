/**
 * What a pair is expected to earn and cost (issue 14's preview), from the funding board's rates and the
 * venues' taker fees. With N the notional in USD and the board's hourly rates (signed fractions of notional
 * per hour, positive when longs pay shorts):
 *
 * - spread_hourly = rate_short − rate_long: the short leg receives rate_short, the long leg pays rate_long.
 * - spread_apr = spread_hourly × 8760, simple like the board's apr.
 * - entry_fee_bps = taker_long + taker_short (both legs cross the book); exit_fee_bps the same;
 *   round_trip_fee_bps = 2 × (taker_long + taker_short).
 * - fees_usd = N × round_trip_fee_bps / 10^4: opening and closing.
 * - expected_funding_usd = N × spread_hourly × horizon_hours, at today's rates. A venue paying every few
 *   hours pays the same in lumps (each leg shows its interval and next payment time).
 * - expected_net_usd = expected_funding_usd − fees_usd: a pair opened now and closed after the horizon.
 * - expected_net_apr = expected_net_usd / N × 8760 / horizon_hours: that net, annualised.
 * - break_even_hours = fees_usd / (N × spread_hourly): null when the spread earns nothing (≤ 0).
 *
 * Precision: the board's rates are doubles that normalize.ts rounded to 12 significant digits; each is read
 * as the shortest decimal that is the same double, so the arithmetic is exact on the rates as the board
 * shows them. USD amounts have USD_DECIMALS, rounded against the pair (funding down, fees up). The ratios
 * are computed from the USD amounts as shown, so a reader can redo them, and returned as numbers like the
 * board's rates.
 */
import { aprOf, HOURS_PER_YEAR } from "../funding/normalize";
import { add, BASIS_POINT, decimalFromNumber, divide, formatDecimal, multiply, parseDecimal, PLAIN_DECIMAL, roundToStep, subtract, type Decimal } from "../trading/decimal";
import type { LegVenue } from "./leg-rules";
import { USD_DECIMALS } from "./usd";

/**
 * Taker fees in basis points for when the venue's own figure is not at hand; the caller passes the
 * venue's figure, or a configured one, in `takerFeeBps`.
 * - Lighter 0: standard accounts, the default kind, pay no maker or taker fee (apidocs.lighter.xyz
 *   "Account Types"; `orderBooks` lists `taker_fee: "0.0000"`, lighter/SPEC.md §5). Premium accounts pay
 *   2.8 bps taker before LIT-staking discounts, and their fills carry the rate charged (accounts/SPEC.md:
 *   trade `taker_fee` in 1e-6).
 * - Hyperliquid 4.5: the base tier's 0.045 % taker (docs "Fees", under $5M of 14-day volume); volume
 *   tiers, staking and referral discounts lower it.
 */
export const DEFAULT_TAKER_FEE_BPS: Readonly<Record<LegVenue, number>> = { lighter: 0, hyperliquid: 4.5 };

/** Ratios are computed to this many decimals before they become numbers. */
const APR_DECIMALS = 10;
const HOURS_DECIMALS = 6;
const USD_STEP: Decimal = { units: 1n, scale: USD_DECIMALS };
const HOURS_PER_YEAR_DECIMAL: Decimal = { units: BigInt(HOURS_PER_YEAR), scale: 0 };
const TWO: Decimal = { units: 2n, scale: 0 };

/** One leg's funding as the board has it. */
export interface LegFunding {
  venue: LegVenue;
  /** Signed fraction of notional per hour, positive when longs pay shorts (the board's hourly_rate). */
  hourlyRate: number;
  intervalHours: number;
  /** Unix ms of the next payment. */
  nextFundingTime: number | null;
}

export interface PairEconomicsRequest {
  long: LegFunding;
  short: LegFunding;
  notionalUsd: string;
  /** Hours the expected funding covers; 24 when not given. */
  horizonHours?: number;
  /** Per-venue taker fees in bps, replacing DEFAULT_TAKER_FEE_BPS (the venue's own figure, or configuration). */
  takerFeeBps?: Partial<Record<LegVenue, number>>;
}

export interface LegEconomics {
  venue: LegVenue;
  hourly_rate: number;
  apr: number;
  interval_hours: number;
  next_funding_time: number | null;
  taker_fee_bps: number;
}

export interface PairEconomics {
  long: LegEconomics;
  short: LegEconomics;
  spread_hourly: number;
  spread_apr: number;
  entry_fee_bps: number;
  exit_fee_bps: number;
  round_trip_fee_bps: number;
  notional_usd: string;
  fees_usd: string;
  horizon_hours: number;
  expected_funding_usd: string;
  expected_net_usd: string;
  expected_net_apr: number;
  break_even_hours: number | null;
}

export const DEFAULT_HORIZON_HOURS = 24;

function asNumber(value: Decimal): number {
  return Number(formatDecimal(value));
}

function legEconomics(leg: LegFunding, takerFeeBps: number): LegEconomics {
  return {
    venue: leg.venue,
    hourly_rate: leg.hourlyRate,
    apr: aprOf(leg.hourlyRate),
    interval_hours: leg.intervalHours,
    next_funding_time: leg.nextFundingTime,
    taker_fee_bps: takerFeeBps,
  };
}

export function pairEconomics(request: PairEconomicsRequest): PairEconomics {
  const { long, short } = request;
  if (!PLAIN_DECIMAL.test(request.notionalUsd) || parseDecimal(request.notionalUsd).units === 0n) {
    throw new RangeError(`notional_usd: ${JSON.stringify(request.notionalUsd)} is not a positive decimal`);
  }
  const horizonHours = request.horizonHours ?? DEFAULT_HORIZON_HOURS;
  if (!Number.isFinite(horizonHours) || horizonHours <= 0) throw new RangeError(`horizon_hours: ${horizonHours} is not a positive number of hours`);
  const fees = { ...DEFAULT_TAKER_FEE_BPS, ...request.takerFeeBps };
  const notional = parseDecimal(request.notionalUsd);
  const hours = decimalFromNumber(horizonHours);

  const spread = subtract(decimalFromNumber(short.hourlyRate), decimalFromNumber(long.hourlyRate));
  const entryBps = add(decimalFromNumber(fees[long.venue]), decimalFromNumber(fees[short.venue]));
  const roundTripBps = multiply(TWO, entryBps);

  const feesUsd = roundToStep(multiply(notional, multiply(roundTripBps, BASIS_POINT)), USD_STEP, "ceiling");
  const fundingUsd = roundToStep(multiply(multiply(notional, spread), hours), USD_STEP, "floor");
  const netUsd = subtract(fundingUsd, feesUsd);
  const netApr = divide(multiply(netUsd, HOURS_PER_YEAR_DECIMAL), multiply(notional, hours), APR_DECIMALS, "floor");
  const breakEvenHours = spread.units > 0n ? divide(feesUsd, multiply(notional, spread), HOURS_DECIMALS, "ceiling") : null;

  return {
    long: legEconomics(long, fees[long.venue]),
    short: legEconomics(short, fees[short.venue]),
    spread_hourly: asNumber(spread),
    spread_apr: asNumber(multiply(spread, HOURS_PER_YEAR_DECIMAL)),
    entry_fee_bps: asNumber(entryBps),
    exit_fee_bps: asNumber(entryBps),
    round_trip_fee_bps: asNumber(roundTripBps),
    notional_usd: formatDecimal(notional),
    fees_usd: formatDecimal(feesUsd),
    horizon_hours: horizonHours,
    expected_funding_usd: formatDecimal(fundingUsd),
    expected_net_usd: formatDecimal(netUsd),
    expected_net_apr: asNumber(netApr),
    break_even_hours: breakEvenHours === null ? null : asNumber(breakEvenHours),
  };
}
