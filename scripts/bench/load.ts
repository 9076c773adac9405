/**
 * HTTP load loops for the benchmarks, run inside the load generator's own process (load-generator.ts).
 * Node's http client with keep-alive rather than fetch: the load generator shares the two cores with the
 * Worker, and undici's fetch costs about twice the CPU.
 */
import { request, type Agent } from "node:http";
import { percentile, round2 } from "./stats";

export interface LoadFigures {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Every answered request's latency in ms, ascending. */
  latencies: number[];
}

/** Plain data, so that it can cross to the load generator's process. */
export interface LoadRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Most requests in flight at once in the open loop (also the connection pool's size). */
export const MAX_IN_FLIGHT = 256;

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

function figures(latencies: number[], seconds: number, errors: number): LoadFigures {
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round(latencies.length / seconds),
    p50: round2(percentile(latencies, 50)),
    p99: round2(percentile(latencies, 99)),
    max: round2(latencies.at(-1) ?? Number.NaN),
    errors,
    latencies,
  };
}

/**
 * Closed loop: `concurrency` clients each send the next request as soon as their previous one is
 * answered. Every answer but a 200 counts as an error.
 */
export async function closedLoop(agent: Agent, requests: readonly LoadRequest[], concurrency: number): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  async function client(): Promise<void> {
    while (next < requests.length) {
      const req = requests[next]!;
      next += 1;
      const t0 = performance.now();
      const status = await send(req, agent).catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status !== 200) errors += 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  return figures(latencies, (performance.now() - start) / 1000, errors);
}

/**
 * Open loop: the requests at `rate` per second, each sent at its scheduled time whether or not earlier
 * ones were answered. Latency is counted from the scheduled time, so a stall shows as the delay every
 * waiting request saw (no coordinated omission). This is the figure for "holds N per second".
 */
export async function openLoop(agent: Agent, requests: readonly LoadRequest[], rate: number): Promise<LoadFigures> {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  const start = performance.now();
  for (const [i, req] of requests.entries()) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const sent: Promise<void> = send(req, agent).then(
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
  return figures(latencies, (performance.now() - start) / 1000, errors);
}
