import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { EventInput, OrderEventInput } from "../../src/events/event-hub";
import { eventHub } from "../../src/events/hub";
import { alertEvent, orderEvent, publish, range, subscribe } from "./helpers";

/**
 * The rejection message of `publish(event)`. Called on the instance inside runInDurableObject: with pool
 * 0.15.x every rejecting RPC through a stub also leaks an unhandled rejection (workers-sdk#14736).
 */
function publishError(event: EventInput): Promise<string | null> {
  return runInDurableObject(eventHub(env), (hub) =>
    hub.publish(event).then(
      () => null,
      (err: Error) => `${err.name}: ${err.message}`,
    ),
  );
}

describe("publish (the RPC the account desk calls)", () => {
  it.each([
    ["venue", { venue: "Lighter!" }],
    ["created_at", { created_at: "2026-11-24T12:34:56Z" }],
    ["created_at", { created_at: "2026-11-24T12:34:56.789+01:00" }],
    ["type", { type: "trade" }],
    ["payload.response", { payload: { request: {} } }],
  ])("refuses an invalid %s with an error naming it, and uses no seq", async (field, overrides) => {
    const [before] = await publish(1);
    const bad = { ...orderEvent(), ...overrides } as unknown as OrderEventInput;
    expect(await publishError(bad)).toMatch(new RegExp(`^TypeError: Invalid event: ${field}: `));
    const [after] = await publish(1);
    expect(after).toBe(before! + 1);
  });

  it("refuses a payload that is not JSON (BigInt), and uses no seq", async () => {
    const [before] = await publish(1);
    const bad = orderEvent({ payload: { request: { amount: 10n }, response: null } });
    expect(await publishError(bad)).toMatch(/^TypeError: Invalid event: payload is not JSON-serializable/);
    const [after] = await publish(1);
    expect(after).toBe(before! + 1);
  });

  it("refuses an event larger than 1 MiB as JSON, and uses no seq", async () => {
    const [before] = await publish(1);
    const bad = orderEvent({ payload: { request: { memo: "x".repeat(1024 * 1024) }, response: null } });
    expect(await publishError(bad)).toMatch(/^RangeError: Invalid event: \d+ characters as JSON, the limit is 1048576$/);
    const [after] = await publish(1);
    expect(after).toBe(before! + 1);
  });

  it("accepts null as an explicit empty request or response", async () => {
    const { seq } = await eventHub(env).publish(orderEvent({ payload: { request: { n: 1 }, response: null } }));
    expect(seq).toBeGreaterThan(0);
  });

  it("publishes several events in order with consecutive seqs (publishAll)", async () => {
    const [before] = await publish(1);
    const watcher = await subscribe();
    const events = [orderEvent(), orderEvent(), orderEvent()];
    const { seqs } = await eventHub(env).publishAll(events);
    expect(seqs).toEqual(range(before! + 1, before! + 3));
    const frames = await watcher.waitForFrames(3, "the three events");
    expect(frames.map((frame) => frame.seq)).toEqual(seqs);
    expect(frames.map((frame) => (frame.payload as { request: unknown }).request)).toEqual(events.map((event) => event.payload.request));
    watcher.close();
  });

  it("refuses a whole batch with one invalid event, naming it, and uses no seq", async () => {
    const [before] = await publish(1);
    const bad = { ...orderEvent(), venue: "Lighter!" } as OrderEventInput;
    const message = await runInDurableObject(eventHub(env), (hub) =>
      hub.publishAll([orderEvent(), bad]).then(
        () => null,
        (err: Error) => err.message,
      ),
    );
    expect(message).toMatch(/^Invalid event: events\[1\]: venue: /);
    const [after] = await publish(1);
    expect(after).toBe(before! + 1);
  });

  it("publishes an alert event as it came, with seq first", async () => {
    const watcher = await subscribe();
    const event = alertEvent({ payload: { kind: "feed_down", subject: "hyperliquid", message: "Hyperliquid feed down for 90 s", details: { down_s: 90 }, suppressed: 2 } });
    const { seq } = await eventHub(env).publish(event);
    const [frame] = await watcher.waitForFrames(1, "the alert");
    expect(frame).toEqual({ seq, ...event });
    expect(Object.keys(frame!)).toEqual(["seq", "type", "venue", "payload", "created_at"]);
    expect(Object.keys(frame!.payload as object)).toEqual(["kind", "subject", "message", "details", "suppressed"]);
    watcher.close();
  });

  it("publishes orders and alerts together in one batch, in order", async () => {
    const [before] = await publish(1);
    const { seqs } = await eventHub(env).publishAll([orderEvent(), alertEvent(), orderEvent()]);
    expect(seqs).toEqual(range(before! + 1, before! + 3));
  });

  it.each([
    ["payload.kind", { kind: "meltdown" }],
    ["payload.subject", { subject: "" }],
    ["payload.message", { message: undefined }],
    ["payload.suppressed", { suppressed: -1 }],
    ["payload.suppressed", { suppressed: 1.5 }],
    ["payload.details", { details: ["not", "an", "object"] }],
    ["payload.request", { request: {} }],
  ])("refuses an alert with an invalid %s, naming it, and uses no seq", async (field, payload) => {
    const [before] = await publish(1);
    const event = alertEvent();
    const bad = { ...event, payload: { ...event.payload, ...payload } } as unknown as EventInput;
    expect(await publishError(bad)).toMatch(new RegExp(`^TypeError: Invalid event: ${field.replace(".", "\\.")}: `));
    const [after] = await publish(1);
    expect(after).toBe(before! + 1);
  });

  it("refuses an order payload under type alert and an alert payload under type order", async () => {
    const order = orderEvent();
    const alert = alertEvent();
    expect(await publishError({ ...order, type: "alert" } as unknown as EventInput)).toMatch(/^TypeError: Invalid event: payload\.kind: /);
    expect(await publishError({ ...alert, type: "order" } as unknown as EventInput)).toMatch(/^TypeError: Invalid event: payload\.request: /);
  });
});
