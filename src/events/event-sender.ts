/**
 * Sends a Durable Object's events (a desk's orders, a feed's fills) to the EventHub in order, without
 * making the sender wait for it. Events that arrive within `gatherMs` of the first, or while a call to
 * the hub is in flight, go together in the next call (`publishAll`), so a busy desk makes one hub call
 * and one hub write per batch rather than per order. A hub that fails costs the events of that call
 * (logged), never an order.
 */
import type { EventInput } from "./event-types";

export interface EventHubLike {
  publishAll(events: EventInput[]): Promise<{ seqs: number[] }>;
}

/** A cap so one call stays well inside the hub's limits (a frame is a few KiB; an RPC may carry 32 MiB). */
const MAX_BATCH = 100;
/**
 * How long the first event of a call waits for others to join it. Each hub call costs an RPC, a
 * validation, a SQL write and a commit whatever its size; at 500 orders/s this window makes it one call
 * per ~5 orders instead of one or two, and events still reach subscribers within milliseconds.
 */
const GATHER_MS = 10;

export class EventSender {
  private readonly queue: EventInput[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly hub: () => EventHubLike,
    private readonly gatherMs = GATHER_MS,
  ) {}

  /** Queues the event; the returned promise settles when it (and all before it) were handed to the hub. */
  send(event: EventInput): Promise<void> {
    this.queue.push(event);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      if (this.queue.length < MAX_BATCH && this.gatherMs > 0) await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.hub().publishAll(batch);
      } catch (error) {
        console.error(JSON.stringify({ event: "publish_failed", events: batch.length, message: error instanceof Error ? error.message : String(error) }));
      }
    }
  }
}
