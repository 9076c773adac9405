/**
 * Gateway throughput: orders per second and latency through the bundled Worker (Miniflare direct) to the
 * Lighter stand-in on loopback, which verifies every signature and enforces nonce order as Lighter does.
 * Live mode, so every order is signed by the desk, sent, verified and answered. Measured with one API key
 * and with two (the desk sends on each key's lane in nonce order, so two keys overlap two sends).
 * Target on this 2-core machine: ≥ 500 orders/s with two keys, p99 ≤ 25 ms, zero errors.
 */
import { startLighterStandIn, STANDIN_PRIVATE_KEY } from "../../test/standins/node/lighter";
import { bundleWorker, startBundledWorker } from "./bundled-worker";
import { measureLoad } from "./load";

const TOKEN = "bench-gateway-token-0123456789";
/** Orders in flight at once (a few bots trading concurrently). */
const CONCURRENCY = Number(process.env.GATEWAY_CONCURRENCY ?? 8);
const ORDERS = Number(process.env.GATEWAY_ORDERS ?? 2_000);
const WARMUP_ORDERS = 50;

/** The i-th order: a fresh client_order_index each, alternating sides. */
function order(base: URL, firstIndex: number) {
  return (i: number) =>
    ({
      method: "POST",
      url: new URL("/orders/lighter", base),
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ market_index: 0, client_order_index: firstIndex + i, base_amount: 1000, is_ask: i % 2 === 0, order_type: "limit", price: 350000 }),
    }) as const;
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
        await measureLoad(WARMUP_ORDERS, CONCURRENCY, order(gateway.url, 1));
        const figures = await measureLoad(ORDERS, CONCURRENCY, order(gateway.url, 1_000));
        results[`gateway_${label}_orders_per_s`] = figures.perSecond;
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
