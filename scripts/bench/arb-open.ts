/**
 * Opening a pair (issue #14): the time from `POST /arb/pairs` to its answer (both legs answered and
 * reconciled), `parallel` and `sequential`, beside one leg's round trip on each venue, against venue
 * stand-ins whose order path answers VENUE_LATENCY_MS late. Target: `parallel` within 1.3× of one leg's
 * round trip, `sequential` within 2.3×; the reference is the slower venue's leg (a pair waits for both).
 *
 * Setup: the Lighter, Hyperliquid and GRVT stand-ins run in this process (GRVT too: the funding board
 * refreshes all three venues, and would otherwise ask the real GRVT), each venue's order path delayed by a
 * `delay` fault queued for every request (Lighter `/api/v1/sendTx`, Hyperliquid `/exchange`; reads are not
 * delayed). The gateway is the bundled Worker run by Miniflare (bundled-worker.ts), live on both venues
 * with ACCOUNT_FEEDS on (the pair desk refuses a venue whose feed is not live, and the Lighter leg learns
 * its fill from the feed), and the funding board refreshing a venue a second, for its marks.
 *
 * One leg's round trip is what the pair desk waits for on that venue:
 * - Hyperliquid: `POST /orders/hyperliquid`, an IOC, until its answer (which carries the fill);
 * - Lighter: `POST /orders/lighter`, an IOC, until both its answer and its `fill` event (matched by
 *   client_order_index on a `/ws/events?type=fill` subscriber) have arrived: Lighter answers a sendTx
 *   before the order executes, and the fill reaches the gateway on the account feed.
 * Each single order is the pair's own leg order: the preview's size and IOC limit on that venue.
 *
 * Each round sends, one after another: a Lighter buy and sell, a Hyperliquid buy and sell, a parallel
 * pair, its close, a sequential pair, its close; so every figure is measured under the same conditions
 * (others use this machine too). Closes are timed and reported apart, not counted in the opens. Pairs
 * are 0.2 ETH, long Lighter, short Hyperliquid, each with a fresh pair_id; any answer other than a 200
 * `open` (or `closed`) stops the run with the answer printed, save one: a pair refused because a feed is
 * down (it sent nothing) is counted, and opened again under a new pair_id once both feeds are live.
 *
 * Feed drops: a feed that loses its venue socket reconnects, and a pair asked for meanwhile is refused.
 * The figures count both (the feeds' reconnections during the measured rounds, and the pairs refused for
 * a feed down); an operation under way when a socket drops waits for the reconnection (a Lighter fill then
 * comes from the reconciliation), a few samples in the p99s. (Until the connect timeout was fixed, every
 * feed dropped 10 s after each connect; now none should.)
 */
import { randomBytes, randomInt } from "node:crypto";
import { loadavg } from "node:os";
import type WebSocket from "ws";
import { HYPERLIQUID_DEFAULT_AGENT_KEY, HYPERLIQUID_DEFAULT_USER } from "../../test/standins/hyperliquid-control";
import { injectFault } from "../../test/standins/control";
import { startAllStandIns } from "../../test/standins/node/all";
import type { StandIn } from "../../test/standins/node/server";
import { bundleWorker, startBundledWorker, type BundledWorker } from "./bundled-worker";
import { openSubscriber } from "./event-stream";
import { feedHealth, feedsLive, LIVE_TOKEN, liveLighterBindings } from "./feeds-live";
import { percentile, round2 } from "./stats";
import { sleep } from "./steady-rate";

