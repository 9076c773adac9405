/**
 * Hyperliquid orders through the gateway: orders per second and latency of `POST /orders/hyperliquid`
 * through the bundled Worker (Miniflare direct) to the Hyperliquid stand-in on loopback, which recovers
 * the signer of every action and checks its nonce, price, size, the $10 minimum and the margin as the
 * venue does. Live mode, so every order is validated against `meta`, signed by the desk (one Durable
 * Object per agent signer), sent, answered, recorded by cloid and published as an event.
 *
 * The orders are BTC limit GTC orders that rest and never fill (buy 0.001 at 90000, sell 0.001 at 105000,
 * around the stand-in's book at ~97010), each with a fresh cloid; each holds ~$5 of the account's $1M
 * margin, so thousands stay accepted, and the stand-in is reset before the latency runs anyway.
 *
 * Run with Miniflare's storage on disk and again on tmpfs (`hl_gateway_tmpfs_*`; bundled-worker.ts says
 * why). Targets (issue 11, "Speed"): ≥ 200 orders/s from a closed loop of 8 clients, p99 ≤ 25 ms at 100 orders/s
 * offered open-loop (held-rate.ts), zero errors; reported beside the "ok" Worker floor of the same plan
 * in the same run, and the 1-minute load average (the machine is shared).
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import {
  HYPERLIQUID_DEFAULT_AGENT_KEY,
  HYPERLIQUID_DEFAULT_USER,
  hyperliquidState,
  type HyperliquidStandInAction,
} from "../../test/standins/hyperliquid-control";
import { bundleWorker, startBundledWorker, storageVariants, withStorageIn, type BundledWorker } from "./bundled-worker";
import { floorAt, heldAt, type HeldRatePlan } from "./held-rate";
import type { LoadRequest } from "./load";
import { startLoadGenerator } from "./load-generator";
import { startStandInsProcess } from "./standins-process";
import { round2 } from "./stats";

const TOKEN = "bench-gateway-token-0123456789";
/** Closed loop for the maximum rate: orders in flight at once (a few bots trading concurrently). */
const CONCURRENCY = Number(process.env.HL_GATEWAY_CONCURRENCY ?? 8);
const ORDERS = Number(process.env.HL_GATEWAY_ORDERS ?? 2_000);
const WARMUP_ORDERS = 50;
const HELD: HeldRatePlan = { rate: 100, seconds: 4, runs: 3 };
/** Phases of the run, each with a cloid range of its own (cloids must never repeat within a desk). */
const PHASE = { probe: 1, warmup: 2, max: 3, held: 10 } as const;

/**
 * A cloid unique across phases and across runs of this benchmark: a random 8-hex run prefix, the
 * phase in 8 hex, the order's index in 16 hex.
 */
function cloidOf(runPrefix: string, phase: number, index: number): string {
  return `0x${runPrefix}${phase.toString(16).padStart(8, "0")}${index.toString(16).padStart(16, "0")}`;
}

/** The body of one order: alternate sides, both resting well away from the book. */
function orderBody(cloid: string, index: number): string {
  const buy = index % 2 === 0;
  return JSON.stringify({ coin: "BTC", is_buy: buy, size: "0.001", price: buy ? "90000" : "105000", order_type: "limit", time_in_force: "gtc", reduce_only: false, cloid });
}

function orders(base: URL, runPrefix: string, phase: number, count: number): LoadRequest[] {
  const url = new URL("/orders/hyperliquid", base).href;
  const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
  return Array.from({ length: count }, (_, i) => ({ method: "POST", url, headers, body: orderBody(cloidOf(runPrefix, phase, i), i) }));
}

/** One order sent from here, its answer read in full: the run's check that orders really rest. */
async function probe(base: URL, runPrefix: string, index: number): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL("/orders/hyperliquid", base), {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: orderBody(cloidOf(runPrefix, PHASE.probe, index), index),
  });
  return { status: response.status, body: await response.text() };
}

let diagnosed = false;

/**
 * Once per run, after a phase that counted errors: the first action the stand-in refused (its own
 * answer), and what a fresh order answers now. The load generator keeps statuses, not bodies.
 */
