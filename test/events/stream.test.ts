import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { eventHub } from "../../src/events/hub";
import type { Subscription } from "../../src/events/subscription";
import { orderEvent, publish, range, subscribe } from "./helpers";

describe("live stream", () => {
  it("gives two subscribers the same events, in the same order, with seq rising by one", async () => {
    const a = await subscribe();
    const b = await subscribe();
    const events = [orderEvent(), orderEvent({ venue: "hyperliquid" }), orderEvent()];
    const seqs: number[] = [];
    for (const event of events) seqs.push((await eventHub(env).publish(event)).seq);

    expect(seqs).toEqual(range(seqs[0]!, seqs[0]! + 2));
    const framesA = await a.waitForFrames(3);
    const framesB = await b.waitForFrames(3);
    expect(framesA.map((f) => f.seq)).toEqual(seqs);
    expect(framesB).toEqual(framesA);
    // The original shape, with seq and type added (and seq first on the wire).
    expect(framesA[1]).toEqual({ seq: seqs[1], ...events[1] });
    expect(Object.keys(framesA[0]!)).toEqual(["seq", "type", "venue", "payload", "created_at"]);
    a.close();
    b.close();
  });

  it("sends nothing twice: a sentinel published last is the only frame after the batch", async () => {
    const sub = await subscribe();
    const seqs = await publish(25);
    const [sentinel] = await publish(1);
    await sub.waitForFrames(26);
    expect(sub.seqs()).toEqual([...seqs, sentinel]);
    expect(new Set(sub.seqs()).size).toBe(26);
    sub.close();
  });

  it("answers the text ping with pong", async () => {
    const sub = await subscribe();
    sub.socket.send("ping");
    await sub.waitForFrames(1, "pong");
    expect(sub.messages).toEqual(["pong"]);
    sub.close();
  });

  it("answers {type:status} with the newest and oldest logged seq", async () => {
    const [seq] = await publish(1);
    const sub = await subscribe();
    sub.socket.send(JSON.stringify({ type: "status" }));
    const [status] = await sub.waitForFrames(1);
    expect(status).toEqual({ type: "status", last_seq: seq, oldest_seq: 1 });
    sub.close();
  });

  it("answers malformed, unknown and binary messages with an error frame and keeps the socket open", async () => {
    const sub = await subscribe();
    sub.socket.send("{not json");
    sub.socket.send(JSON.stringify({ type: "subscribe", venue: "lighter" }));
    sub.socket.send(new Uint8Array([1, 2, 3]));
    const frames = await sub.waitForFrames(3);
    // One error frame each. Their order is not asserted: workerd once delivered the binary frame to the
    // hub ahead of the text frame sent before it (seen once in many runs of the full suite).
    expect(frames.map((f) => `${f.type} ${f.code}`).sort()).toEqual(["error malformed_message", "error malformed_message", "error unknown_message"]);
    const [seq] = await publish(1);
    await sub.waitForFrames(4);
    expect(sub.frames[3]!.seq).toBe(seq);
    expect(sub.closeEvent).toBeUndefined();
    sub.close();
  });

  it("closes the socket with 1009 on an oversized message", async () => {
    const sub = await subscribe();
    sub.socket.send(JSON.stringify({ type: "status", pad: "x".repeat(2000) }));
    const closed = await sub.waitForClose();
    expect(closed.code).toBe(1009);
    expect(sub.frames).toEqual([]);
  });

  it("closes and forgets a socket whose send throws, and the publish still succeeds", async () => {
    const healthy = await subscribe();
    // The only socket with a venue filter, so the hub-side lookup below finds exactly this one.
    const doomed = await subscribe("?venue=lighter");
    // Close the doomed socket on the hub's side behind the hub's back, so the next send() on it throws.
    const before = await runInDurableObject(eventHub(env), (_hub, state) => {
      const sockets = state.getWebSockets();
      const target = sockets.filter((socket) => (socket.deserializeAttachment() as Subscription).venues !== undefined);
      expect(target).toHaveLength(1);
      target[0]!.close(1001, "gone");
      return sockets.length;
    });
    const seqs = await publish(2);
    expect(seqs[1]).toBe(seqs[0]! + 1);
    await healthy.waitForFrames(2);
    expect(healthy.seqs()).toEqual(seqs);
    await doomed.waitForClose();
    expect(doomed.seqs()).toEqual([]);
    const after = await runInDurableObject(eventHub(env), (_hub, state) => state.getWebSockets().length);
    expect(after).toBe(before - 1);
    healthy.close();
  });
});