/** One of the Lighter stand-in's on-demand accounts: no history for the feed to reconcile. */
const LIGHTER_ACCOUNT = 170_000;
/** The venue's latency on its order path: the fixed 20 ms. */
const VENUE_LATENCY_MS = 20;
/** Enough delayed answers for any run: the fault is queued once per venue. */
const EVERY_REQUEST = Number.MAX_SAFE_INTEGER;
/** Each round: two orders per venue (a buy and a sell), one pair per execution. */
const ROUNDS = 20;
/** Unmeasured rounds first: the desks' first orders read market rules and warm their objects. */
const WARMUP_ROUNDS = 3;
const PAIR = { asset: "ETH", size: "0.2", long_venue: "lighter", short_venue: "hyperliquid", max_slippage_bps: 50 } as const;
/** The board refreshes a venue a second (FUNDING_REFRESH_STEP_SECONDS=1): three steps and some. */
const BOARD_DEADLINE_MS = 30_000;
/** A Lighter leg's fill event arrives within a block of its answer; this is only a guard against a hang. */
const FILL_DEADLINE_MS = 5_000;
/** A pair refused for a feed down is asked again at most this often before the run gives up. */
const FEED_DOWN_RETRIES = 3;
const TARGET_PARALLEL = 1.3;
const TARGET_SEQUENTIAL = 2.3;

type Side = "buy" | "sell";

/** What one leg order looks like on each venue, from the pair desk's preview. */
interface LegPrices {
  /** Lighter's integers per side (market 0, ETH). */
  lighter: Record<Side, { base_amount: string; price: string }>;
  /** Hyperliquid's size and IOC limit per side (coin ETH). */
  hyperliquid: Record<Side, { size: string; price: string }>;
}

interface PreviewLeg {
  size: string;
  limit_price: string;
  integer_units: { base_amount: string; price: string } | null;
}

/** A pair as `POST /arb/pairs` (and its close) answers it, or the refusal. */
interface PairAnswer {
  state?: string;
  legs_answered_at?: number | null;
  error?: { details?: { verdicts?: Record<string, { ok: boolean }> } };
}

/**
 * One call to the gateway, its answer read in full: `json` is the body as the route documents it (T),
 * undefined when it is not JSON; `text` is what a failure prints.
 */
