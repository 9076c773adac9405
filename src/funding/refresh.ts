/**
 * One refresh step of the board: one venue (Hyperliquid, Lighter) or one slice of GRVT tickers per
 * invocation, so every invocation stays far below the 50-subrequest limit (at most 1 + 40 for a GRVT
 * slice that also reloads the instrument list) and each venue sees a gentle request rate:
 *
 *   hyperliquid (1 request, weight 20) -> lighter (2) -> grvt slice 0 (1 + ≤40) -> grvt slice 1 (≤40) … -> hyperliquid
 *
 * A venue that answered 429 is skipped until its Retry-After has passed. Failures never throw out of a
 * step: they mark the venue's rows failed (served stale, with the reason) and are recorded on its health.
 */
import type { MarketDataConfig, Parsed } from "../config";
import type { BoardStore, VenueState } from "./board-store";
import { SubrequestBudget } from "./budget";
import { NormalizeError, toFundingRow } from "./normalize";
import type { FundingRow, Venue, VenueFailure, VenueQuote } from "./types";
import { fetchGrvtInstruments, fetchGrvtQuote, type GrvtInstrument } from "../venues/grvt/market-data";
import { fetchHyperliquidQuotes } from "../venues/hyperliquid/market-data";
import { fetchLighterQuotes } from "../venues/lighter/market-data";
import { failureOf, VenueError, type UpstreamContext } from "../venues/upstream";

export type Phase = { venue: "hyperliquid" } | { venue: "lighter" } | { venue: "grvt"; offset: number };

export const FIRST_PHASE: Phase = { venue: "hyperliquid" };
/** Tickers per GRVT step: with the instrument list, 41 subrequests, under 50 with room to spare. */
export const GRVT_TICKERS_PER_STEP = 40;
/** The instrument list changes rarely (listings); reload it every ten minutes, at the start of a pass. */
export const GRVT_INSTRUMENTS_TTL_MS = 10 * 60_000;
/** Workers keep at most six outgoing connections open at once. */
const GRVT_CONCURRENCY = 6;
/** When a 429 names no Retry-After: Lighter's firewall cooldown is a static 60 s (SPEC §5). */
const DEFAULT_BACKOFF_MS = 60_000;

export interface StepReport {
  venue: Venue;
  /** For GRVT: the first instrument index of the slice. */
  offset?: number;
  at: number;
  subrequests: number;
  markets: number;
  failures: number;
  skipped?: string;
}

interface StepContext {
  store: BoardStore;
  config: Parsed<MarketDataConfig>;
  now: number;
  budget: SubrequestBudget;
}

const GRVT_INSTRUMENTS_KEY = "grvt_instruments";

function upstream(step: StepContext, config: MarketDataConfig): UpstreamContext {
  return { budget: step.budget, timeoutMs: config.upstreamTimeoutMs };
}

/** The market-data configuration, or a VenueError naming the broken variables. */
function validConfig(config: Parsed<MarketDataConfig>): MarketDataConfig {
  if (config.ok) return config.value;
  throw new VenueError({ kind: "config", message: `market data configuration: ${config.errors.map((e) => `${e.variable} ${e.message}`).join("; ")}` });
}

function normalizeAll(quotes: readonly VenueQuote[], fetchedAt: number): FundingRow[] {
  const rows: FundingRow[] = [];
  for (const quote of quotes) {
    try {
      rows.push(toFundingRow(quote, fetchedAt));
    } catch (error) {
      if (!(error instanceof NormalizeError)) throw error;
      // One unreadable market must not hide the others; say which one and why.
      console.warn(JSON.stringify({ funding_board: "row_refused", venue: quote.venue, symbol: quote.symbol, reason: error.message }));
    }
  }
  return rows;
}

function recordFailure(state: VenueState, failure: VenueFailure, now: number): void {
  state.lastError = failure;
  state.lastErrorAt = now;
  if (failure.kind === "http_status" && failure.status === 429) {
    state.retryAfterUntil = now + (failure.retry_after_seconds !== undefined ? failure.retry_after_seconds * 1000 : DEFAULT_BACKOFF_MS);
  }
}

/** Phase after `phase`, given how many GRVT instruments there are. */
export function nextPhase(phase: Phase, grvtInstruments: number): Phase {
  switch (phase.venue) {
    case "hyperliquid":
      return { venue: "lighter" };
    case "lighter":
      return { venue: "grvt", offset: 0 };
    case "grvt": {
      const offset = phase.offset + GRVT_TICKERS_PER_STEP;
      return offset < grvtInstruments ? { venue: "grvt", offset } : FIRST_PHASE;
    }
  }
}

