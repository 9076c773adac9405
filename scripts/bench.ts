/**
 * `npm run bench`: runs each benchmark module in order, prints one line of figures per module, and as its
 * LAST line one JSON object merging all figures (medians in microseconds), for tools to parse.
 */
export {}; // a module, so top-level await is allowed

const MODULES: readonly string[] = ["./bench/signing.ts", "./bench/gateway.ts", "./bench/fanout.ts", "./bench/funding.ts"];

const merged: Record<string, number> = {};
for (const path of MODULES) {
  const mod = (await import(path)) as { run: () => Promise<Record<string, number>> };
  const figures = await mod.run();
  console.log(`${path}: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  Object.assign(merged, figures);
}
console.log(JSON.stringify(merged));
