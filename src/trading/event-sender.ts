/**
 * Sends the desk's order events to the EventHub in order, without making any order wait for it. Events
 * that arrive while a call to the hub is in flight go together in the next call (`publishAll`), so a busy
 * desk makes one hub call and one hub write per batch rather than per order. A hub that fails costs the
 * events of that call (logged), never an order.
 */
import type { OrderEventInput } from "../events/event-hub";

export interface EventHubLike {
  publishAll(events: OrderEventInput[]): Promise<{ seqs: number[] }>;
}

/** A cap so one call stays well inside the hub's limits (a frame is a few KiB; an RPC may carry 32 MiB). */
const MAX_BATCH = 100;

export class EventSender {
  private readonly queue: OrderEventInput[] = [];
  private draining: Promise<void> | undefined;

  constructor(private readonly hub: () => EventHubLike) {}

  /** Queues the event; the returned promise settles when it (and all before it) were handed to the hub. */
  send(event: OrderEventInput): Promise<void> {
    this.queue.push(event);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.hub().publishAll(batch);
      } catch (error) {
        console.error(JSON.stringify({ event: "publish_failed", events: batch.length, message: error instanceof Error ? error.message : String(error) }));
      }
    }
  }
}
