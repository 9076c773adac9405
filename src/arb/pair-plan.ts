/**
 * A pair exactly as it would be sent, from what the gateway knows now: each venue's market and mark and
 * funding from the funding board, each market's size and price rules from the venue (cached), the legs
 * sized and priced by sizing.ts, and the funding economics. The preview shows it; opening a pair plans it
 * again the same way and sends what the plan says.
 */
import type { HyperliquidTradingConfig, TradingConfig } from "../config";
import type { FundingRow } from "../funding/types";
import { HyperliquidClient } from "../venues/hyperliquid/client";
import { LighterClient } from "../venues/lighter/client";
import { decimalTextOf } from "../trading/decimal";
import { pairEconomics, type PairEconomics } from "./economics";
import { hyperliquidLegMarket, lighterLegMarket, type LegMarket, type LegVenue } from "./leg-rules";
import type { LegName, PreviewRequest } from "./pair";
import { limitPrice, sizePair, SizingError, type PairSizing } from "./sizing";

export interface PlannedPair {
  sizing: PairSizing;
  economics: PairEconomics;
  markets: Record<LegName, LegMarket>;
  rows: Record<LegName, FundingRow>;
  /** Each leg's IOC limits on both sides within the slippage bound (entries, top-ups, take-backs). */
  limits: Record<LegName, Record<"buy" | "sell", string>>;
}

/** The trading sections the pair desk works with (null: that venue is not configured). */
export interface PairVenueConfigs {
  lighter: TradingConfig | null;
  hyperliquid: HyperliquidTradingConfig | null;
}

/** Market rules change rarely: each instance reads them at most this often. */
const RULES_TTL_MS = 5 * 60_000;
const rulesCache = new Map<string, { at: number; markets: Promise<LegMarket[]> }>();

function cachedRules(key: string, load: () => Promise<LegMarket[]>): Promise<LegMarket[]> {
  const cached = rulesCache.get(key);
  if (cached !== undefined && Date.now() - cached.at < RULES_TTL_MS) return cached.markets;
  const markets = load();
  rulesCache.set(key, { at: Date.now(), markets });
  markets.catch(() => rulesCache.delete(key));
  return markets;
}

async function venueMarkets(venue: LegVenue, configs: PairVenueConfigs): Promise<LegMarket[]> {
  if (venue === "lighter") {
    const trading = configs.lighter;
    if (trading === null) throw new SizingError("invalid_input", "Lighter trading is not configured", { venue, field: "long_venue" });
    const client = new LighterClient({ baseUrl: trading.lighter.baseUrl, timeoutMs: trading.lighter.requestTimeoutMs });
    return cachedRules(`lighter:${trading.lighter.baseUrl}`, async () => (await client.marketDecimals()).map((details) => lighterLegMarket(details)));
  }
  const trading = configs.hyperliquid;
  if (trading === null) throw new SizingError("invalid_input", "Hyperliquid trading is not configured", { venue, field: "short_venue" });
  const client = new HyperliquidClient({ apiUrl: trading.hyperliquid.apiUrl, timeoutMs: trading.hyperliquid.requestTimeoutMs });
  return cachedRules(`hyperliquid:${trading.hyperliquid.apiUrl}`, async () => (await client.meta()).map((asset) => hyperliquidLegMarket(asset)));
}

function numberText(value: number | null, what: string, venue: LegVenue): string {
  if (value === null || !Number.isFinite(value) || value <= 0) throw new SizingError("invalid_input", `the funding board has no ${what} for ${venue}`, { venue });
  return decimalTextOf(value);
}

/** Plans the pair; throws SizingError for what cannot be planned (a venue not listing the asset, a size that rounds to nothing). */
export async function planPair(request: PreviewRequest, boardRows: FundingRow[], configs: PairVenueConfigs, takerFeeBps: Partial<Record<LegVenue, number>>): Promise<PlannedPair> {
  const venues: Record<LegName, LegVenue> = { long: request.long_venue, short: request.short_venue };
  const rows = {} as Record<LegName, FundingRow>;
  const markets = {} as Record<LegName, LegMarket>;
  for (const leg of ["long", "short"] as const) {
    const venue = venues[leg];
    const row = boardRows.find((candidate) => candidate.venue === venue);
    if (row === undefined) throw new SizingError("invalid_input", `${venue} does not list ${request.asset} on the funding board`, { venue, field: `${leg}_venue` });
    const market = (await venueMarkets(venue, configs)).find((candidate) => candidate.symbol === row.symbol);
    if (market === undefined) throw new SizingError("invalid_input", `${venue} has no trading rules for ${row.symbol}`, { venue, field: `${leg}_venue` });
    rows[leg] = row;
    markets[leg] = market;
  }
  const marks = { long: numberText(rows.long.mark_price, "mark price", venues.long), short: numberText(rows.short.mark_price, "mark price", venues.short) };
  const amount =
    request.size !== undefined
      ? { size: request.size }
      : { notionalUsd: request.notional_usd as string, assetPrice: numberText(rows.long.unit_price, "unit price", venues.long) };
  const sizing = sizePair({ long: markets.long, short: markets.short, amount, marks, maxSlippageBps: request.max_slippage_bps });
  const economics = pairEconomics({
    long: { venue: venues.long, hourlyRate: rows.long.hourly_rate, intervalHours: rows.long.interval_hours, nextFundingTime: rows.long.next_funding_time },
    short: { venue: venues.short, hourlyRate: rows.short.hourly_rate, intervalHours: rows.short.interval_hours, nextFundingTime: rows.short.next_funding_time },
    notionalUsd: sizing.long.notional,
    ...(request.horizon_hours === undefined ? {} : { horizonHours: request.horizon_hours }),
    takerFeeBps,
  });
  return { sizing, economics, markets, rows, limits: legLimits(markets, marks, request.max_slippage_bps) };
}

/**
 * Each leg's IOC limit on both sides: the mark moved by the slippage bound, within the venue's price rule.
 * Around the marks at opening for entries, top-ups and take-backs; around the marks now for a close.
 */
export function legLimits(markets: Record<LegName, LegMarket>, marks: Record<LegName, string>, maxSlippageBps: number): PlannedPair["limits"] {
  const bothSides = (leg: LegName) => ({ buy: limitPrice(markets[leg], marks[leg], "buy", maxSlippageBps), sell: limitPrice(markets[leg], marks[leg], "sell", maxSlippageBps) });
  return { long: bothSides("long"), short: bothSides("short") };
}
