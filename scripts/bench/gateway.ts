/**
 * Gateway throughput: orders per second and latency through the bundled Worker (Miniflare direct) to the
 * Lighter stand-in on loopback, which verifies every signature and enforces nonce order as Lighter does.
 * Live mode, so every order is signed by the desk, sent, verified, answered and published as an event.
 * Measured with one API key and with two (the desk sends on each key's lane in nonce order, so two keys
 * overlap two sends). Target on this 2-core machine: ≥ 500 orders/s with two keys, p99 ≤ 25 ms, zero
 * errors. Two figures: the most a closed loop of CONCURRENCY clients gets through, and the latency at
 * 500 orders/s offered open-loop (held-rate.ts), beside the floor.
 */
import { STANDIN_PRIVATE_KEY } from "../../test/standins/node/lighter";
import { bundleWorker, startBundledWorker, storageVariants, withStorageIn } from "./bundled-worker";
import { floorAt, heldAt, type HeldRatePlan } from "./held-rate";
import type { LoadRequest } from "./load";
import { startLoadGenerator } from "./load-generator";
import { startStandInsProcess } from "./standins-process";

const TOKEN = "bench-gateway-token-0123456789";
/** Closed loop for the maximum rate: orders in flight at once (a few bots trading concurrently). */
const CONCURRENCY = Number(process.env.GATEWAY_CONCURRENCY ?? 8);
const ORDERS = Number(process.env.GATEWAY_ORDERS ?? 2_000);
const WARMUP_ORDERS = 50;
/** GATEWAY_ONLY=2keys_tmpfs (comma-separated labels) runs just those, e.g. while working on one figure. */
const ONLY = process.env.GATEWAY_ONLY?.split(",");
const HELD: HeldRatePlan = { rate: 500, seconds: 4, runs: 3 };
/** Each phase's client_order_index range starts here (indices must not repeat within a desk). */
const PHASE_STRIDE = 1_000_000;

/** `count` orders from `firstIndex` on: a fresh client_order_index each, alternating sides. */
function orders(base: URL, firstIndex: number, count: number): LoadRequest[] {
  const url = new URL("/orders/lighter", base).href;
  return Array.from({ length: count }, (_, i) => ({
    method: "POST",
    url,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ market_index: 0, client_order_index: firstIndex + i, base_amount: 1000, is_ask: i % 2 === 0, order_type: "limit", price: 350000 }),
  }));
}

export async function run(): Promise<Record<string, number>> {
  const bundle = bundleWorker();
  const standIns = await startStandInsProcess();
  const generator = await startLoadGenerator();
  const results: Record<string, number> = {};
  // The two-key run is repeated with the storage on tmpfs (bundled-worker.ts says why).
  const [disk, tmpfs] = storageVariants();
  const runs = [
    { label: "1key", lastKey: 3, account: 150_001, storage: disk },
    { label: "2keys", lastKey: 4, account: 150_002, storage: disk },
    ...(tmpfs === undefined ? [] : [{ label: "2keys_tmpfs", lastKey: 4, account: 150_003, storage: tmpfs }]),
  ].filter((r) => ONLY === undefined || ONLY.includes(r.label));
  try {
    for (const { label, lastKey, account, storage } of runs) {
      const gateway = await withStorageIn(storage?.tmpdir, () => startBundledWorker(bundle.outdir, {
        GATEWAY_TOKEN: TOKEN,
        LIGHTER_PRIVATE_KEY: STANDIN_PRIVATE_KEY,
        LIGHTER_BASE_URL: standIns.urls.lighter,
        LIGHTER_CHAIN_ID: "304",
        TRADING_MODE: "live",
        // Off, as before feeds existed: the order path's figures stay comparable with earlier runs (fill-path.ts measures the feed).
        ACCOUNT_FEEDS: "off",
        LIGHTER_ACCOUNT_INDEX: String(account),
        LIGHTER_API_KEY_INDEX: "3",
        LIGHTER_MAX_API_KEY_INDEX: String(lastKey),
      }));
      try {
        await generator.closedLoop(orders(gateway.url, 1, WARMUP_ORDERS), CONCURRENCY);
        const max = await generator.closedLoop(orders(gateway.url, PHASE_STRIDE, ORDERS), CONCURRENCY);
        results[`gateway_${label}_max_orders_per_s`] = max.perSecond;
        results[`gateway_${label}_errors`] = max.errors;
        // Warm-up run −1 and the measured runs 0, 1, … each get their own index range.
        const held = await heldAt(generator, HELD, (run, count) => orders(gateway.url, (run + 3) * PHASE_STRIDE, count));
        const at = `gateway_${label}_at_${HELD.rate}_per_s`;
        results[`${at}_p50_ms`] = held.p50;
        results[`${at}_p99_ms`] = held.p99;
        results[`${at}_p99_worst_ms`] = held.p99Worst;
        results[`${at}_errors`] = held.errors;
      } finally {
        await gateway.dispose();
      }
    }
  } finally {
    await generator.close();
    await standIns.close();
    bundle.remove();
  }
  results[`gateway_at_${HELD.rate}_per_s_floor_p99_ms`] = (await floorAt(HELD)).p99;
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run()));
}
