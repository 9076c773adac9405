/**
 * Median time per call in microseconds. Each sample times a batch of calls (so sub-microsecond
 * operations are measurable with performance.now()); the median of the samples is robust to GC pauses
 * and the other processes sharing this machine.
 */
export function medianMicros(fn: () => unknown, options: { batch: number; samples: number; warmup?: number }): number {
  const { batch, samples } = options;
  for (let i = 0; i < (options.warmup ?? batch * 3); i++) fn();
  const perCall: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) fn();
    perCall.push(((performance.now() - start) * 1000) / batch);
  }
  perCall.sort((a, b) => a - b);
  const mid = perCall.length >> 1;
  const median = perCall.length % 2 ? perCall[mid]! : (perCall[mid - 1]! + perCall[mid]!) / 2;
  return Math.round(median * 1000) / 1000;
}
