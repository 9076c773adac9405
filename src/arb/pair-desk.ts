/**
 * The pair desk: one Durable Object for the gateway's arbitrage pairs (DESIGN: arb/). It previews a
 * pair (the legs exactly as they would be sent, the funding picture, costs and every risk verdict),
 * opens it through the venues' own desks and runs the reconciliation rule until the pair is open,
 * failed or loudly unbalanced (pair-execution.ts), closes it the same way, and serves every pair with its
 * orders, fills, funding and PnL.
 *
 * Every step is stored before the next is taken, so a restart in the middle of opening or closing
 * resumes from the record (the alarm does it); orders whose outcome was never recorded are looked up.
 * Pair operations run one at a time, so the caps checked before a pair's first order count every pair
 * opened before it.
 */
import { DurableObject } from "cloudflare:workers";
import { loadConfig, NO_AUTOMATIC_HALTS, type ArbConfig, type AutomaticHalts, type RawEnv } from "../config";
import { accountFeed } from "../accounts/feed-stub";
import { feedPlans, type FeedConfig } from "../accounts/feed-config";
import type { FeedStatus } from "../accounts/account-feed";
import { EventSender } from "../events/event-sender";
import { eventHub } from "../events/hub";
import { raiseAlert } from "../safety/raise-alert";
import { safetyConfigOf, type SafetyDeskConfig } from "../safety/safety-config";
import { safetyDesk } from "../trading/desk-stub";
import { add, compare, decimalTextOf, formatDecimal, parseDecimal, type Decimal } from "../trading/decimal";
import { commonLot, SizingError } from "./sizing";
import { VenueCallError } from "../venues/venue-error";
import { legFor } from "./legs";
import { PairExecution, OPEN_ORDER_BUDGET } from "./pair-execution";
import { legLimits, planPair, type PairVenueConfigs, type PlannedPair } from "./pair-plan";
import { PairStore } from "./pair-store";
import { pairView, type PairView, type PairReadings } from "./pair-view";
import { WORKING_STATES, type LegName, type PairOrder, type PairRecord, type PairRequest, type PreviewRequest } from "./pair";
import type { FundingRow } from "../funding/types";

/** What the Worker hands the desk with each call: the venues' trading sections, the feeds, the limits. */
export interface PairDeskConfig {
  venues: PairVenueConfigs;
  feeds: { lighter: FeedConfig | null; hyperliquid: FeedConfig | null };
  arb: ArbConfig;
  safety: SafetyDeskConfig;
  automaticHalts: AutomaticHalts;
}

export interface DeskResult<T> {
  status: number;
  body: T | { error: { code: string; message: string; details?: unknown } };
}

export interface Verdict {
  ok: boolean;
  detail: string;
}

export interface PreviewAnswer {
  asset: string;
  legs: Record<LegName, PlannedPair["sizing"]["long"]>;
  asset_size: string;
  lot: string;
  funding: PlannedPair["economics"];
  verdicts: Record<string, Verdict>;
  allowed: boolean;
}

/** How often the alarm looks at pairs still being worked on, or unbalanced with outcomes unknown. */
const WATCH_MS = 30_000;

/** How long the desk reuses the funding board's rows for an asset. */
const BOARD_COPY_MS = 1_000;

/** Pairs whose notional still counts against MAX_TOTAL_PAIR_NOTIONAL_USD. */
const LIVE_STATES = ["opening", "open", "closing", "unbalanced"] as const;

function refusal(status: number, code: string, message: string, details?: unknown): DeskResult<never> {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}

