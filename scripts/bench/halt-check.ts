/**
 * The halt check's cost on the order path (issue #13): what an opening order pays at a desk's halt gate
 * (`admit`, then `signing` around the send: a flag read, an in-flight count and the awaits), as a median
 * per order, beside what one order may take at 500 orders/s (2,000 µs). A share far below the gateway
 * bench's run-to-run spread (tens of percent on this machine) is "no measurable change in orders/s".
 * The gateway modules run with the gate in place, as deployed.
 */
import { loadavg } from "node:os";
import { HaltGate } from "../../src/safety/halt-gate.js";
import { NEVER_HALTED } from "../../src/safety/halt-state.js";
import { round2 } from "./stats.js";

/** The gate's storage is read only on a cold start; the order path never touches it. */
const NO_STORAGE = { exec: () => ({ toArray: () => [], one: () => undefined }) } as unknown as SqlStorage;

const ORDERS = 200_000;
const SAMPLES = 7;
const PER_ORDER_AT_500_PER_S_US = 2_000;

async function perOrderMicros(gate: HaltGate): Promise<number> {
  const opening = {};
  const send = async () => 1;
  const start = performance.now();
  for (let i = 0; i < ORDERS; i += 1) {
    await gate.admit(opening);
    await gate.signing(opening, send);
  }
  return ((performance.now() - start) * 1000) / ORDERS;
}

/** The same awaits with no gate: what the loop itself costs. */
async function floorMicros(): Promise<number> {
  const send = async () => 1;
  const start = performance.now();
  for (let i = 0; i < ORDERS; i += 1) {
    await Promise.resolve();
    await send();
  }
  return ((performance.now() - start) * 1000) / ORDERS;
}

export async function run(): Promise<Record<string, number>> {
  const gate = new HaltGate(NO_STORAGE, async () => NEVER_HALTED);
  await gate.set(NEVER_HALTED);
  const gated: number[] = [];
  const floor: number[] = [];
  for (let s = 0; s < SAMPLES; s += 1) {
    gated.push(await perOrderMicros(gate));
    floor.push(await floorMicros());
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
  const perOrder = Math.max(0, median(gated) - median(floor));
  const thousandths = (n: number) => Math.round(n * 1000) / 1000;
  return {
    halt_check_us_per_order: thousandths(perOrder),
    halt_check_loop_floor_us: thousandths(median(floor)),
    halt_check_share_of_order_at_500_per_s_pct: thousandths((perOrder / PER_ORDER_AT_500_PER_S_US) * 100),
    halt_check_loadavg_1m: round2(loadavg()[0] ?? 0),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run()));
}
