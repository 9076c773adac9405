/**
 * Hyperliquid, main perp dex: `metaAndAssetCtxs` for current funding, prices, OI and volume, and
 * `fundingHistory` for settled rates. All calls are `POST {HYPERLIQUID_API_URL}/info` with weight 20
 * each (1200 weight per minute per IP). HIP-3 dexes are not fetched: their assets are equities and
 * indices that must not merge with crypto keys (SPEC §4), and nothing here needs them yet.
 */
import * as z from "zod";
import { nextTopOfHour } from "../../funding/normalize";
import type { VenueHistoryPoint, VenueQuote } from "../../funding/types";
import { decimal, decimalText } from "../schema";
import { fetchVenueJson, type UpstreamContext, type VenueErrorBody } from "../upstream";
import { refusalMessage } from "./errors";

/** HL's funding is a fraction per hour, paid every hour, for every asset (SPEC §3.1). */
const HOURLY_FRACTION = { scale: "fraction", perHours: 1 } as const;
/** Time-range responses carry at most 500 rows (SPEC §2.1); more need another page. */
const HISTORY_PAGE_ROWS = 500;

const nullableDecimal = decimal.nullable().optional();

const assetCtx = z.looseObject({
  funding: decimalText,
  openInterest: decimal,
  dayNtlVlm: decimal,
  oraclePx: decimal,
  markPx: decimal,
  midPx: nullableDecimal,
  premium: nullableDecimal,
});

const universeEntry = z.looseObject({ name: z.string().min(1), isDelisted: z.boolean().optional() });

const metaAndAssetCtxs = z
  .tuple([z.looseObject({ universe: z.array(universeEntry) }), z.array(assetCtx)])
  .refine(([meta, ctxs]) => meta.universe.length === ctxs.length, {
    message: "universe and assetCtxs must be index-aligned (same length)",
  });

const fundingHistory = z.array(z.looseObject({ coin: z.string(), fundingRate: decimalText, time: z.number().int().nonnegative() }));

/** The `/exchange` style error envelope; `/info` errors are plain-text 4xx bodies instead. */
function hyperliquidError(body: unknown): VenueErrorBody | undefined {
  const message = refusalMessage(body);
  return message === undefined ? undefined : { code: "err", message };
}

function info(baseUrl: string, body: object): { url: string; init: RequestInit } {
  return { url: `${baseUrl}/info`, init: { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } };
}

/** One subrequest: every listed, non-delisted main-dex perpetual. */
export async function fetchHyperliquidQuotes(ctx: UpstreamContext, baseUrl: string, now: number): Promise<VenueQuote[]> {
  const [meta, ctxs] = await fetchVenueJson(ctx, {
    label: "Hyperliquid metaAndAssetCtxs",
    ...info(baseUrl, { type: "metaAndAssetCtxs" }),
    schema: metaAndAssetCtxs,
    errorIn: hyperliquidError,
  });
  const quotes: VenueQuote[] = [];
  meta.universe.forEach((asset, i) => {
    const assetCtx = ctxs[i];
    if (assetCtx === undefined || asset.isDelisted === true || asset.name.includes(":")) return;
    quotes.push({
      venue: "hyperliquid",
      symbol: asset.name,
      base: asset.name,
      rawRate: assetCtx.funding.text,
      rawUnit: HOURLY_FRACTION,
      intervalHours: 1,
      markPrice: assetCtx.markPx,
      indexPrice: assetCtx.oraclePx,
      openInterest: assetCtx.openInterest,
      volume24hUsd: assetCtx.dayNtlVlm,
      nextFundingTime: nextTopOfHour(now),
    });
  });
  return quotes;
}

/**
 * Settled hourly rates of one coin in [startMs, endMs], paging on the last `time` (at most `maxPages`
 * subrequests).
 */
export async function fetchHyperliquidHistory(
  ctx: UpstreamContext,
  baseUrl: string,
  coin: string,
  startMs: number,
  endMs: number,
  maxPages: number,
): Promise<VenueHistoryPoint[]> {
  const points: VenueHistoryPoint[] = [];
  let from = startMs;
  for (let page = 0; page < maxPages; page += 1) {
    const rows = await fetchVenueJson(ctx, {
      label: `Hyperliquid fundingHistory ${coin}`,
      ...info(baseUrl, { type: "fundingHistory", coin, startTime: from, endTime: endMs }),
      schema: fundingHistory,
      errorIn: hyperliquidError,
    });
    for (const row of rows) {
      if (row.time >= from && row.time <= endMs) points.push({ time: row.time, rawRate: row.fundingRate.text, rawUnit: HOURLY_FRACTION });
    }
    const last = rows.at(-1);
    if (rows.length < HISTORY_PAGE_ROWS || last === undefined || last.time >= endMs) break;
    from = last.time + 1;
  }
  return points;
}