export class PairDesk extends DurableObject<Env> {
  private readonly store: PairStore;
  private readonly events: EventSender;
  private config: PairDeskConfig | undefined;
  /** Pair operations, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly boardCache = new Map<string, { at: number; rows: FundingRow[] | null }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new PairStore(ctx.storage.sql);
    this.events = new EventSender(() => eventHub(env), 0);
  }

  async preview(config: PairDeskConfig, request: PreviewRequest): Promise<DeskResult<PreviewAnswer>> {
    await this.remember(config);
    const planned = await this.plan(config, request);
    if ("status" in planned) return planned;
    return { status: 200, body: await this.previewOf(config, request, planned) };
  }

  async open(config: PairDeskConfig, request: PairRequest): Promise<DeskResult<PairView>> {
    await this.remember(config);
    return this.serially(async () => {
      const existing = this.store.get(request.pair_id);
      if (existing !== undefined) {
        if (JSON.stringify(existing.request) !== JSON.stringify(request)) {
          return refusal(409, "idempotency_conflict", `pair_id ${request.pair_id} was used for another pair`, { pair_id: request.pair_id, state: existing.state });
        }
        return { status: 200, body: await this.view(existing) };
      }
      const planned = await this.plan(config, request);
      if ("status" in planned) return planned;
      const preview = await this.previewOf(config, request, planned);
      if (!preview.verdicts.halt?.ok) return refusal(423, "halted", `trading is halted: ${preview.verdicts.halt?.detail ?? ""}`, { verdicts: preview.verdicts });
      if (!preview.allowed) return refusal(422, "pair_not_allowed", "a risk check refuses this pair; see details.verdicts", { verdicts: preview.verdicts });
      const now = Date.now();
      const record: PairRecord = {
        pair_id: request.pair_id,
        asset: planned.sizing.asset,
        execution: request.execution,
        state: "opening",
        request,
        sizing: planned.sizing,
        economics: planned.economics,
        limits: planned.limits,
        markets: planned.markets,
        max_orders: OPEN_ORDER_BUDGET,
        orders: [],
        history: [{ at: now, state: "opening", message: `planned: ${planned.sizing.asset_size} ${planned.sizing.asset}, ${request.execution}` }],
        attention: null,
        created_at: now,
        legs_answered_at: null,
        opened_at: null,
        closed_at: null,
      };
      this.store.save(record);
      this.publish(record, "planned", record.history[0]?.message ?? "planned", null);
      // The watch that resumes this pair after a restart; written with the record, not waited for.
      this.ctx.waitUntil(this.ctx.storage.setAlarm(Date.now() + WATCH_MS));
      const done = await this.execution(record, config).open();
      this.afterRun(done, config);
      return { status: 200, body: await this.view(done) };
    });
  }

  async close(config: PairDeskConfig, pairId: string): Promise<DeskResult<PairView>> {
    await this.remember(config);
    return this.serially(async () => {
      const record = this.store.get(pairId);
      if (record === undefined) return refusal(404, "unknown_pair", `no pair ${pairId}`, { pair_id: pairId });
      if (record.state === "closed" || record.state === "failed") return { status: 200, body: await this.view(record) };
      if (record.state === "opening") return refusal(409, "pair_in_progress", `pair ${pairId} is still opening`, { pair_id: pairId });
      const marks = await this.marks(record);
      if ("status" in marks) return marks;
      await this.ctx.storage.setAlarm(Date.now() + WATCH_MS);
      const done = await this.execution(record, config, marks).close();
      this.afterRun(done, config);
      return { status: 200, body: await this.view(done) };
    });
  }

  async list(config: PairDeskConfig): Promise<PairView[]> {
    await this.remember(config);
    return Promise.all(this.store.list().map((record) => this.view(record)));
  }

  async get(config: PairDeskConfig, pairId: string): Promise<PairView | null> {
    await this.remember(config);
    const record = this.store.get(pairId);
    return record === undefined ? null : this.view(record);
  }

  /**
   * Takes the Worker's configuration; when a restart left pairs half-done and nothing runs them, the alarm
   * resumes them now, with this configuration (rather than waiting for the watch period).
   */
  private async remember(config: PairDeskConfig): Promise<void> {
    const restarted = this.config === undefined;
    this.config = config;
    if (restarted && this.store.list(WORKING_STATES).length > 0) await this.ctx.storage.setAlarm(Date.now());
  }

  /** Resumes pairs a restart left half-done and asks again about outcomes that were unknown. */
  override async alarm(): Promise<void> {
    const config = this.config ?? this.environmentConfig();
    if (config === undefined) return;
    let again = false;
    await this.serially(async () => {
      for (const record of this.store.list([...WORKING_STATES, "unbalanced"])) {
        try {
          const before = record.state;
          const execution = this.execution(record, config);
          const done = before === "opening" ? await execution.open() : before === "closing" ? await execution.close() : await execution.reassess();
          if (before !== "unbalanced") this.afterRun(done, config);
          if (done.state === "unbalanced" && done.orders.some((order) => order.outcome?.status === "unknown")) again = true;
        } catch (error) {
          again = true;
          console.error(JSON.stringify({ event: "pair_resume_failed", pair_id: record.pair_id, message: error instanceof Error ? error.message : String(error) }));
        }
      }
    });
    if (again) await this.ctx.storage.setAlarm(Date.now() + WATCH_MS);
  }

