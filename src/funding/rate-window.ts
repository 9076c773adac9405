/**
 * A sliding one-minute window of calls per key: keeps on-demand history fetches inside each venue's
 * rate limit on top of the refresh traffic (in memory: the board is a single Durable Object instance).
 */
const WINDOW_MS = 60_000;

export class RateWindow<K extends string> {
  private readonly calls = new Map<K, number[]>();
  constructor(private readonly perMinute: Readonly<Record<K, number>>) {}

  /** Claims a call for `key` at `now`, or says no when the last minute is full. */
  tryTake(key: K, now: number): boolean {
    const recent = (this.calls.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
    if (recent.length >= this.perMinute[key]) {
      this.calls.set(key, recent);
      return false;
    }
    recent.push(now);
    this.calls.set(key, recent);
    return true;
  }

  limit(key: K): number {
    return this.perMinute[key];
  }
}