async function diagnose(phase: string, gateway: BundledWorker, standInUrl: string, runPrefix: string): Promise<void> {
  if (diagnosed) return;
  diagnosed = true;
  const state = await hyperliquidState(standInUrl, HYPERLIQUID_DEFAULT_USER);
  const refused = state.actions.find((action: HyperliquidStandInAction) => JSON.stringify(action.response).includes('"error"') || JSON.stringify(action.response).includes('"err"'));
  console.error(`hl gateway: errors in ${phase}; first action the stand-in refused: ${refused === undefined ? "none" : JSON.stringify(refused.response)}`);
  const again = await probe(gateway.url, runPrefix, 1_000_000);
  console.error(`hl gateway: an order now answers ${again.status}: ${again.body.slice(0, 600)}`);
}

async function resetStandIn(standInUrl: string): Promise<void> {
  const response = await fetch(new URL("/__control/reset", standInUrl), { method: "POST" });
  if (!response.ok) throw new Error(`Hyperliquid stand-in reset: ${response.status} ${await response.text()}`);
}

export async function run(): Promise<Record<string, number>> {
  const bundle = bundleWorker();
  const standIns = await startStandInsProcess();
  const generator = await startLoadGenerator();
  const standInUrl = standIns.urls.hyperliquid;
  const runPrefix = randomBytes(4).toString("hex");
  const results: Record<string, number> = {};
  diagnosed = false;
  try {
    for (const { suffix, tmpdir } of storageVariants()) {
      const name = (figure: string) => `hl_gateway${suffix}_${figure}`;
      const gateway = await withStorageIn(tmpdir, () =>
        startBundledWorker(bundle.outdir, {
          GATEWAY_TOKEN: TOKEN,
          TRADING_MODE: "live",
          // Off, as before feeds existed: the order path's figures stay comparable with earlier runs (fill-path.ts measures the feed).
          ACCOUNT_FEEDS: "off",
          HYPERLIQUID_AGENT_PRIVATE_KEY: HYPERLIQUID_DEFAULT_AGENT_KEY,
          HYPERLIQUID_ACCOUNT_ADDRESS: HYPERLIQUID_DEFAULT_USER,
          HYPERLIQUID_NETWORK: "mainnet",
          HYPERLIQUID_API_URL: standInUrl,
        }),
      );
      try {
        // Each variant starts from the stand-in's initial state: its own resting orders only.
        await resetStandIn(standInUrl);
        const first = await probe(gateway.url, runPrefix, 0);
        if (first.status !== 200 || !first.body.includes('"resting"')) {
          console.error(`hl gateway: the first order did not rest: ${first.status} ${first.body.slice(0, 600)}`);
        }
        await generator.closedLoop(orders(gateway.url, runPrefix, PHASE.warmup, WARMUP_ORDERS), CONCURRENCY);
        const max = await generator.closedLoop(orders(gateway.url, runPrefix, PHASE.max, ORDERS), CONCURRENCY);
        results[name("max_orders_per_s")] = max.perSecond;
        results[name("errors")] = max.errors;
        if (max.errors > 0) await diagnose("the closed loop", gateway, standInUrl, runPrefix);
        // Every accepted order must be resting at the stand-in: a 200 that rested nothing would not count.
        const resting = (await hyperliquidState(standInUrl, HYPERLIQUID_DEFAULT_USER)).accounts.find((a) => a.address === HYPERLIQUID_DEFAULT_USER)?.openOrders.length ?? 0;
        const expected = 1 + WARMUP_ORDERS + ORDERS - max.errors;
        if (resting !== expected) console.error(`hl gateway: ${resting} orders rest at the stand-in, ${expected} expected`);

        // A fresh book and nonce set for the latency runs (the desk's nonces stay above the stand-in's).
        await resetStandIn(standInUrl);
        // Warm-up run −1 and the measured runs 0, 1, … each get their own cloid range.
        const held = await heldAt(generator, HELD, (run, count) => orders(gateway.url, runPrefix, PHASE.held + run + 1, count));
        const at = name(`at_${HELD.rate}_per_s`);
        results[`${at}_p50_ms`] = held.p50;
        results[`${at}_p99_ms`] = held.p99;
        results[`${at}_p99_worst_ms`] = held.p99Worst;
        results[`${at}_errors`] = held.errors;
        if (held.errors > 0) await diagnose(`the runs at ${HELD.rate}/s`, gateway, standInUrl, runPrefix);
      } finally {
        await gateway.dispose();
      }
    }
  } finally {
    await generator.close();
    await standIns.close();
    bundle.remove();
  }
  results[`hl_gateway_at_${HELD.rate}_per_s_floor_p99_ms`] = (await floorAt(HELD)).p99;
  // Other processes share this machine: the 1-minute load average puts the figures in context.
  results.hl_gateway_bench_loadavg_1m = round2(loadavg()[0] ?? 0);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run()));
}
