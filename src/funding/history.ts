/**
 * Settled funding history of one asset, per venue, hourly-normalized: fetched on demand for the rows
 * the board already knows (so the venue symbol, Lighter market_id and GRVT interval are at hand), at
 * most 4 subrequests per call (HL ≤ 2 pages, Lighter 1, GRVT 1 for up to MAX_HISTORY_HOURS).
 */
import { SubrequestBudget } from "./budget";
import { aprOf, historyHourly, rawUnitLabel, roundSignificant } from "./normalize";
import type { FundingRow, Venue, VenueFailure, VenueHistoryPoint } from "./types";
import { fetchGrvtHistory } from "../venues/grvt/market-data";
import { fetchHyperliquidHistory } from "../venues/hyperliquid/market-data";
import { fetchLighterHistory } from "../venues/lighter/market-data";
import { failureOf, VenueError, type UpstreamContext } from "../venues/upstream";
import type { MarketDataConfig } from "../config";

/** 30 days: HL needs 2 pages of 500, Lighter one call of ≤ 750 rows, GRVT one call of ≤ 1000 rows. */
export const MAX_HISTORY_HOURS = 720;
const HL_PAGE_ROWS = 500;

export interface HistoryPointView {
  time: number;
  raw_rate: string;
  raw_unit: string;
  hourly_rate: number;
  apr: number;
}

export interface VenueHistoryView {
  venue: Venue;
  symbol: string;
  interval_hours: number;
  points: HistoryPointView[];
  /** Mean hourly rate over the points (null without points). */
  average_hourly_rate: number | null;
  average_apr: number | null;
  fetched_at: number | null;
  error: VenueFailure | null;
}

export interface AssetHistoryView {
  asset: string;
  hours: number;
  from: number;
  to: number;
  venues: VenueHistoryView[];
}

export async function fetchVenueHistory(
  row: FundingRow,
  config: MarketDataConfig,
  budget: SubrequestBudget,
  from: number,
  to: number,
  hours: number,
): Promise<VenueHistoryPoint[]> {
  const ctx: UpstreamContext = { budget, timeoutMs: config.upstreamTimeoutMs };
  switch (row.venue) {
    case "hyperliquid":
      return fetchHyperliquidHistory(ctx, config.hyperliquidApiUrl, row.symbol, from, to, Math.ceil(hours / HL_PAGE_ROWS));
    case "lighter":
      if (row.market_id === undefined) throw new VenueError({ kind: "internal", message: `Lighter ${row.symbol}: market_id unknown` });
      return fetchLighterHistory(ctx, config.lighterBaseUrl, row.market_id, from, to);
    case "grvt":
      return fetchGrvtHistory(ctx, config.grvtMarketDataUrl, { instrument: row.symbol, base: row.symbol, quote: "", intervalHours: row.interval_hours }, from, to);
  }
}

/** Venue points -> the served series, oldest first. */
export function historyView(row: FundingRow, points: readonly VenueHistoryPoint[], fetchedAt: number): VenueHistoryView {
  const out = points
    .map((point) => {
      const hourly = historyHourly(point);
      return { time: point.time, raw_rate: point.rawRate, raw_unit: rawUnitLabel(point.rawUnit), hourly_rate: hourly, apr: aprOf(hourly) };
    })
    .sort((a, b) => a.time - b.time);
  const average = out.length === 0 ? null : roundSignificant(out.reduce((sum, p) => sum + p.hourly_rate, 0) / out.length);
  return {
    venue: row.venue,
    symbol: row.symbol,
    interval_hours: row.interval_hours,
    points: out,
    average_hourly_rate: average,
    average_apr: average === null ? null : aprOf(average),
    fetched_at: fetchedAt,
    error: null,
  };
}

export function failedHistoryView(row: FundingRow, error: unknown): VenueHistoryView {
  return {
    venue: row.venue,
    symbol: row.symbol,
    interval_hours: row.interval_hours,
    points: [],
    average_hourly_rate: null,
    average_apr: null,
    fetched_at: null,
    error: failureOf(error),
  };
}
