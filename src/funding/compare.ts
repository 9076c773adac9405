/**
 * The one place that ranks: rows grouped by asset, the best long/short pair per asset, and the
 * opportunities list. Funding rates are dimensionless, so rates of a 1000-unit contract compare
 * directly with a 1-unit contract; only prices need the multiplier, to verify the match.
 */
import { aprOf, roundSignificant } from "./normalize";
import { VENUES, type AssetView, type BestPair, type FundingRow, type Opportunity, type Venue } from "./types";

/** Two legs whose unit prices differ by more than this are different things (collision or multiplier). */
export const MAX_PRICE_GAP = 0.02;

export function priceGap(a: number, b: number): number {
  return Math.abs(a - b) / Math.min(a, b);
}

const venueOrder = (venue: Venue) => VENUES.indexOf(venue);

/**
 * The pair (long where funding is lowest, short where it is highest) with the widest hourly spread,
 * among fresh rows on distinct venues whose unit prices agree within 2 %. A row without a price cannot
 * be verified and is left out. Ties go to the earlier venue in VENUES order, so the answer is stable.
 */
export function bestPair(rows: readonly FundingRow[], allowed?: ReadonlySet<Venue>): BestPair | null {
  const legs = rows
    .filter((row) => !row.stale && row.unit_price !== null && row.unit_price > 0 && (allowed === undefined || allowed.has(row.venue)))
    .sort((a, b) => venueOrder(a.venue) - venueOrder(b.venue));
  let best: { long: FundingRow; short: FundingRow; spread: number; gap: number } | null = null;
  for (const long of legs) {
    for (const short of legs) {
      if (long.venue === short.venue) continue;
      const gap = priceGap(long.unit_price as number, short.unit_price as number);
      if (gap > MAX_PRICE_GAP) continue;
      const spread = short.hourly_rate - long.hourly_rate;
      if (best === null || spread > best.spread) best = { long, short, spread, gap };
    }
  }
  if (best === null) return null;
  const { long, short } = best;
  const spreadHourly = roundSignificant(best.spread);
  return {
    long_venue: long.venue,
    long_symbol: long.symbol,
    short_venue: short.venue,
    short_symbol: short.symbol,
    spread_apr: aprOf(spreadHourly),
    spread_hourly: spreadHourly,
    long_apr: long.apr,
    short_apr: short.apr,
    price_gap: roundSignificant(best.gap),
    min_open_interest_usd: long.open_interest_usd === null || short.open_interest_usd === null ? null : Math.min(long.open_interest_usd, short.open_interest_usd),
  };
}

/** Every asset with its rows (in venue order) and best pair, sorted by asset key. */
export function groupByAsset(rows: readonly FundingRow[]): AssetView[] {
  const byAsset = new Map<string, FundingRow[]>();
  for (const row of rows) {
    const list = byAsset.get(row.asset);
    if (list === undefined) byAsset.set(row.asset, [row]);
    else list.push(row);
  }
  return [...byAsset.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([asset, list]) => {
      const venues = list.sort((a, b) => venueOrder(a.venue) - venueOrder(b.venue) || a.symbol.localeCompare(b.symbol));
      return { asset, venues, best_pair: bestPair(venues) };
    });
}

export interface OpportunityFilter {
  /** Minimum spread APR, as a fraction (0.1 = 10 % a year). */
  minApr?: number;
  /** Minimum open interest in USD on the thinner leg. */
  minOpenInterestUsd?: number;
  /** Only pairs with both legs on these venues. */
  venues?: ReadonlySet<Venue>;
}

/** Best pairs across assets, widest spread first (then by asset key). */
export function rankOpportunities(assets: readonly AssetView[], filter: OpportunityFilter = {}): Opportunity[] {
  const out: Opportunity[] = [];
  for (const view of assets) {
    const pair = filter.venues === undefined ? view.best_pair : bestPair(view.venues, filter.venues);
    if (pair === null) continue;
    if (filter.minApr !== undefined && pair.spread_apr < filter.minApr) continue;
    if (filter.minOpenInterestUsd !== undefined && filter.minOpenInterestUsd > 0) {
      if (pair.min_open_interest_usd === null || pair.min_open_interest_usd < filter.minOpenInterestUsd) continue;
    }
    out.push({ asset: view.asset, ...pair });
  }
  return out.sort((a, b) => b.spread_apr - a.spread_apr || (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
}
