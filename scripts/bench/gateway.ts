/**
 * Gateway throughput: orders per second and latency through the bundled Worker (Miniflare direct) to the
 * Lighter stand-in on loopback, which verifies every signature and enforces nonce order as Lighter does.
 * Live mode, so every order is signed by the desk, sent, verified and answered. Measured with one API key
 * and with two (the desk sends on each key's lane in nonce order, so two keys overlap two sends).
 * Target on this 2-core machine: ≥ 500 orders/s with two keys, p99 ≤ 25 ms, zero errors.
 */
import { startLighterStandIn, STANDIN_PRIVATE_KEY } from "../../test/standins/node/lighter";
import { bundleWorker, startBundledWorker } from "./bundled-worker";

const TOKEN = "bench-gateway-token-0123456789";
/** Orders in flight at once (a few bots trading concurrently). */
const CONCURRENCY = Number(process.env.GATEWAY_CONCURRENCY ?? 8);
const ORDERS = Number(process.env.GATEWAY_ORDERS ?? 2_000);
const WARMUP_ORDERS = 50;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const round2 = (n: number) => Math.round(n * 100) / 100;

interface Figures {
  ordersPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(base: URL, count: number, firstIndex: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  async function worker(): Promise<void> {
    while (next < count) {
      const i = next++;
      const body = JSON.stringify({ market_index: 0, client_order_index: firstIndex + i, base_amount: 1000, is_ask: i % 2 === 0, order_type: "limit", price: 350000 });
      const t0 = performance.now();
      const res = await fetch(new URL("/orders/lighter", base), { method: "POST", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) errors += 1;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { ordersPerSecond: Math.round(count / seconds), p50: round2(percentile(latencies, 50)), p99: round2(percentile(latencies, 99)), errors };
}

export async function run(): Promise<Record<string, number>> {
  const bundle = bundleWorker();
  const lighter = await startLighterStandIn(0);
  const results: Record<string, number> = {};
  try {
    for (const [label, lastKey, account] of [["1key", 3, 150_001], ["2keys", 4, 150_002]] as const) {
      const gateway = await startBundledWorker(bundle.outdir, {
        GATEWAY_TOKEN: TOKEN,
        LIGHTER_PRIVATE_KEY: STANDIN_PRIVATE_KEY,
        LIGHTER_BASE_URL: lighter.url,
        LIGHTER_CHAIN_ID: "304",
        TRADING_MODE: "live",
        LIGHTER_ACCOUNT_INDEX: String(account),
        LIGHTER_API_KEY_INDEX: "3",
        LIGHTER_MAX_API_KEY_INDEX: String(lastKey),
      });
      try {
        await load(gateway.url, WARMUP_ORDERS, 1);
        const figures = await load(gateway.url, ORDERS, 1_000);
        results[`gateway_${label}_orders_per_s`] = figures.ordersPerSecond;
        results[`gateway_${label}_p50_ms`] = figures.p50;
        results[`gateway_${label}_p99_ms`] = figures.p99;
        results[`gateway_${label}_errors`] = figures.errors;
      } finally {
        await gateway.dispose();
      }
    }
  } finally {
    await lighter.close();
    bundle.remove();
  }
  return results;
}
