/**
 * Fill path (issue #12): from the Lighter stand-in pushing a fill frame on the account's socket to a
 * `/ws/events?type=fill` subscriber receiving the `fill` event, at 100 fills/s; beside it, in the same
 * run, the hub's own publish→subscriber latency at the same rate to the same subscriber; and the CPU
 * workerd spends per fill.
 *
 * The path: stand-in → account WebSocket → AccountFeed DO (parse, store under the trade id, publish) →
 * EventHub DO (validate, log, send) → the subscriber's socket. The gateway is the bundled Worker run by
 * Miniflare directly (bundled-worker.ts), live on Lighter with ACCOUNT_FEEDS on. The Lighter stand-in
 * runs in this process, so a push and its receipt are read from one clock (event-stream.ts). A push is
 * the stand-in's trade control called in-process (lighter.ts `trade`), which builds the trade and writes
 * its frames to the socket before it returns; the time is read just before the call, so the engine's
 * bookkeeping is inside the figure and no HTTP round trip is. Each fill event is matched to its push by
 * trade id; whatever has not arrived DRAIN_MS after the last push is lost.
 *
 * Reference: the same fill event (the first one the feed published, under a trade id of the bench's)
 * published through the hub's RPC from Miniflare as fanout.ts does (one loopback hop into workerd, as
 * the stand-in's frame is). Target: fill p99 ≤ 25 ms, or within 1.5× the hub's p99.
 *
 * CPU: workerd's CPU time (process-cpu.ts) across the fill run, per fill. One process hosts the Worker,
 * the feed DO and the hub, so the figure is "workerd CPU per fill (Worker + feed DO + hub)". An idle
 * stretch as long as the run, without pushes, just before it, is the baseline (pings, alarms, the
 * runtime's own housekeeping): the figure is reported as measured and net of it. Beside it, workerd's CPU
 * per reference event (Miniflare's RPC proxy worker + the hub), measured the same way.
 */
import { loadavg } from "node:os";
import type WebSocket from "ws";
import { startLighterStandIn, type LighterStandIn } from "../../test/standins/node/lighter";
import { bundleWorker, startBundledWorker, type BundledWorker } from "./bundled-worker";
import { clockMs, eventHubOf, openSubscriber, type HubPublisher } from "./event-stream";
import { feedsLive, LIVE_TOKEN, liveLighterBindings } from "./feeds-live";
import { cpuMs, newWorkerd, workerdChildren } from "./process-cpu";
import { percentile, round2 } from "./stats";
import { atSteadyRate, sleep } from "./steady-rate";

/** One of the stand-in's on-demand accounts: no history for the feed to reconcile before it is live. */
const ACCOUNT = 160_000;
const RATE = 100; // fills (and reference events) per second
const SECONDS = 10;
const WARMUP = 100;
/** How long after the last push a round waits for stragglers before counting them lost. */
const DRAIN_MS = 3_000;
const TARGET_P99_MS = 25;
const TARGET_OVER_HUB = 1.5;
/** 0.01 BTC against the house, sides alternating so the position stays within one fill of flat. */
const FILL = { account_index: ACCOUNT, market_id: 1, size: "0.01000", price: "97000.0" };

/** One round's sends matched with what the subscriber received, by id. */
class Deliveries {
  private readonly sentAt = new Map<string, number>();
  private readonly received = new Set<string>();
  readonly latencies: number[] = [];
  duplicated = 0;

  sent(id: string, at: number): void {
    this.sentAt.set(id, at);
  }

  receive(id: string, at: number): void {
    const sentAt = this.sentAt.get(id);
    if (sentAt === undefined) return; // another round's
    if (this.received.has(id)) {
      this.duplicated += 1;
      return;
    }
    this.received.add(id);
    this.latencies.push(at - sentAt);
  }

  get missing(): number {
    return this.sentAt.size - this.received.size;
  }
}

interface Round {
  p50: number;
  p99: number;
  missing: number;
  duplicated: number;
  /** From the first send until everything arrived (or the drain gave up). */
  windowMs: number;
}

/** The subscriber: hands each fill event's trade id to the round under way, and keeps the first payload. */
class FillSubscriber {
  current: Deliveries | undefined;
  /** The first fill event's payload, which the reference republishes. */
  template: Record<string, unknown> | undefined;

  constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const at = clockMs();
      const frame = JSON.parse(data.toString()) as { seq?: number; payload?: Record<string, unknown> };
      // Control frames (status, gap, error) carry no seq.
      if (typeof frame.seq !== "number" || typeof frame.payload?.trade_id !== "string") return;
      this.template ??= frame.payload;
      this.current?.receive(frame.payload.trade_id, at);
    });
  }

  /** Sends `count` at RATE (each `send` reports its id and send time to the round), then drains. */
  async round(count: number, send: (deliveries: Deliveries, i: number) => unknown): Promise<Round> {
    const deliveries = new Deliveries();
    this.current = deliveries;
    const start = performance.now();
    await Promise.all(await atSteadyRate(RATE, count, (i) => send(deliveries, i)));
    const deadline = performance.now() + DRAIN_MS;
    while (deliveries.missing > 0 && performance.now() < deadline) await sleep(2);
    const windowMs = performance.now() - start;
    const sorted = [...deliveries.latencies].sort((a, b) => a - b);
    return { p50: round2(percentile(sorted, 50)), p99: round2(percentile(sorted, 99)), missing: deliveries.missing, duplicated: deliveries.duplicated, windowMs };
  }
}

