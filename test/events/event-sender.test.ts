import { afterEach, describe, expect, it, vi } from "vitest";
import type { OrderEventInput } from "../../src/events/event-hub";
import { EventSender } from "../../src/events/event-sender";

function event(n: number): OrderEventInput {
  return { type: "order", venue: "lighter", payload: { request: { n }, response: null }, created_at: "2026-11-24T00:00:00.000Z" };
}

/** A hub whose calls the test releases one by one. */
function slowHub() {
  const calls: number[][] = [];
  const releases: Array<() => void> = [];
  let failNext = false;
  return {
    calls,
    releaseNext: () => releases.shift()?.(),
    failNextCall: () => (failNext = true),
    hub: {
      publishAll: (events: OrderEventInput[]) => {
        calls.push(events.map((e) => (e.payload.request as { n: number }).n));
        const fail = failNext;
        failNext = false;
        return new Promise<{ seqs: number[] }>((resolve, reject) => releases.push(() => (fail ? reject(new Error("hub down")) : resolve({ seqs: [] }))));
      },
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("EventSender", () => {
  afterEach(() => vi.restoreAllMocks());

  it("sends in order, batching what arrives while a call is in flight", async () => {
    const h = slowHub();
    const sender = new EventSender(() => h.hub, 0);
    const done = [sender.send(event(1))];
    await settle();
    done.push(sender.send(event(2)), sender.send(event(3)));
    h.releaseNext();
    await settle();
    h.releaseNext();
    await Promise.all(done);
    expect(h.calls).toEqual([[1], [2, 3]]);
  });

  it("logs a failed call, drops only its events and goes on with the next ones", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const h = slowHub();
    const sender = new EventSender(() => h.hub, 0);
    h.failNextCall();
    const first = sender.send(event(1));
    await settle();
    const second = sender.send(event(2));
    h.releaseNext();
    await settle();
    h.releaseNext();
    await Promise.all([first, second]);
    expect(h.calls).toEqual([[1], [2]]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).toContain("hub down");
  });

  it("waits the gather window, so events sent within it go in one call", async () => {
    const h = slowHub();
    const sender = new EventSender(() => h.hub, 30);
    const done = [sender.send(event(1))];
    await settle();
    expect(h.calls).toEqual([]);
    done.push(sender.send(event(2)));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(h.calls).toEqual([[1, 2]]);
    done.push(sender.send(event(3)));
    h.releaseNext();
    await new Promise((resolve) => setTimeout(resolve, 60));
    h.releaseNext();
    await Promise.all(done);
    expect(h.calls).toEqual([[1, 2], [3]]);
  });
});
