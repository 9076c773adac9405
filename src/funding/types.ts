/**
 * The shapes shared by the funding board's parts. Venue modules produce `VenueQuote`s (what a venue
 * said, in its own units); normalize.ts turns them into `FundingRow`s (hourly fractions, matched
 * assets); compare.ts groups rows by asset and ranks pairs.
 */

export const VENUES = ["hyperliquid", "lighter", "grvt"] as const;
export type Venue = (typeof VENUES)[number];

/**
 * The unit a venue's raw rate is expressed in: a fraction or a percentage of notional, accrued over
 * `per_hours` hours. Written out on every row (`raw_unit`, e.g. "percent_per_8h") so a reader can redo
 * the conversion.
 */
export interface RawUnit {
  scale: "fraction" | "percent";
  perHours: number;
}

/** One perpetual market as a venue reported it, before any unit conversion. */
export interface VenueQuote {
  venue: Venue;
  /** The venue's own market name: `kPEPE`, `1000PEPE`, `KPEPE_USDT_Perp`. */
  symbol: string;
  /** The base the venue names (GRVT `base`; HL and Lighter: the symbol itself). */
  base: string;
  /** The rate exactly as the venue wrote it (numbers re-stringified), for audit. */
  rawRate: string;
  rawUnit: RawUnit;
  /** How often funding is paid on this market, in hours. */
  intervalHours: number;
  /** Price of one contract unit (one kPEPE = 1000 PEPE), in the quote currency. */
  markPrice: number | null;
  indexPrice: number | null;
  /** Open interest in contract units, one side. */
  openInterest: number | null;
  volume24hUsd: number | null;
  /** Unix ms of the next settlement. */
  nextFundingTime: number | null;
  /** Venue-specific locator needed later (Lighter market_id for /fundings). */
  marketId?: number;
}

/** A quote with its rate converted and its asset matched, as stored and served. */
export interface FundingRow {
  venue: Venue;
  symbol: string;
  asset: string;
  multiplier: number;
  interval_hours: number;
  raw_rate: string;
  raw_unit: string;
  hourly_rate: number;
  rate_8h: number;
  apr: number;
  mark_price: number | null;
  index_price: number | null;
  /** mark_price / multiplier: the price of one underlying unit, used to verify cross-venue matches. */
  unit_price: number | null;
  open_interest_usd: number | null;
  volume_24h_usd: number | null;
  next_funding_time: number | null;
  updated_at: number;
  stale: boolean;
  market_id?: number;
}

/** Why a fetch failed, precisely enough to act on. */
export interface VenueFailure {
  kind: "http_status" | "venue_error" | "parse_error" | "timeout" | "network" | "budget" | "config" | "internal";
  message: string;
  status?: number;
  code?: string;
  /** For parse errors: where in the response the shape broke, e.g. `[1][3].funding`. */
  path?: string;
  /** For 429s: seconds the venue asked us to wait. */
  retry_after_seconds?: number;
}

export interface VenueHealth {
  venue: Venue;
  status: "ok" | "stale" | "never_refreshed";
  last_success_at: number | null;
  last_attempt_at: number | null;
  last_error_at: number | null;
  last_error: VenueFailure | null;
  /** Seconds since the last success; null before the first one. */
  age_seconds: number | null;
  /** Why the rows are stale, when they are. */
  stale_reason: string | null;
  markets: number;
  /** Subrequests the venue's last refresh step used (GRVT: the last slice). */
  last_refresh_subrequests: number;
  /** After a 429: no request to the venue before this time (unix ms). */
  paused_until: number | null;
}

export interface BestPair {
  long_venue: Venue;
  long_symbol: string;
  short_venue: Venue;
  short_symbol: string;
  /** (short hourly − long hourly) × 8760, as a fraction (0.1 = 10 % a year). */
  spread_apr: number;
  spread_hourly: number;
  long_apr: number;
  short_apr: number;
  /** Relative disagreement of the two legs' unit prices (|a − b| / min(a, b)). */
  price_gap: number;
  /** The smaller of the two legs' open interest in USD (the capacity a pair trade can lean on). */
  min_open_interest_usd: number | null;
}

export interface AssetView {
  asset: string;
  venues: FundingRow[];
  best_pair: BestPair | null;
}

export interface RefreshInfo {
  step_interval_ms: number;
  /** A row older than this is stale. */
  stale_after_ms: number;
  last_step: { venue: Venue; at: number; subrequests: number; duration_ms: number; markets: number; failures: number; skipped?: string } | null;
  /** The most subrequests any refresh invocation of this board has used (limit: 50). */
  max_subrequests_per_step: number;
}

export interface BoardView {
  generated_at: number;
  refresh: RefreshInfo;
  venues: VenueHealth[];
  assets: AssetView[];
}

export interface Opportunity extends BestPair {
  asset: string;
}

/** One settled funding payment as a venue reported it. */
export interface VenueHistoryPoint {
  /** Unix ms of the settlement. */
  time: number;
  rawRate: string;
  rawUnit: RawUnit;
  /** Lighter `/fundings` rates are unsigned; `direction` says who paid ("long": longs paid). */
  direction?: "long" | "short";
}
