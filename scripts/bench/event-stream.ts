/**
 * What the event-stream benchmarks share: one clock for both ends of a latency, the EventHub reached
 * from outside the Worker, and a subscriber socket on `/ws/events`.
 */
import type { Miniflare } from "miniflare";
import WebSocket from "ws";
import { EVENT_HUB_NAME } from "../../src/events/hub-name";

/**
 * Epoch milliseconds with sub-millisecond resolution. A latency is a receive time minus a publish (or
 * push) time read in this same process, so both come from this one clock.
 */
export const clockMs = (): number => performance.timeOrigin + performance.now();

/** An event as the hub's publish RPC takes it (the hub's own types need the Worker type environment). */
export interface HubEvent {
  type: string;
  venue: string;
  payload: unknown;
  created_at: string;
}

/** The slice of the EventHub RPC the benchmarks call. */
export interface HubPublisher {
  publish(event: HubEvent): Promise<{ seq: number }>;
}

/**
 * The gateway's one hub, as a Durable Object stub from the Miniflare instance: the production Worker
 * needs no publish route for a benchmark to publish.
 */
export async function eventHubOf(mf: Miniflare): Promise<HubPublisher> {
  const ns = await mf.getDurableObjectNamespace("EVENT_HUB");
  // Miniflare's proxy types do not model RPC methods; the hub's publish(event) is what is called.
  const proxy = ns as unknown as { get(id: unknown): unknown; idFromName(name: string): unknown };
  return proxy.get(proxy.idFromName(EVENT_HUB_NAME)) as HubPublisher;
}

/**
 * A Node `ws` client subscribed at `url` (a `ws://…/ws/events` address, with its query), open. `deflate`:
 * whether it offers permessage-deflate (fanout.ts says why that matters).
 */
export async function openSubscriber(url: string, token: string, deflate = false): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: deflate, headers: { Authorization: `Bearer ${token}` } });
  await new Promise<void>((resolveOpen, reject) => {
    socket.once("open", () => resolveOpen());
    socket.once("error", reject);
    socket.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  return socket;
}
