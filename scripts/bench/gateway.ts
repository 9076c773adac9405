/**
 * Gateway throughput: orders per second and latency through the bundled Worker (Miniflare direct) to the
 * Lighter stand-in on loopback, which verifies every signature and enforces nonce order as Lighter does.
 * Live mode, so every order is signed by the desk, sent, verified and answered. Measured with one API key
 * and with two (the desk sends on each key's lane in nonce order, so two keys overlap two sends).
 * Target on this 2-core machine: ≥ 500 orders/s with two keys, p99 ≤ 25 ms, zero errors. Two figures:
 * the most a closed loop of CONCURRENCY clients gets through, and the latency at 500 orders/s offered
 * open-loop (a closed loop's latency only reflects how many requests it keeps queued).
 */
import { existsSync } from "node:fs";
import { startLighterStandIn, STANDIN_PRIVATE_KEY } from "../../test/standins/node/lighter";
import { bundleWorker, startBundledWorker } from "./bundled-worker";
import { measureLoad, measureRate } from "./load";

const TOKEN = "bench-gateway-token-0123456789";
/** Closed loop for the maximum rate: orders in flight at once (a few bots trading concurrently). */
const CONCURRENCY = Number(process.env.GATEWAY_CONCURRENCY ?? 8);
const ORDERS = Number(process.env.GATEWAY_ORDERS ?? 2_000);
const WARMUP_ORDERS = 50;
/** The target rate, offered open-loop (each order sent on schedule) to read the latency it is held at. */
const TARGET_RATE = 500;
const RATE_SECONDS = 4;
/**
 * Miniflare stores Durable Object SQLite files on disk and syncs every commit; on this VM those syncs,
 * not the gateway, set the ceiling. Production storage is not this disk, so the two-key run is repeated
 * with the storage on tmpfs to show what the gateway itself costs. Both figures are reported.
 */
const TMPFS = "/dev/shm";

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
  const defaultTmp = process.env.TMPDIR;
  const runs = [
    { label: "1key", lastKey: 3, account: 150_001, tmpdir: defaultTmp },
    { label: "2keys", lastKey: 4, account: 150_002, tmpdir: defaultTmp },
    ...(existsSync(TMPFS) ? [{ label: "2keys_tmpfs", lastKey: 4, account: 150_003, tmpdir: TMPFS }] : []),
  ];
  try {
    for (const { label, lastKey, account, tmpdir } of runs) {
      // Miniflare keeps Durable Object storage under the temporary directory.
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
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
        const max = await measureLoad(ORDERS, CONCURRENCY, order(gateway.url, 1_000));
        results[`gateway_${label}_max_orders_per_s`] = max.perSecond;
        results[`gateway_${label}_errors`] = max.errors;
        const held = await measureRate(TARGET_RATE, RATE_SECONDS, order(gateway.url, 1_000_000));
        results[`gateway_${label}_at_${TARGET_RATE}_per_s_p50_ms`] = held.p50;
        results[`gateway_${label}_at_${TARGET_RATE}_per_s_p99_ms`] = held.p99;
        results[`gateway_${label}_at_${TARGET_RATE}_per_s_errors`] = held.errors;
      } finally {
        await gateway.dispose();
      }
    }
  } finally {
    if (defaultTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = defaultTmp;
    await lighter.close();
    bundle.remove();
  }
  return results;
}
