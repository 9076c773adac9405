/**
 * Fan-out benchmark of the event stream: N WebSocket subscribers (Node `ws` clients on loopback) on
 * `/ws/events` of the bundled Worker run by Miniflare directly (wrangler dev adds a proxy that costs ~8×,
 * platform NOTES §9.3), while events are published at a steady rate through the EventHub RPC.
 *
 * Publishing uses a Durable Object stub obtained from the Miniflare instance, so the production Worker
 * needs no publish route. Each event carries its publish time; a subscriber's latency is receive time
 * minus publish time (one clock: the same Node process). Every subscriber checks that seqs arrive
 * consecutively; anything missing, duplicated or out of order counts as lost.
 *
 * Figures: latency p50/p99 (ms) and deliveries per second at the target load (1,000 subscribers × 20
 * events/s), lost messages, and the highest rate (events/s, same subscribers) held with no loss and
 * p99 ≤ 100 ms, stepping the rate up until a step fails.
 */
import type WebSocket from "ws";
import { bundleWorker, startBundledWorker, type BundledWorker } from "./bundled-worker";
import { clockMs, eventHubOf, openSubscriber, type HubPublisher } from "./event-stream";
import { percentile, round2 } from "./stats";
import { atSteadyRate, sleep } from "./steady-rate";

const SUBSCRIBERS = Number(process.env.FANOUT_SUBSCRIBERS ?? 1_000);
const TARGET_RATE = 20; // events per second
const TARGET_SECONDS = 5;
const STEP_RATES = [40, 80, 160, 320];
const STEP_SECONDS = 3;
const P99_LIMIT_MS = 100;
/** How long after the last publish a round waits for stragglers before counting them lost. */
const DRAIN_MS = 3_000;
/** Connections opened at once while setting up (the hub accepts them one at a time anyway). */
const CONNECT_BATCH = 50;
const TOKEN = "bench-gateway-token-0123456789";
/**
 * Whether clients offer permessage-deflate (browsers do; bots usually can choose). workerd accepts the
 * offer and then deflates every frame once per socket: locally that tripled the client-side CPU per
 * message, so the headline figures are taken without it. FANOUT_DEFLATE=1 measures with it.
 */
const COMPRESSION = process.env.FANOUT_DEFLATE === "1";

interface Round {
  rate: number;
  p50: number;
  p99: number;
  msgsPerSecond: number;
  lost: number;
}

class Client {
  /** The seq the next event frame must carry; undefined until the first one arrives. */
  private expected: number | undefined;
  received = 0;
  lost = 0;

  constructor(
    readonly socket: WebSocket,
    private readonly latencies: number[],
  ) {
    socket.on("message", (data) => this.onMessage(data.toString()));
  }

  startRound(firstSeq: number): void {
    this.expected = firstSeq;
    this.received = 0;
    this.lost = 0;
  }

  private onMessage(text: string): void {
    const now = clockMs();
    const frame = JSON.parse(text) as { seq?: number; payload?: { request?: { t?: number } } };
    if (typeof frame.seq !== "number" || this.expected === undefined) return;
    if (frame.seq !== this.expected) this.lost += Math.abs(frame.seq - this.expected);
    this.expected = frame.seq + 1;
    this.received += 1;
    this.latencies.push(now - (frame.payload?.request?.t ?? now));
  }
}

async function connect(url: string, latencies: number[]): Promise<Client> {
  return new Client(await openSubscriber(url, TOKEN, COMPRESSION), latencies);
}

async function runRound(
  hub: HubPublisher,
  clients: Client[],
  latencies: number[],
  rate: number,
  seconds: number,
  nextSeq: number,
): Promise<Round & { nextSeq: number }> {
  latencies.length = 0;
  for (const c of clients) c.startRound(nextSeq);
  const count = rate * seconds;
  const start = performance.now();
  const publishes = await atSteadyRate(rate, count, (i) =>
    hub.publish({ type: "order", venue: "lighter", payload: { request: { t: clockMs(), i }, response: { code: 200 } }, created_at: new Date().toISOString() }),
  );
  await Promise.all(publishes);
  const expected = clients.length * count;
  const deadline = performance.now() + DRAIN_MS;
  while (clients.reduce((n, c) => n + c.received, 0) < expected && performance.now() < deadline) await sleep(20);
  const elapsed = (performance.now() - start) / 1000;

  const received = clients.reduce((n, c) => n + c.received, 0);
  const lost = clients.reduce((n, c) => n + c.lost, 0) + (expected - received);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rate,
    p50: round2(percentile(sorted, 50)),
    p99: round2(percentile(sorted, 99)),
    msgsPerSecond: Math.round(received / elapsed),
    lost,
    nextSeq: nextSeq + count,
  };
}

export async function run(): Promise<Record<string, number>> {
  const bundle = bundleWorker();
  let gateway: BundledWorker | undefined;
  const clients: Client[] = [];
  try {
    gateway = await startBundledWorker(bundle.outdir, { GATEWAY_TOKEN: TOKEN });
    const { mf, url: base } = gateway;
    const hub = await eventHubOf(mf);
    // The first event creates the hub; its seq is where the rounds start counting.
    const warmup = await hub.publish({ type: "order", venue: "lighter", payload: { request: null, response: null }, created_at: new Date().toISOString() });

    const latencies: number[] = [];
    const url = new URL("/ws/events", base).href.replace(/^http/, "ws");
    for (let i = 0; i < SUBSCRIBERS; i += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, SUBSCRIBERS - i) }, () => connect(url, latencies));
      clients.push(...(await Promise.all(batch)));
    }

    let nextSeq = warmup.seq + 1;
    const target = await runRound(hub, clients, latencies, TARGET_RATE, TARGET_SECONDS, nextSeq);
    nextSeq = target.nextSeq;
    const held = (r: Round) => r.lost === 0 && r.p99 <= P99_LIMIT_MS;
    let maxHeld = held(target) ? TARGET_RATE : 0;
    if (held(target)) {
      for (const rate of STEP_RATES) {
        const step = await runRound(hub, clients, latencies, rate, STEP_SECONDS, nextSeq);
        nextSeq = step.nextSeq;
        console.error(`fanout: ${SUBSCRIBERS} subscribers × ${rate} events/s: p50 ${step.p50} ms, p99 ${step.p99} ms, lost ${step.lost}`);
        if (!held(step)) break;
        maxHeld = rate;
      }
    }
    return {
      fanout_deflate: COMPRESSION ? 1 : 0,
      fanout_subscribers: SUBSCRIBERS,
      fanout_events_per_s: TARGET_RATE,
      fanout_p50_ms: target.p50,
      fanout_p99_ms: target.p99,
      fanout_msgs_per_s: target.msgsPerSecond,
      fanout_lost: target.lost,
      fanout_max_events_per_s_held: maxHeld,
    };
  } finally {
    for (const c of clients) c.socket.terminate();
    await gateway?.dispose();
    bundle.remove();
  }
}
