/**
 * "Holds N per second with p99 ≤ X": the latency figures of a rate offered open-loop. The rate is offered
 * in several runs after a warm-up; p50 and p99 are taken over every request of those runs together, and
 * the worst single run's p99 is reported beside them: on this shared 2-core VM one 4 s run is at the
 * mercy of a single stall (a 50 ms one moves its p99 by itself). The same is measured against a Worker
 * that only answers "ok" (the floor): what the machine, workerd and the load generator cost before the
 * gateway does anything.
 */
import { startFloorWorker } from "./bundled-worker";
import type { LoadRequest } from "./load";
import { startLoadGenerator, type LoadGenerator } from "./load-generator";
import { percentile, round2 } from "./stats";

export interface HeldFigures {
  p50: number;
  p99: number;
  p99Worst: number;
  errors: number;
}

export interface HeldRatePlan {
  rate: number;
  seconds: number;
  runs: number;
}

/** The requests of one run (`run` counts from 0; run −1 is the warm-up). */
export type RunRequests = (run: number, count: number) => LoadRequest[];

/** A warm-up run fills the connection pool to what the rate needs, then `plan.runs` measured runs. */
export async function heldAt(generator: LoadGenerator, plan: HeldRatePlan, requestsFor: RunRequests): Promise<HeldFigures> {
  const count = Math.round(plan.rate * plan.seconds);
  await generator.openLoop(requestsFor(-1, plan.rate), plan.rate);
  const runs = [];
  for (let run = 0; run < plan.runs; run += 1) runs.push(await generator.openLoop(requestsFor(run, count), plan.rate));
  const all = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    p50: round2(percentile(all, 50)),
    p99: round2(percentile(all, 99)),
    p99Worst: Math.max(...runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** The same plan against the "ok" Worker. */
export async function floorAt(plan: HeldRatePlan): Promise<HeldFigures> {
  const worker = await startFloorWorker();
  const generator = await startLoadGenerator();
  try {
    const read: LoadRequest = { method: "GET", url: new URL("/", worker.url).href };
    return await heldAt(generator, plan, (_run, count) => Array.from({ length: count }, () => read));
  } finally {
    await generator.close();
    await worker.dispose();
  }
}
