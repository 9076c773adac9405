/**
 * `npm run bench`: runs each benchmark module in order, prints one line of figures per module, and as its
 * LAST line one JSON object merging all figures (medians in microseconds), for tools to parse.
 *
 * npm runs it as `node --no-memory-reducer`. This process holds wrangler and Miniflare (a heap of
 * ~150 MB), and V8's memory reducer ran a major collection of it about 12 s after each Worker started:
 * in the middle of the first latency runs, taking the cores workerd needed (a 23–32 ms pause plus the
 * collector's helper threads). With it on, the gateway configuration measured first missed its p99
 * target in 21 of 25 runs, and one measured after another met it in 15 of 16; with it off, the first
 * met it in 7 of 7. The flag only works on the command line, so run a single module the same way:
 * `node --no-memory-reducer --import tsx scripts/bench/gateway.ts`.
 */
export {}; // a module, so top-level await is allowed

const MODULES: readonly string[] = ["./bench/signing.ts", "./bench/hyperliquid-signing.ts", "./bench/gateway.ts", "./bench/halt-check.ts", "./bench/hyperliquid-gateway.ts", "./bench/fanout.ts", "./bench/fill-path.ts", "./bench/funding.ts", "./bench/arb-open.ts"];

const merged: Record<string, number> = {};
for (const path of MODULES) {
  const mod = (await import(path)) as { run: () => Promise<Record<string, number>> };
  const figures = await mod.run();
  console.log(`${path}: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  Object.assign(merged, figures);
}
console.log(JSON.stringify(merged));
