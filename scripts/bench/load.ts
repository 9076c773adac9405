/**
 * A closed-loop HTTP load generator for the benchmarks: `concurrency` clients each send the next request
 * as soon as their previous one is answered. Node's http client with keep-alive rather than fetch: the
 * load generator shares the two cores with the Worker, and undici's fetch costs about twice the CPU.
 */
import { Agent, request } from "node:http";

export interface LoadFigures {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface LoadRequest {
  method: "GET" | "POST";
  url: URL;
  headers?: Record<string, string>;
  body?: string;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
export const round2 = (n: number) => Math.round(n * 100) / 100;

function send(req: LoadRequest, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(req.url, { method: req.method, headers: req.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(req.body);
  });
}

/** Sends `count` requests (`make(i)` builds the i-th) and counts every answer but a 200 as an error. */
export async function measureLoad(count: number, concurrency: number, make: (i: number) => LoadRequest): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  async function client(): Promise<void> {
    while (next < count) {
      const req = make(next);
      next += 1;
      const t0 = performance.now();
      const status = await send(req, agent);
      latencies.push(performance.now() - t0);
      if (status !== 200) errors += 1;
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, client));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: Math.round(count / seconds), p50: round2(percentile(latencies, 50)), p99: round2(percentile(latencies, 99)), errors };
}

/**
 * Open loop: `rate` requests per second for `seconds`, each sent at its scheduled time whether or not
 * earlier ones were answered. Latency is counted from the scheduled time, so a stall shows as the delay
 * every waiting request saw (no coordinated omission). This is the figure for "holds N per second".
 */
export async function measureRate(rate: number, seconds: number, make: (i: number) => LoadRequest, maxInFlight = 256): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  const count = Math.round(rate * seconds);
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  const start = performance.now();
  try {
    for (let i = 0; i < count; i += 1) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const sent: Promise<void> = send(make(i), agent).then(
        (status) => {
          latencies.push(performance.now() - due);
          if (status !== 200) errors += 1;
        },
        () => {
          errors += 1;
        },
      );
      const tracked = sent.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  const seconds_ = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: Math.round(latencies.length / seconds_), p50: round2(percentile(latencies, 50)), p99: round2(percentile(latencies, 99)), errors };
}
