/**
 * FundingBoard: the single Durable Object that refreshes the three venues on a self-rescheduling alarm
 * (one venue or one GRVT slice per alarm invocation: see refresh.ts), keeps the latest rows and each
 * venue's health in its SQLite storage, and answers every read from storage. Reads never call
 * upstream, except the history read, which fetches on demand within limits and caches.
 *
 * A cold board (no data yet) answers at once with empty venues marked `never_refreshed` and starts the
 * refresh; it never makes a reader wait for three venues. Refreshing stops after IDLE_STOP_MS without
 * reads (no one is looking, no point spending requests) and restarts on the next read.
 */
import { DurableObject } from "cloudflare:workers";
import { loadConfig, type MarketDataConfig, type Parsed, type RawEnv } from "../config";
import { BoardStore, type StoredRow } from "./board-store";
import { SubrequestBudget } from "./budget";
import { groupByAsset, rankOpportunities } from "./compare";
import { failedHistoryView, fetchVenueHistory, historyView, type AssetHistoryView, type VenueHistoryView } from "./history";
import { RateWindow } from "./rate-window";
import { FIRST_PHASE, GRVT_TICKERS_PER_STEP, runRefreshStep, type Phase } from "./refresh";
import { VENUES, type AssetView, type BoardView, type FundingRow, type Opportunity, type RefreshInfo, type Venue, type VenueHealth } from "./types";
import { VenueError } from "../venues/upstream";

/** The board is rebuilt from storage at most this often between refreshes (ages move with time). */
const BOARD_CACHE_MS = 1000;
const IDLE_STOP_MS = 30 * 60_000;
const LAST_READ_SAVE_MS = 60_000;
const HISTORY_TTL_MS = 5 * 60_000;
/** A row is stale after three refresh cycles, and never sooner than this. */
const MIN_STALE_AFTER_MS = 120_000;
const FALLBACK_STEP_MS = 5000;
/**
 * On-demand history calls per venue per minute, on top of the refresh: HL weight 20 + 1 per 20 rows
 * (≤ 2 pages) against 1200/min; Lighter 60 req/min with the refresh using ≈ 5; GRVT undocumented.
 */
const HISTORY_CALLS_PER_MINUTE: Record<Venue, number> = { hyperliquid: 10, lighter: 20, grvt: 30 };

export interface OpportunityQuery {
  minApr?: number;
  minOpenInterestUsd?: number;
  venues?: Venue[];
}

interface Built {
  at: number;
  view: BoardView;
  json: string;
}

