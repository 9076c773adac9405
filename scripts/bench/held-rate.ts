/**
 * "Holds N per second with p99 ≤ X": the latency figures of a rate offered open-loop. One run of a few
 * seconds on this shared 2-core VM is at the mercy of a single stall (a 50 ms one moves p99 of a 4 s run
 * by itself), so the rate is offered in several runs and the median run's figures are reported, with the
 * worst p99 beside them. The same is measured against a Worker that only answers "ok" (the floor): what
 * the machine, workerd and the load generator cost before the gateway does anything.
 */
import { startFloorWorker } from "./bundled-worker";
import type { LoadRequest } from "./load";
import { startLoadGenerator, type LoadGenerator } from "./load-generator";
import { median, round2 } from "./stats";

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
  return {
    p50: round2(median(runs.map((r) => r.p50))),
    p99: round2(median(runs.map((r) => r.p99))),
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
