/**
 * GRVT market data (`POST {GRVT_MARKET_DATA_URL}/full/v1/...`, verbose keys): `all_instruments` for the
 * perpetuals and their funding interval, then `ticker` once per instrument (there is no batch ticker,
 * so the board refreshes GRVT in slices), and `funding` for settled history.
 */
import * as z from "zod";
import type { RawUnit, VenueHistoryPoint, VenueQuote } from "../../funding/types";
import { decimal, decimalText, integerLike, nanosToMillis } from "../schema";
import { fetchVenueJson, VenueError, type UpstreamContext, type VenueErrorBody } from "../upstream";

/** A perpetual and the interval its funding rate is quoted over (1, 4 or 8 hours, per instrument). */
export interface GrvtInstrument {
  instrument: string;
  base: string;
  quote: string;
  intervalHours: number;
}

/** `funding` returns at most 1000 rows per call. */
export const GRVT_HISTORY_MAX_ROWS = 1000;

/** GRVT rates are percentage points over the instrument's own funding interval (SPEC §3.3). */
function percentPerInterval(hours: number): RawUnit {
  return { scale: "percent", perHours: hours };
}

const allInstruments = z.looseObject({
  result: z.array(
    z.looseObject({
      instrument: z.string().min(1),
      base: z.string().min(1),
      quote: z.string(),
      kind: z.string(),
      funding_interval_hours: integerLike.optional(),
    }),
  ),
});

const optionalDecimal = decimal.nullable().optional();

const ticker = z.looseObject({
  result: z.looseObject({
    funding_rate: decimalText.optional(),
    /** Deprecated alias that equals `funding_rate` in live samples; used only when the new field is absent. */
    funding_rate_8h_curr: decimalText.optional(),
    mark_price: optionalDecimal,
    index_price: optionalDecimal,
    open_interest: optionalDecimal,
    buy_volume_24h_q: optionalDecimal,
    sell_volume_24h_q: optionalDecimal,
    next_funding_time: nanosToMillis.optional(),
  }),
});

const fundingHistory = z.looseObject({
  result: z.array(
    z.looseObject({
      funding_rate: decimalText,
      funding_time: nanosToMillis,
      funding_interval_hours: integerLike.optional(),
    }),
  ),
  next: z.string().optional(),
});

/** Full `{code, message, status}` or lite `{c, m, s}`; ccxt detects an error by the presence of `code`. */
function grvtError(body: unknown): VenueErrorBody | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const codeValue = record.code ?? record.c;
  if (typeof codeValue !== "number" && typeof codeValue !== "string") return undefined;
  const message = record.message ?? record.m;
  return { code: String(codeValue), message: typeof message === "string" ? message : "(no message)" };
}

function post(url: string, body: object): { url: string; init: RequestInit } {
  return { url, init: { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } };
}

/**
 * One subrequest: the active perpetuals. An instrument without a positive funding interval is left out:
 * its rate could not be converted without guessing the interval.
 */
export async function fetchGrvtInstruments(ctx: UpstreamContext, baseUrl: string): Promise<GrvtInstrument[]> {
  const body = await fetchVenueJson(ctx, {
    label: "GRVT all_instruments",
    ...post(`${baseUrl}/full/v1/all_instruments`, { is_active: true }),
    schema: allInstruments,
    errorIn: grvtError,
  });
  return body.result
    .filter((row) => row.kind === "PERPETUAL" && row.funding_interval_hours !== undefined && row.funding_interval_hours > 0)
    .map((row) => ({ instrument: row.instrument, base: row.base, quote: row.quote, intervalHours: row.funding_interval_hours as number }))
    .sort((a, b) => a.instrument.localeCompare(b.instrument));
}

/** One subrequest: the current indicative rate and prices of one instrument. */
export async function fetchGrvtQuote(ctx: UpstreamContext, baseUrl: string, instrument: GrvtInstrument): Promise<VenueQuote> {
  const label = `GRVT ticker ${instrument.instrument}`;
  const { result } = await fetchVenueJson(ctx, {
    label,
    ...post(`${baseUrl}/full/v1/ticker`, { instrument: instrument.instrument }),
    schema: ticker,
    errorIn: grvtError,
  });
  const rate = result.funding_rate ?? result.funding_rate_8h_curr;
  if (rate === undefined) {
    throw new VenueError({ kind: "parse_error", path: "result.funding_rate", message: `${label}: no funding_rate in the ticker` });
  }
  const buy = result.buy_volume_24h_q;
  const sell = result.sell_volume_24h_q;
  return {
    venue: "grvt",
    symbol: instrument.instrument,
    base: instrument.base,
    rawRate: rate.text,
    rawUnit: percentPerInterval(instrument.intervalHours),
    intervalHours: instrument.intervalHours,
    markPrice: result.mark_price ?? null,
    indexPrice: result.index_price ?? null,
    openInterest: result.open_interest ?? null,
    // "24 hour volume (buyVolume + sellVolume)" per the Ticker doc; quote-denominated (USDT).
    volume24hUsd: buy == null || sell == null ? null : buy + sell,
    nextFundingTime: result.next_funding_time ?? null,
  };
}

/**
 * Settled funding of one instrument in [startMs, endMs], one row per funding interval: one subrequest.
 * Legacy rows (before Oct 2025) may say `funding_interval_hours: 0`; they take the instrument's interval.
 */
export async function fetchGrvtHistory(ctx: UpstreamContext, baseUrl: string, instrument: GrvtInstrument, startMs: number, endMs: number): Promise<VenueHistoryPoint[]> {
  const toNanos = (ms: number) => (BigInt(Math.floor(ms)) * 1_000_000n).toString();
  const body = await fetchVenueJson(ctx, {
    label: `GRVT funding ${instrument.instrument}`,
    ...post(`${baseUrl}/full/v1/funding`, {
      instrument: instrument.instrument,
      start_time: toNanos(startMs),
      end_time: toNanos(endMs),
      limit: GRVT_HISTORY_MAX_ROWS,
      agg_type: "FUNDING_INTERVAL",
    }),
    schema: fundingHistory,
    errorIn: grvtError,
  });
  return body.result.map((row) => ({
    time: row.funding_time,
    rawRate: row.funding_rate.text,
    rawUnit: percentPerInterval(row.funding_interval_hours !== undefined && row.funding_interval_hours > 0 ? row.funding_interval_hours : instrument.intervalHours),
  }));
}