async function wholeVenueStep(
  step: StepContext,
  venue: "hyperliquid" | "lighter",
  fetchQuotes: (ctx: UpstreamContext, config: MarketDataConfig) => Promise<VenueQuote[]>,
): Promise<StepReport> {
  const { store, now } = step;
  const state = store.venueState(venue);
  if (state.retryAfterUntil !== null && now < state.retryAfterUntil) {
    return { venue, at: now, subrequests: 0, markets: 0, failures: 0, skipped: `rate-limited until ${new Date(state.retryAfterUntil).toISOString()}` };
  }
  state.lastAttemptAt = now;
  let markets = 0;
  let failures = 0;
  try {
    const config = validConfig(step.config);
    const rows = normalizeAll(await fetchQuotes(upstream(step, config), config), now);
    store.replaceVenueRows(venue, rows, now);
    state.lastSuccessAt = now;
    state.retryAfterUntil = null;
    markets = rows.length;
  } catch (error) {
    const failure = failureOf(error);
    store.markFailed(venue, failure);
    recordFailure(state, failure, now);
    failures = 1;
  }
  state.lastSubrequests = step.budget.spent;
  store.saveVenueState(state);
  return { venue, at: now, subrequests: step.budget.spent, markets, failures };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function cachedInstruments(store: BoardStore): { fetchedAt: number; list: GrvtInstrument[] } | undefined {
  const text = store.setting(GRVT_INSTRUMENTS_KEY);
  return text === undefined ? undefined : (JSON.parse(text) as { fetchedAt: number; list: GrvtInstrument[] });
}

/** One GRVT slice; returns the report and the instrument count (to plan the next phase). */
async function grvtStep(step: StepContext, offset: number): Promise<{ report: StepReport; instruments: number }> {
  const { store, now } = step;
  const state = store.venueState("grvt");
  const cached = cachedInstruments(store);
  if (state.retryAfterUntil !== null && now < state.retryAfterUntil) {
    const report = { venue: "grvt" as const, offset, at: now, subrequests: 0, markets: 0, failures: 0, skipped: `rate-limited until ${new Date(state.retryAfterUntil).toISOString()}` };
    return { report, instruments: 0 };
  }
  state.lastAttemptAt = now;
  const finish = (markets: number, failures: number, instruments: number) => {
    state.lastSubrequests = step.budget.spent;
    store.saveVenueState(state);
    return { report: { venue: "grvt" as const, offset, at: now, subrequests: step.budget.spent, markets, failures }, instruments };
  };

  let config: MarketDataConfig;
  let list = cached?.list;
  let start = offset;
  try {
    config = validConfig(step.config);
    if (cached === undefined || (offset === 0 && now - cached.fetchedAt >= GRVT_INSTRUMENTS_TTL_MS)) {
      list = await fetchGrvtInstruments(upstream(step, config), config.grvtMarketDataUrl);
      store.saveSetting(GRVT_INSTRUMENTS_KEY, JSON.stringify({ fetchedAt: now, list }));
      store.keepOnly("grvt", new Set(list.map((i) => i.instrument)));
      start = 0;
    }
  } catch (error) {
    const failure = failureOf(error);
    store.markFailed("grvt", failure);
    recordFailure(state, failure, now);
    return finish(0, 1, 0);
  }
  const ctx = upstream(step, config);
  const instruments = list ?? [];
  const slice = instruments.slice(start, start + GRVT_TICKERS_PER_STEP);
  const outcomes = await mapLimit(slice, GRVT_CONCURRENCY, async (instrument) => {
    try {
      return { instrument, quote: await fetchGrvtQuote(ctx, config.grvtMarketDataUrl, instrument) };
    } catch (error) {
      return { instrument, failure: failureOf(error) };
    }
  });
  let markets = 0;
  let failures = 0;
  for (const outcome of outcomes) {
    if ("quote" in outcome && outcome.quote !== undefined) {
      const [row] = normalizeAll([outcome.quote], now);
      if (row !== undefined) {
        store.upsertRow(row, now);
        markets += 1;
        continue;
      }
      store.markFailed("grvt", { kind: "parse_error", message: `GRVT ticker ${outcome.instrument.instrument}: rate refused (see logs)` }, [outcome.instrument.instrument]);
      failures += 1;
    } else if ("failure" in outcome && outcome.failure !== undefined) {
      store.markFailed("grvt", outcome.failure, [outcome.instrument.instrument]);
      recordFailure(state, outcome.failure, now);
      failures += 1;
    }
  }
  if (markets > 0 || slice.length === 0) state.lastSuccessAt = now;
  if (failures === 0) state.retryAfterUntil = null;
  const result = finish(markets, failures, instruments.length);
  return { report: { ...result.report, offset: start }, instruments: instruments.length };
}

/** Runs the step for `phase` within a fresh 50-subrequest budget and says which phase comes next. */
export async function runRefreshStep(
  store: BoardStore,
  config: Parsed<MarketDataConfig>,
  phase: Phase,
  now: number,
): Promise<{ report: StepReport; next: Phase }> {
  const step: StepContext = { store, config, now, budget: new SubrequestBudget() };
  switch (phase.venue) {
    case "hyperliquid": {
      const report = await wholeVenueStep(step, "hyperliquid", (ctx, c) => fetchHyperliquidQuotes(ctx, c.hyperliquidApiUrl, now));
      return { report, next: nextPhase(phase, 0) };
    }
    case "lighter": {
      const report = await wholeVenueStep(step, "lighter", (ctx, c) => fetchLighterQuotes(ctx, c.lighterBaseUrl, now));
      return { report, next: nextPhase(phase, 0) };
    }
    case "grvt": {
      const { report, instruments } = await grvtStep(step, phase.offset);
      return { report, next: nextPhase({ venue: "grvt", offset: report.offset ?? phase.offset }, instruments) };
    }
  }
}
