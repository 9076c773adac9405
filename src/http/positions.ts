/**
 * GET /positions (gateway token): every open position on both venues as the account feeds last saw them,
 * and per asset the net size across venues — the number a delta-neutral trader watches — with the
 * notional, unrealized PnL and margin summed over the venues that state them.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app";
import type { Position } from "../accounts/model";
import { absolute, add, formatDecimal, multiply, parseDecimal, type Decimal } from "../trading/decimal";
import { requireGatewayToken } from "./auth";
import { feedsToRead, venueQuery } from "./feeds";

export interface AssetExposure {
  asset: string;
  /** Signed sum of the venues' sizes in the asset's units: 0 when the legs hedge each other exactly. */
  net_size: string;
  /** Sum of |size × mark| over the positions; null when a venue does not state its mark. */
  gross_notional: string | null;
  /** Signed sum of size × mark (the net exposure in USD); null when a mark is unknown. */
  net_notional: string | null;
  unrealized_pnl: string | null;
  margin: string | null;
  venues: string[];
}

const ZERO: Decimal = { units: 0n, scale: 0 };

/** Sums a field over positions; null as soon as one of them does not state it. */
function sum(positions: Position[], value: (position: Position) => Decimal | null): string | null {
  let total = ZERO;
  for (const position of positions) {
    const next = value(position);
    if (next === null) return null;
    total = add(total, next);
  }
  return formatDecimal(total);
}

/** Signed size × mark in USD: the venue's size times the venue's own mark (a kPEPE mark is per kPEPE). */
function notionalOf(position: Position): Decimal | null {
  return position.mark_price === null ? null : multiply(parseDecimal(position.size), parseDecimal(position.mark_price));
}

export function exposures(positions: Position[]): AssetExposure[] {
  const byAsset = new Map<string, Position[]>();
  for (const position of positions) byAsset.set(position.asset, [...(byAsset.get(position.asset) ?? []), position]);
  return [...byAsset.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([asset, legs]) => ({
      asset,
      net_size: sum(legs, (p) => parseDecimal(p.asset_size)) as string,
      gross_notional: sum(legs, (p) => {
        const notional = notionalOf(p);
        return notional === null ? null : absolute(notional);
      }),
      net_notional: sum(legs, notionalOf),
      unrealized_pnl: sum(legs, (p) => (p.unrealized_pnl === null ? null : parseDecimal(p.unrealized_pnl))),
      margin: sum(legs, (p) => (p.margin === null ? null : parseDecimal(p.margin))),
      venues: [...new Set(legs.map((p) => p.venue))].sort(),
    }));
}

export const positionRoutes = new Hono<AppEnv>().get("/positions", requireGatewayToken, async (c) => {
  const { feeds, sources } = await feedsToRead(c, venueQuery(c));
  const positions = (await Promise.all(feeds.map((feed) => feed.stub.positions()))).flat();
  return c.json({ positions, assets: exposures(positions), sources });
});