/** Pushes fills at the stand-in, timed just before each push. */
function pushFill(lighter: LighterStandIn): (deliveries: Deliveries, i: number) => void {
  return (deliveries, i) => {
    const at = clockMs();
    const outcome = lighter.trade({ ...FILL, side: i % 2 === 0 ? "buy" : "sell" });
    if ("error" in outcome) throw new Error(`the stand-in refused a trade: ${outcome.error}`);
    deliveries.sent(outcome.ok.trade_id_str, at);
  };
}

/** Publishes the template fill through the hub under the trade id `<prefix>-<i>`, timed just before each publish. */
function publishFill(hub: HubPublisher, template: Record<string, unknown>, prefix: string): (deliveries: Deliveries, i: number) => Promise<unknown> {
  return (deliveries, i) => {
    const id = `${prefix}-${i}`;
    const event = { type: "fill", venue: "lighter", payload: { ...template, trade_id: id }, created_at: new Date().toISOString() };
    deliveries.sent(id, clockMs());
    return hub.publish(event);
  };
}

export async function run(): Promise<Record<string, number>> {
  const bundle = bundleWorker();
  let lighter: LighterStandIn | undefined;
  let gateway: BundledWorker | undefined;
  let subscriber: FillSubscriber | undefined;
  try {
    lighter = await startLighterStandIn(0);
    const before = workerdChildren();
    gateway = await startBundledWorker(bundle.outdir, {
      ...liveLighterBindings(lighter.url, ACCOUNT),
    });
    const workerd = newWorkerd(before);
    await feedsLive(gateway.url, ["lighter"]);
    subscriber = new FillSubscriber(await openSubscriber(new URL("/ws/events?type=fill", gateway.url).href.replace(/^http/, "ws"), LIVE_TOKEN));
    const hub = await eventHubOf(gateway.mf);

    const push = pushFill(lighter);
    const warm = await subscriber.round(WARMUP, push);
    const template = subscriber.template;
    if (template === undefined) throw new Error(`no fill event arrived for ${WARMUP} pushed fills (${warm.missing} missing)`);
    await subscriber.round(WARMUP, publishFill(hub, template, "hub-warmup"));

    const count = RATE * SECONDS;
    const idleFrom = cpuMs(workerd);
    await sleep(SECONDS * 1000);
    const idleMsPerS = (cpuMs(workerd) - idleFrom) / SECONDS;
    const cpuFrom = cpuMs(workerd);
    const fills = await subscriber.round(count, push);
    const cpuPerFillUs = ((cpuMs(workerd) - cpuFrom) * 1000) / count;
    const idlePerFillUs = (idleMsPerS * fills.windowMs) / count;
    const hubCpuFrom = cpuMs(workerd);
    const reference = await subscriber.round(count, publishFill(hub, template, "hub"));
    const hubCpuPerEventUs = ((cpuMs(workerd) - hubCpuFrom) * 1000) / count;

    const overHub = round2(fills.p99 / reference.p99);
    const met = fills.p99 <= TARGET_P99_MS || overHub <= TARGET_OVER_HUB;
    console.error(`fill-path: p99 ${fills.p99} ms, hub ${reference.p99} ms (${overHub}×): target (≤ ${TARGET_P99_MS} ms or ≤ ${TARGET_OVER_HUB}× the hub) ${met ? "met" : "missed"}`);
    return {
      fill_path_fills_per_s: RATE,
      fill_p50_ms: fills.p50,
      fill_p99_ms: fills.p99,
      hub_p50_ms: reference.p50,
      hub_p99_ms: reference.p99,
      fill_p99_over_hub_p99: overHub,
      fills_lost: fills.missing,
      fills_duplicated: fills.duplicated,
      hub_lost: reference.missing + reference.duplicated,
      fill_workerd_cpu_us_per_fill: Math.round(cpuPerFillUs),
      fill_workerd_cpu_us_per_fill_net: Math.round(cpuPerFillUs - idlePerFillUs),
      fill_workerd_idle_cpu_ms_per_s: round2(idleMsPerS),
      hub_workerd_cpu_us_per_event: Math.round(hubCpuPerEventUs),
      // Other processes share this machine: the 1-minute load average puts the figures in context.
      fill_path_loadavg_1m: round2(loadavg()[0] ?? 0),
    };
  } finally {
    subscriber?.socket.terminate();
    await gateway?.dispose();
    await lighter?.close();
    bundle.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run()));
}