  // ----- planning and verdicts -----------------------------------------------------------------

  private async plan(config: PairDeskConfig, request: PreviewRequest): Promise<PlannedPair | DeskResult<never>> {
    const rows = await this.boardRows(request.asset);
    if (rows === null) return refusal(404, "unknown_asset", `No venue lists asset ${request.asset} on the funding board`, { field: "asset" });
    try {
      return await planPair(request, rows, config.venues, this.takerFees(config));
    } catch (error) {
      if (error instanceof SizingError) return refusal(422, error.code, error.message, error.details);
      if (error instanceof VenueCallError) return refusal(502, "venue_unavailable", `market rules could not be read: ${error.message}`);
      throw error;
    }
  }

  private takerFees(config: PairDeskConfig): Partial<Record<"lighter" | "hyperliquid", number>> {
    const fees: Partial<Record<"lighter" | "hyperliquid", number>> = {};
    if (config.arb.takerFeeBps.lighter !== undefined) fees.lighter = config.arb.takerFeeBps.lighter;
    if (config.arb.takerFeeBps.hyperliquid !== undefined) fees.hyperliquid = config.arb.takerFeeBps.hyperliquid;
    return fees;
  }

  private async previewOf(config: PairDeskConfig, request: PreviewRequest, planned: PlannedPair): Promise<PreviewAnswer> {
    const verdicts = await this.verdicts(config, request, planned);
    return {
      asset: planned.sizing.asset,
      legs: { long: planned.sizing.long, short: planned.sizing.short },
      asset_size: planned.sizing.asset_size,
      lot: planned.sizing.lot,
      funding: planned.economics,
      verdicts,
      allowed: Object.values(verdicts).every((verdict) => verdict.ok),
    };
  }

  private async verdicts(config: PairDeskConfig, request: PreviewRequest, planned: PlannedPair): Promise<Record<string, Verdict>> {
    const notional = pairNotional(planned.sizing);
    const verdicts: Record<string, Verdict> = {};
    // The other objects' answers, asked at once: they are most of a preview's time.
    const [{ halt }, longFeed, shortFeed] = await Promise.all([
      safetyDesk(this.env).status(),
      this.feedStatus(config, planned.markets.long.venue),
      this.feedStatus(config, planned.markets.short.venue),
    ]);
    const feedStatuses = { long: longFeed, short: shortFeed };
    verdicts.halt = halt.halted ? { ok: false, detail: `halted (${halt.set_by ?? "?"}): ${halt.reason ?? ""}` } : { ok: true, detail: "trading is not halted" };
    const pairCap = config.arb.maxPairNotionalUsd;
    verdicts.pair_cap =
      pairCap === undefined
        ? { ok: true, detail: "MAX_PAIR_NOTIONAL_USD is not set" }
        : { ok: compare(notional, parseDecimal(pairCap)) <= 0, detail: `${formatDecimal(notional)} USD against MAX_PAIR_NOTIONAL_USD ${pairCap}` };
    const totalCap = config.arb.maxTotalPairNotionalUsd;
    const openNotional = this.store.list(LIVE_STATES).reduce((total, record) => add(total, pairNotional(record.sizing)), { units: 0n, scale: 0 } as Decimal);
    const after = add(openNotional, notional);
    verdicts.total_cap =
      totalCap === undefined
        ? { ok: true, detail: "MAX_TOTAL_PAIR_NOTIONAL_USD is not set" }
        : { ok: compare(after, parseDecimal(totalCap)) <= 0, detail: `${formatDecimal(openNotional)} USD in open pairs + ${formatDecimal(notional)} against MAX_TOTAL_PAIR_NOTIONAL_USD ${totalCap}` };
    for (const leg of ["long", "short"] as const) {
      const venue = planned.markets[leg].venue;
      const cap = venue === "lighter" ? config.venues.lighter?.maxOrderNotional : config.venues.hyperliquid?.maxOrderNotional;
      const legNotional = parseDecimal(planned.sizing[leg].notional);
      verdicts[`${leg}_order_cap`] =
        cap === undefined ? { ok: true, detail: "MAX_ORDER_NOTIONAL is not set" } : { ok: compare(legNotional, parseDecimal(cap)) <= 0, detail: `${formatDecimal(legNotional)} USD on ${venue} against MAX_ORDER_NOTIONAL ${cap}` };
      const trading = venue === "lighter" ? config.venues.lighter : config.venues.hyperliquid;
      verdicts[`${leg}_live`] = trading?.mode === "live" ? { ok: true, detail: `${venue} trades live` } : { ok: false, detail: `${venue} is in dry-run: a pair needs both venues live` };
      const status = feedStatuses[leg];
      verdicts[`${leg}_feed`] =
        status === null ? { ok: false, detail: `${venue} has no account feed (dry-run or ACCOUNT_FEEDS off): fills could not be followed` } : { ok: status.state === "live", detail: `${venue} feed ${status.state}` };
      const row = planned.rows[leg];
      verdicts[`${leg}_board`] = row.stale ? { ok: false, detail: `the funding board's ${venue} row is stale` } : { ok: true, detail: `${venue} funding updated ${new Date(row.updated_at).toISOString()}` };
    }
    const unbalanced = this.store.list(["unbalanced"]).filter((record) => record.asset === planned.sizing.asset);
    verdicts.asset_balanced =
      unbalanced.length === 0 ? { ok: true, detail: `no unbalanced ${planned.sizing.asset} pair` } : { ok: false, detail: `unbalanced ${planned.sizing.asset} pair(s) to resolve first: ${unbalanced.map((r) => r.pair_id).join(", ")}` };
    if (request.min_net_apr !== undefined) {
      verdicts.min_net_apr = { ok: planned.economics.expected_net_apr >= request.min_net_apr, detail: `expected net APR ${planned.economics.expected_net_apr} against min_net_apr ${request.min_net_apr}` };
    }
    return verdicts;
  }