async function call<T>(base: URL, method: string, path: string, body?: unknown): Promise<{ status: number; json: T | undefined; text: string }> {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { Authorization: `Bearer ${LIVE_TOKEN}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: T | undefined;
  try {
    json = JSON.parse(text) as T;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Waits until the funding board lists the pair's asset on both of its venues. */
async function boardReady(base: URL): Promise<void> {
  const deadline = performance.now() + BOARD_DEADLINE_MS;
  let last = "";
  while (performance.now() < deadline) {
    const answer = await call<{ venues?: Array<{ venue: string }> }>(base, "GET", `/markets/funding/${PAIR.asset}`);
    last = answer.text;
    const venues = new Set((answer.json?.venues ?? []).map((row) => row.venue));
    if (venues.has(PAIR.long_venue) && venues.has(PAIR.short_venue)) return;
    await sleep(200);
  }
  throw new Error(`the funding board does not list ${PAIR.asset} on both venues after ${BOARD_DEADLINE_MS} ms: ${last.slice(0, 600)}`);
}

/** The pair's legs as the desk would send them, checked to be allowed. */
async function preview(base: URL, body: Record<string, unknown>): Promise<{ long: PreviewLeg; short: PreviewLeg }> {
  const answer = await call<{ allowed?: boolean; legs: { long: PreviewLeg; short: PreviewLeg } }>(base, "POST", "/arb/preview", body);
  if (answer.status !== 200 || answer.json?.allowed !== true) throw new Error(`the preview does not allow the pair: ${answer.status} ${answer.text}`);
  return answer.json.legs;
}

/** Both sides on both venues: the pair's preview and its mirror (long Hyperliquid, short Lighter). */
async function legPrices(base: URL): Promise<LegPrices> {
  const pair = await preview(base, PAIR);
  const mirror = await preview(base, { ...PAIR, long_venue: PAIR.short_venue, short_venue: PAIR.long_venue });
  const units = (leg: PreviewLeg) => {
    if (leg.integer_units === null) throw new Error(`the Lighter leg has no integer units: ${JSON.stringify(leg)}`);
    return leg.integer_units;
  };
  return {
    lighter: { buy: units(pair.long), sell: units(mirror.short) },
    hyperliquid: { buy: { size: mirror.long.size, price: mirror.long.limit_price }, sell: { size: pair.short.size, price: pair.short.limit_price } },
  };
}

/** Whether a pair_not_allowed answer names a feed that is not live among its failed verdicts. */
function refusedForFeed(answer: PairAnswer | undefined): boolean {
  const verdicts = answer?.error?.details?.verdicts ?? {};
  return verdicts.long_feed?.ok === false || verdicts.short_feed?.ok === false;
}

/** Connects of both feeds so far: each one after the first is a reconnection. */
async function feedConnects(base: URL): Promise<number> {
  const feeds = await feedHealth(base);
  return (feeds.lighter?.status?.connects ?? 0) + (feeds.hyperliquid?.status?.connects ?? 0);
}

/** A `/ws/events?type=fill` subscriber that tells a waiter when the fill of its client id arrives. */
class FillWatch {
  private readonly waiting = new Map<string, () => void>();

  constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as { payload?: { client_id?: unknown } };
      const clientId = frame.payload?.client_id;
      if (typeof clientId !== "string") return; // control frames, and fills of orders without a client id
      this.waiting.get(clientId)?.();
      this.waiting.delete(clientId);
    });
  }

  /** Resolves when a fill with `clientId` arrives; call before sending the order. */
  fillOf(clientId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(clientId);
        reject(new Error(`no fill event for client id ${clientId} within ${FILL_DEADLINE_MS} ms`));
      }, FILL_DEADLINE_MS);
      this.waiting.set(clientId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** The round trips of one run, in milliseconds. */
class Samples {
  private readonly byName = new Map<string, number[]>();

  add(name: string, ms: number): void {
    const list = this.byName.get(name) ?? [];
    list.push(ms);
    this.byName.set(name, list);
  }

  at(name: string, p: number): number {
    return round2(percentile([...(this.byName.get(name) ?? [])].sort((a, b) => a - b), p));
  }
}

/** The bench's own orders and pairs, with ids no other run of it uses. */
class Trader {
  private nextClientOrderIndex = randomInt(1, 2 ** 40);
  private nextCloid = BigInt(`0x${randomBytes(8).toString("hex")}`) << 64n;
  private readonly runId = randomBytes(4).toString("hex");
  private pairs = 0;
  /** Pairs refused because a venue's feed was down: nothing was sent for them. */
  refusedFeedDown = 0;

  constructor(
    private readonly base: URL,
    private readonly prices: LegPrices,
    private readonly fills: FillWatch,
  ) {}

  /** One Lighter IOC through the gateway, until its answer and its fill event are both in. */
  async lighterLeg(side: Side): Promise<number> {
    const clientOrderIndex = (this.nextClientOrderIndex += 1);
    const { base_amount, price } = this.prices.lighter[side];
    const order = { market_index: 0, client_order_index: clientOrderIndex, base_amount, price, is_ask: side === "sell", order_type: "limit", time_in_force: "ioc", order_expiry: 0 };
    const start = performance.now();
    const filled = this.fills.fillOf(String(clientOrderIndex));
    const answer = await call(this.base, "POST", "/orders/lighter", order);
    if (answer.status !== 200) {
      filled.catch(() => undefined); // no fill is coming: the run stops on the refusal, not on its timeout
      throw new Error(`a Lighter IOC was refused: ${answer.status} ${answer.text}`);
    }
    await filled;
    return performance.now() - start;
  }

  /** One Hyperliquid IOC through the gateway, until its answer (which states the fill). */
  async hyperliquidLeg(side: Side): Promise<number> {
    this.nextCloid += 1n;
    const { size, price } = this.prices.hyperliquid[side];
    const order = { coin: PAIR.asset, is_buy: side === "buy", size, price, order_type: "limit", time_in_force: "ioc", reduce_only: false, cloid: `0x${this.nextCloid.toString(16).padStart(32, "0")}` };
    const start = performance.now();
    const answer = await call<{ result?: { status?: string } }>(this.base, "POST", "/orders/hyperliquid", order);
    const ms = performance.now() - start;
    if (answer.status !== 200 || answer.json?.result?.status !== "filled") throw new Error(`a Hyperliquid IOC did not fill: ${answer.status} ${answer.text}`);
    return ms;
  }

  /**
   * Opens a pair and closes it again: the time of each call, and from the open's request to both legs
   * answered (the pair's `legs_answered_at`, stamped by the desk; the same wall clock, to the millisecond).
   */
  async pair(execution: "parallel" | "sequential"): Promise<{ openMs: number; legsMs: number; closeMs: number }> {
    for (let attempt = 0; ; attempt += 1) {
      const pairId = `bench-${this.runId}-${(this.pairs += 1)}`;
      const requestedAt = Date.now();
      let start = performance.now();
      const opened = await call<PairAnswer>(this.base, "POST", "/arb/pairs", { ...PAIR, pair_id: pairId, execution });
      const openMs = performance.now() - start;
      if (opened.status === 422 && refusedForFeed(opened.json) && attempt < FEED_DOWN_RETRIES) {
        this.refusedFeedDown += 1;
        await feedsLive(this.base, [PAIR.long_venue, PAIR.short_venue]);
        continue;
      }
      if (opened.status !== 200 || opened.json?.state !== "open") throw new Error(`a ${execution} pair did not open: ${opened.status} ${opened.text}`);
      start = performance.now();
      const closed = await call<PairAnswer>(this.base, "POST", `/arb/pairs/${pairId}/close`);
      const closeMs = performance.now() - start;
      if (closed.status !== 200 || closed.json?.state !== "closed") throw new Error(`a ${execution} pair did not close: ${closed.status} ${closed.text}`);
      return { openMs, legsMs: (opened.json?.legs_answered_at ?? Number.NaN) - requestedAt, closeMs };
    }
  }

  /**
   * A buy and a sell on each venue, then a pair of each execution with its close. The single legs come
   * first and net to nothing: a pair's reduce-only exits must find the account holding the pair alone.
   */
  async round(samples: Samples): Promise<void> {
    for (const side of ["buy", "sell"] as const) samples.add("leg_lighter", await this.lighterLeg(side));
    for (const side of ["buy", "sell"] as const) samples.add("leg_hyperliquid", await this.hyperliquidLeg(side));
    for (const execution of ["parallel", "sequential"] as const) {
      const { openMs, legsMs, closeMs } = await this.pair(execution);
      samples.add(`pair_open_${execution}`, openMs);
      samples.add(`pair_legs_${execution}`, legsMs);
      samples.add("pair_close", closeMs);
    }
  }
}

export async function run(): Promise<Record<string, number>> {
  const bundle = bundleWorker();
  let standIns: StandIn[] = [];
  let gateway: BundledWorker | undefined;
  let fills: FillWatch | undefined;
  try {
    standIns = await startAllStandIns({ lighter: 0, hyperliquid: 0, grvt: 0 });
    const [lighter, hyperliquid, grvt] = standIns;
    if (lighter === undefined || hyperliquid === undefined || grvt === undefined) throw new Error("stand-ins did not start");
    await injectFault(lighter.url, "/api/v1/sendTx", { kind: "delay", ms: VENUE_LATENCY_MS }, EVERY_REQUEST);
    await injectFault(hyperliquid.url, "/exchange", { kind: "delay", ms: VENUE_LATENCY_MS }, EVERY_REQUEST);
    gateway = await startBundledWorker(bundle.outdir, {
      ...liveLighterBindings(lighter.url, LIGHTER_ACCOUNT),
      HYPERLIQUID_AGENT_PRIVATE_KEY: HYPERLIQUID_DEFAULT_AGENT_KEY,
      HYPERLIQUID_ACCOUNT_ADDRESS: HYPERLIQUID_DEFAULT_USER,
      HYPERLIQUID_NETWORK: "mainnet",
      HYPERLIQUID_API_URL: hyperliquid.url,
      GRVT_MARKET_DATA_URL: grvt.url,
      FUNDING_REFRESH_STEP_SECONDS: "1",
    });
    await feedsLive(gateway.url, ["lighter", "hyperliquid"]);
    await boardReady(gateway.url);
    fills = new FillWatch(await openSubscriber(new URL("/ws/events?type=fill", gateway.url).href.replace(/^http/, "ws"), LIVE_TOKEN));
    const trader = new Trader(gateway.url, await legPrices(gateway.url), fills);

    for (let i = 0; i < WARMUP_ROUNDS; i += 1) await trader.round(new Samples());
    const samples = new Samples();
    const connectsBefore = await feedConnects(gateway.url);
    const refusedBefore = trader.refusedFeedDown;
    for (let i = 0; i < ROUNDS; i += 1) await trader.round(samples);
    const reconnects = (await feedConnects(gateway.url)) - connectsBefore;

    const lighterP50 = samples.at("leg_lighter", 50);
    const hyperliquidP50 = samples.at("leg_hyperliquid", 50);
    const slowest = Math.max(lighterP50, hyperliquidP50);
    const parallel = samples.at("pair_open_parallel", 50);
    const sequential = samples.at("pair_open_sequential", 50);
    const parallelRatio = round2(parallel / slowest);
    const sequentialRatio = round2(sequential / slowest);
    console.error(
      `arb-open: parallel ${parallel} ms = ${parallelRatio}× the slowest leg (${slowest} ms; target ≤ ${TARGET_PARALLEL}×: ${parallelRatio <= TARGET_PARALLEL ? "met" : "missed"}), ` +
        `sequential ${sequential} ms = ${sequentialRatio}× (target ≤ ${TARGET_SEQUENTIAL}×: ${sequentialRatio <= TARGET_SEQUENTIAL ? "met" : "missed"})`,
    );
    return {
      arb_venue_latency_ms: VENUE_LATENCY_MS,
      leg_lighter_p50_ms: lighterP50,
      leg_lighter_p99_ms: samples.at("leg_lighter", 99),
      leg_hyperliquid_p50_ms: hyperliquidP50,
      leg_hyperliquid_p99_ms: samples.at("leg_hyperliquid", 99),
      leg_slowest_p50_ms: slowest,
      pair_open_parallel_p50_ms: parallel,
      pair_open_parallel_p99_ms: samples.at("pair_open_parallel", 99),
      pair_open_sequential_p50_ms: sequential,
      pair_open_sequential_p99_ms: samples.at("pair_open_sequential", 99),
      // The targets, both against one leg's round trip: the slower venue's p50.
      pair_open_parallel_over_slowest_leg: parallelRatio,
      pair_open_sequential_over_slowest_leg: sequentialRatio,
      // Sequential is one leg after the other: against their sum, what the desk adds on top.
      pair_open_sequential_over_leg_sum: round2(sequential / (lighterP50 + hyperliquidP50)),
      // The issue's own measure, "from POST /arb/pairs to both legs answered": without the reconciliation's
      // decision and the answer built after it (fills, funding, marks read back for the view).
      pair_legs_answered_parallel_p50_ms: samples.at("pair_legs_parallel", 50),
      pair_legs_answered_sequential_p50_ms: samples.at("pair_legs_sequential", 50),
      pair_legs_answered_parallel_over_slowest_leg: round2(samples.at("pair_legs_parallel", 50) / slowest),
      pair_legs_answered_sequential_over_slowest_leg: round2(samples.at("pair_legs_sequential", 50) / slowest),
      pair_close_p50_ms: samples.at("pair_close", 50),
      // Feed sockets lost and reopened during the measured rounds (both feeds), and pairs refused meanwhile.
      arb_open_feed_reconnects: reconnects,
      arb_open_pairs_refused_feed_down: trader.refusedFeedDown - refusedBefore,
      // Other processes share this machine: the 1-minute load average puts the figures in context.
      arb_open_loadavg_1m: round2(loadavg()[0] ?? 0),
    };
  } finally {
    fills?.socket.terminate();
    await gateway?.dispose();
    await Promise.all(standIns.map((standIn) => standIn.close()));
    bundle.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run()));
}
