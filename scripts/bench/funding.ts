/**
 * Funding board: warm-read throughput and latency of `GET /markets/funding`, and the time and
 * subrequests of a full refresh, with the bundled Worker under Miniflare directly (platform NOTES §9.3)
 * against the venue stand-ins on loopback. GRVT lists 100 extra perpetuals (105 in all, 3 slices), so
 * the refresh is shaped like production's, and it keeps running (1 s steps) while the reads are measured.
 * Target on this 2-core machine: ≥ 2,000 reads/s, p99 ≤ 10 ms: reported as the most a closed loop gets
 * through and the latency at 2,000 reads/s offered open-loop (held-rate.ts), beside the floor.
 */
import { loadavg } from "node:os";
import { bundleWorker, startBundledWorker, type BundledWorker } from "./bundled-worker";
import { floorAt, heldAt, type HeldRatePlan } from "./held-rate";
import type { LoadRequest } from "./load";
import { startLoadGenerator, type LoadGenerator } from "./load-generator";
import { startStandInsProcess, type StandInsProcess } from "./standins-process";
import { round2 } from "./stats";

const READS = Number(process.env.FUNDING_READS ?? 6_000);
const WARMUP_READS = 300;
const CONCURRENCY = Number(process.env.FUNDING_CONCURRENCY ?? 8);
const HELD: HeldRatePlan = { rate: 2_000, seconds: 4, runs: 3 };
const EXTRA_GRVT_INSTRUMENTS = 100;
/** Upper bound on waiting for a full refresh (1 s per step, 5 steps expected). */
const REFRESH_DEADLINE_MS = 30_000;

interface BoardSummary {
  refresh: { max_subrequests_per_step: number };
  venues: Array<{ venue: string; status: string; markets: number }>;
}

async function upstreamRequests(urls: string[]): Promise<number> {
  const logs = await Promise.all(urls.map(async (url) => (await (await fetch(`${url}/__control/requests`)).json()) as Array<{ path: string }>));
  return logs.flat().filter((r) => !r.path.startsWith("/__")).length;
}

/** From the first (cold) read until every venue is fresh and every GRVT instrument is on the board. */
async function fullRefresh(base: URL, grvtInstruments: number): Promise<{ ms: number; maxPerStep: number }> {
  const start = performance.now();
  while (performance.now() - start < REFRESH_DEADLINE_MS) {
    const board = (await (await fetch(new URL("/markets/funding", base))).json()) as BoardSummary;
    const grvt = board.venues.find((v) => v.venue === "grvt");
    if (board.venues.every((v) => v.status === "ok") && grvt?.markets === grvtInstruments) {
      return { ms: Math.round(performance.now() - start), maxPerStep: board.refresh.max_subrequests_per_step };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the board did not complete a refresh within ${REFRESH_DEADLINE_MS} ms`);
}

export async function run(): Promise<Record<string, number>> {
  const bundle = bundleWorker();
  let standIns: StandInsProcess | undefined;
  let worker: BundledWorker | undefined;
  let generator: LoadGenerator | undefined;
  try {
    standIns = await startStandInsProcess();
    const { lighter, hyperliquid, grvt } = standIns.urls;
    await fetch(`${grvt}/__standin/instruments`, { method: "POST", body: JSON.stringify({ extra: EXTRA_GRVT_INSTRUMENTS }) });
    worker = await startBundledWorker(bundle.outdir, {
      GATEWAY_TOKEN: "bench-gateway-token-0123456789",
      HYPERLIQUID_API_URL: hyperliquid,
      LIGHTER_BASE_URL: lighter,
      LIGHTER_CHAIN_ID: "304",
      GRVT_MARKET_DATA_URL: grvt,
      FUNDING_REFRESH_STEP_SECONDS: "1",
    });
    const refresh = await fullRefresh(worker.url, 5 + EXTRA_GRVT_INSTRUMENTS);
    const subrequests = await upstreamRequests([lighter, hyperliquid, grvt]);
    const read: LoadRequest = { method: "GET", url: new URL("/markets/funding", worker.url).href };
    const reads = (count: number) => Array.from({ length: count }, () => read);
    generator = await startLoadGenerator();
    await generator.closedLoop(reads(WARMUP_READS), CONCURRENCY);
    const warm = await generator.closedLoop(reads(READS), CONCURRENCY);
    const held = await heldAt(generator, HELD, (_run, count) => reads(count));
    await generator.close();
    generator = undefined;
    await worker.dispose();
    worker = undefined;
    const floor = await floorAt(HELD);
    const at = `funding_read_at_${HELD.rate}_per_s`;
    return {
      funding_read_max_per_s: warm.perSecond,
      funding_read_errors: warm.errors + held.errors,
      [`${at}_p50_ms`]: held.p50,
      [`${at}_p99_ms`]: held.p99,
      [`${at}_p99_worst_ms`]: held.p99Worst,
      [`${at}_floor_p99_ms`]: floor.p99,
      // Wall time from a cold read to a complete board: 5 steps spaced 1 s apart (FUNDING_REFRESH_STEP_SECONDS=1).
      funding_refresh_cycle_ms: refresh.ms,
      funding_refresh_subrequests: subrequests,
      funding_refresh_max_subrequests_per_step: refresh.maxPerStep,
      // Other processes share this machine: the 1-minute load average puts the figures in context.
      funding_bench_loadavg_1m: round2(loadavg()[0] ?? 0),
    };
  } finally {
    await generator?.close();
    await worker?.dispose();
    await standIns?.close();
    bundle.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run()));
}