export class FundingBoard extends DurableObject<Env> {
  private readonly store: BoardStore;
  private readonly config: Parsed<MarketDataConfig>;
  /** Refresh steps run one after another, never interleaved at an await. */
  private steps: Promise<void> = Promise.resolve();
  private built: Built | null = null;
  private alarmKnownSet = false;
  private lastReadSavedAt = 0;
  private readonly historyCalls = new RateWindow<Venue>(HISTORY_CALLS_PER_MINUTE);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new BoardStore(ctx.storage.sql);
    this.config = loadConfig(env as unknown as RawEnv).marketData;
  }

  private get stepMs(): number {
    return this.config.ok ? this.config.value.refreshStepMs : FALLBACK_STEP_MS;
  }

  override async alarm(): Promise<void> {
    const step = this.steps.then(() => this.refreshStep());
    this.steps = step.catch(() => undefined);
    await step;
  }

  private phase(): Phase {
    const text = this.store.setting("phase");
    return text === undefined ? FIRST_PHASE : (JSON.parse(text) as Phase);
  }

  private async refreshStep(): Promise<void> {
    const started = Date.now();
    try {
      const { report, next } = await runRefreshStep(this.store, this.config, this.phase(), started);
      this.store.saveSetting("phase", JSON.stringify(next));
      this.store.saveSetting("last_step", JSON.stringify({ ...report, duration_ms: Date.now() - started }));
      const max = Number(this.store.setting("max_subrequests_per_step") ?? 0);
      if (report.subrequests > max) this.store.saveSetting("max_subrequests_per_step", String(report.subrequests));
    } catch (error) {
      // Only storage can fail here (venue failures are recorded by the step); keep the schedule alive.
      console.error(JSON.stringify({ funding_board: "step_failed", error: error instanceof Error ? error.message : String(error) }));
    } finally {
      this.built = null;
      await this.scheduleNext(started);
    }
  }

  private async scheduleNext(now: number): Promise<void> {
    const lastRead = Number(this.store.setting("last_read_at") ?? 0);
    if (now - lastRead > IDLE_STOP_MS) {
      this.alarmKnownSet = false;
      return;
    }
    await this.ctx.storage.setAlarm(now + this.stepMs);
    this.alarmKnownSet = true;
  }

  /** Every read notes that someone is looking and makes sure a refresh is scheduled. */
  private async noteRead(now: number): Promise<void> {
    if (now - this.lastReadSavedAt > LAST_READ_SAVE_MS) {
      this.store.saveSetting("last_read_at", String(now));
      this.lastReadSavedAt = now;
    }
    if (!this.alarmKnownSet) {
      // Refresh at once when the data is missing or old (a cold or idle board), else on the usual beat.
      if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(this.refreshOverdue(now) ? now : now + this.stepMs);
      this.alarmKnownSet = true;
    }
  }

  private refreshOverdue(now: number): boolean {
    return VENUES.some((venue) => {
      const { lastSuccessAt } = this.store.venueState(venue);
      return lastSuccessAt === null || now - lastSuccessAt > this.staleAfterMs();
    });
  }

  private staleAfterMs(): number {
    const instruments = this.store.setting("grvt_instruments");
    const grvtCount = instruments === undefined ? 0 : (JSON.parse(instruments) as { list: unknown[] }).list.length;
    const stepsPerCycle = 2 + Math.max(1, Math.ceil(grvtCount / GRVT_TICKERS_PER_STEP));
    return Math.max(MIN_STALE_AFTER_MS, 3 * stepsPerCycle * this.stepMs);
  }

  private health(venue: Venue, stored: readonly StoredRow[], rows: readonly FundingRow[], now: number, staleAfter: number): VenueHealth {
    const state = this.store.venueState(venue);
    const staleRows = rows.filter((row) => row.stale);
    const rowError = stored.find((s) => s.error !== null)?.error ?? null;
    const failing = state.lastErrorAt !== null && (state.lastSuccessAt === null || state.lastErrorAt >= state.lastSuccessAt);
    let status: VenueHealth["status"] = "ok";
    let reason: string | null = null;
    if (state.lastSuccessAt === null) {
      status = "never_refreshed";
      reason = state.lastError?.message ?? "no data yet: the first refresh has been started";
    } else if (failing || staleRows.length > 0) {
      status = "stale";
      reason = failing
        ? (state.lastError?.message ?? "last refresh failed")
        : (rowError?.message ?? `${staleRows.length} of ${rows.length} markets not refreshed for more than ${Math.round(staleAfter / 1000)} s`);
    }
    return {
      venue,
      status,
      last_success_at: state.lastSuccessAt,
      last_attempt_at: state.lastAttemptAt,
      last_error_at: state.lastErrorAt,
      last_error: state.lastError,
      age_seconds: state.lastSuccessAt === null ? null : Math.max(0, Math.round((now - state.lastSuccessAt) / 1000)),
      stale_reason: reason,
      markets: rows.length,
      last_refresh_subrequests: state.lastSubrequests,
      paused_until: state.retryAfterUntil !== null && state.retryAfterUntil > now ? state.retryAfterUntil : null,
    };
  }

  private board(now: number): Built {
    if (this.built !== null && now - this.built.at < BOARD_CACHE_MS) return this.built;
    const staleAfter = this.staleAfterMs();
    const stored = this.store.rows();
    const rows = stored.map(({ row, fetchedAt, error }) => ({ ...row, stale: error !== null || now - fetchedAt > staleAfter }));
    const lastStep = this.store.setting("last_step");
    const refresh: RefreshInfo = {
      step_interval_ms: this.stepMs,
      stale_after_ms: staleAfter,
      last_step: lastStep === undefined ? null : (JSON.parse(lastStep) as RefreshInfo["last_step"]),
      max_subrequests_per_step: Number(this.store.setting("max_subrequests_per_step") ?? 0),
    };
    const view: BoardView = {
      generated_at: now,
      refresh,
      venues: VENUES.map((venue) => this.health(venue, stored.filter((s) => s.row.venue === venue), rows.filter((r) => r.venue === venue), now, staleAfter)),
      assets: groupByAsset(rows),
    };
    this.built = { at: now, view, json: JSON.stringify(view) };
    return this.built;
  }

  /** The whole board, serialized once per build (the hot read path). */
  async boardJson(): Promise<string> {
    const now = Date.now();
    await this.noteRead(now);
    return this.board(now).json;
  }

  async asset(asset: string): Promise<(AssetView & { venue_health: VenueHealth[] }) | null> {
    const now = Date.now();
    await this.noteRead(now);
    const { view } = this.board(now);
    const found = view.assets.find((a) => a.asset === asset);
    if (found === undefined) return null;
    const venues = new Set(found.venues.map((row) => row.venue));
    return { ...found, venue_health: view.venues.filter((h) => venues.has(h.venue)) };
  }

  async opportunities(query: OpportunityQuery): Promise<{ generated_at: number; venues: VenueHealth[]; opportunities: Opportunity[] }> {
    const now = Date.now();
    await this.noteRead(now);
    const { view } = this.board(now);
    const opportunities = rankOpportunities(view.assets, {
      ...(query.minApr === undefined ? {} : { minApr: query.minApr }),
      ...(query.minOpenInterestUsd === undefined ? {} : { minOpenInterestUsd: query.minOpenInterestUsd }),
      ...(query.venues === undefined ? {} : { venues: new Set(query.venues) }),
    });
    return { generated_at: now, venues: view.venues, opportunities };
  }

  async history(asset: string, hours: number): Promise<AssetHistoryView | null> {
    const now = Date.now();
    await this.noteRead(now);
    const found = this.board(now).view.assets.find((a) => a.asset === asset);
    if (found === undefined) return null;
    const from = now - hours * 3_600_000;
    const budget = new SubrequestBudget();
    const config = this.config;
    const venues = await Promise.all(
      found.venues.map(async (row): Promise<VenueHistoryView> => {
        const key = `${row.venue}:${row.symbol}:${hours}`;
        const cached = this.store.cachedHistory(key, now - HISTORY_TTL_MS);
        if (cached !== undefined) return JSON.parse(cached) as VenueHistoryView;
        if (!config.ok) return failedHistoryView(row, new VenueError({ kind: "config", message: "market data configuration is invalid (see /health)" }));
        if (!this.historyCalls.tryTake(row.venue, now)) {
          const limit = this.historyCalls.limit(row.venue);
          return failedHistoryView(row, new VenueError({ kind: "budget", message: `${row.venue} history: the gateway's limit of ${limit} history calls per minute is reached; try again in a minute` }));
        }
        try {
          const view = historyView(row, await fetchVenueHistory(row, config.value, budget, from, now, hours), now);
          this.store.saveHistory(key, JSON.stringify(view), now, now - HISTORY_TTL_MS);
          return view;
        } catch (error) {
          return failedHistoryView(row, error);
        }
      }),
    );
    return { asset, hours, from, to: now, venues };
  }
}
