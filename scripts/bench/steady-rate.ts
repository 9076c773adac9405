/** Acting at a steady rate in this process, for the benchmarks that drive a stream open-loop. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `act(0)` … `act(count − 1)` at `rate` per second, each at its due time, and answers what the
 * calls returned. A call that returns a promise is not awaited: a steady rate must not slow down when
 * one call takes longer.
 */
export async function atSteadyRate<T>(rate: number, count: number, act: (i: number) => T): Promise<T[]> {
  const interval = 1000 / rate;
  const start = performance.now();
  const results: T[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    results.push(act(i));
  }
  return results;
}