  private async feedStatus(config: PairDeskConfig, venue: "lighter" | "hyperliquid"): Promise<FeedStatus | null> {
    const feed = config.feeds[venue];
    return feed === null ? null : accountFeed(this.env, feed).status();
  }

  /**
   * The board's rows for the asset, read at most once a second: the board refreshes each venue every few
   * seconds anyway, and a pair's plan and its answer each need them.
   */
  private async boardRows(asset: string): Promise<FundingRow[] | null> {
    const cached = this.boardCache.get(asset);
    if (cached !== undefined && Date.now() - cached.at < BOARD_COPY_MS) return cached.rows;
    const view = await this.env.FUNDING_BOARD.getByName("global").asset(asset);
    const rows = view === null ? null : view.venues;
    this.boardCache.set(asset, { at: Date.now(), rows });
    return rows;
  }

  /** Current marks for a close's limits, from the board. */
  private async marks(record: PairRecord): Promise<Record<LegName, string> | DeskResult<never>> {
    const rows = await this.boardRows(record.asset);
    const marks = {} as Record<LegName, string>;
    for (const leg of ["long", "short"] as const) {
      const mark = rows?.find((row) => row.venue === record.markets[leg].venue)?.mark_price ?? null;
      if (mark === null) return refusal(503, "mark_unavailable", `the funding board has no mark for ${record.asset} on ${record.markets[leg].venue}`);
      marks[leg] = decimalTextOf(mark);
    }
    return marks;
  }

  // ----- running ---------------------------------------------------------------------------------

  private execution(record: PairRecord, config: PairDeskConfig, closeMarks?: Record<LegName, string>): PairExecution {
    const limits = closeMarks === undefined ? record.limits : legLimits(record.markets, closeMarks, record.request.max_slippage_bps);
    return new PairExecution(record, {
      legs: { long: legFor(this.env, record.markets.long.venue, config.venues), short: legFor(this.env, record.markets.short.venue, config.venues) },
      markets: record.markets,
      lot: commonLot(record.markets.long, record.markets.short),
      limits,
      save: (r) => this.store.save(r),
      publish: (r, step, message, order) => this.publish(r, step as "planned", message, order),
      now: () => Date.now(),
    });
  }

  /** An unbalanced pair is loud: an alert, and a halt when HALT_ON_UNBALANCED_PAIR is on. */
  private afterRun(record: PairRecord, config: PairDeskConfig): void {
    if (record.state !== "unbalanced") return;
    raiseAlert(this.env, this.ctx, {
      kind: "unbalanced_pair",
      subject: record.pair_id,
      message: `pair ${record.pair_id} (${record.asset}) is unbalanced: ${record.attention ?? ""}`,
      details: { pair_id: record.pair_id, asset: record.asset, orders_sent: record.orders.length, max_orders: record.max_orders },
    });
    if (config.automaticHalts.unbalancedPair) {
      this.ctx.waitUntil(
        safetyDesk(this.env)
          .halt({ reason: `pair ${record.pair_id} (${record.asset}) is unbalanced`, set_by: "automatic" }, config.safety)
          .catch((error: unknown) => console.error(JSON.stringify({ event: "automatic_halt_failed", message: error instanceof Error ? error.message : String(error) }))),
      );
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private publish(record: PairRecord, step: "planned" | "order_sent" | "order_outcome" | "state", message: string, order: PairOrder | null): void {
    void this.events.send({
      type: "arb",
      venue: "gateway",
      payload: { pair_id: record.pair_id, asset: record.asset, state: record.state, step, message, order, orders_sent: record.orders.length, max_orders: record.max_orders },
      created_at: new Date().toISOString(),
    });
  }

  // ----- views -------------------------------------------------------------------------------------

  private async view(record: PairRecord): Promise<PairView> {
    const config = this.config ?? this.environmentConfig();
    const readings: PairReadings = { fills: { long: [], short: [] }, funding: { long: [], short: [] }, marks: { long: null, short: null }, rates: { long: null, short: null }, others: [] };
    if (config !== undefined) {
      const rows = await this.boardRows(record.asset).catch(() => null);
      await Promise.all(
        (["long", "short"] as const).map(async (leg) => {
          const venue = record.markets[leg].venue;
          const row = rows?.find((candidate) => candidate.venue === venue);
          readings.marks[leg] = row?.mark_price ?? null;
          readings.rates[leg] = row?.hourly_rate ?? null;
          const feed = config.feeds[venue];
          if (feed === null) return;
          const stub = accountFeed(this.env, feed);
          const venueLeg = legFor(this.env, venue, config.venues);
          // RPC types drop fields typed unknown (`raw`); the objects arrive whole.
          const [fills, payments] = await Promise.all([
            stub.fillsByClientId(record.orders.filter((order) => order.leg === leg).map((order) => venueLeg.venueClientId(order.order.clientId))),
            record.opened_at === null ? [] : stub.fundingPayments({ asset: record.asset, since: record.opened_at, limit: -1 }),
          ]);
          readings.fills[leg] = fills as unknown as PairReadings["fills"]["long"];
          readings.funding[leg] = (payments as unknown as Array<{ item: PairReadings["funding"]["long"][number] }>).map((row) => row.item);
        }),
      );
    }
    // Only a pair that received or paid funding needs the others it shares the payments with.
    if (readings.funding.long.length > 0 || readings.funding.short.length > 0) readings.others = this.store.openedOf(record.asset);
    return pairView(record, readings);
  }

  private environmentConfig(): PairDeskConfig | undefined {
    return pairDeskConfigOf(loadConfig(this.env as unknown as RawEnv)) ?? undefined;
  }
}

function maxOf(a: Decimal, b: Decimal): Decimal {
  return compare(a, b) >= 0 ? a : b;
}

/** A pair's notional for the caps: the larger leg at its planned limit. */
function pairNotional(sizing: PairRecord["sizing"]): Decimal {
  return maxOf(parseDecimal(sizing.long.notional), parseDecimal(sizing.short.notional));
}

/** The desk's configuration from the gateway's; null when neither venue is configured. */
export function pairDeskConfigOf(config: ReturnType<typeof loadConfig>): PairDeskConfig | null {
  if (!config.trading.ok && !config.hyperliquidTrading.ok) return null;
  const feeds: PairDeskConfig["feeds"] = { lighter: null, hyperliquid: null };
  for (const plan of feedPlans(config)) if ("feed" in plan) feeds[plan.venue] = plan.feed;
  const safety = config.safety.ok ? config.safety.value : null;
  return {
    venues: { lighter: config.trading.ok ? config.trading.value : null, hyperliquid: config.hyperliquidTrading.ok ? config.hyperliquidTrading.value : null },
    feeds,
    arb: config.arb.ok ? config.arb.value : { maxPairNotionalUsd: undefined, maxTotalPairNotionalUsd: undefined, takerFeeBps: { lighter: undefined, hyperliquid: undefined } },
    safety: safetyConfigOf(config),
    automaticHalts: safety?.automaticHalts ?? NO_AUTOMATIC_HALTS,
  };
}
