/**
 * One agent, many requests at once: the desk (one Durable Object per signer) gives every action a nonce of
 * its own, `max(now, last + 1)`, so 100 concurrent creates are all accepted by the stand-in, which refuses
 * any nonce used twice, and each is published once on the event stream.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { subscribe, type Frame } from "../../events/helpers";
import { actionsOf, createOrder, hlOrder, liveAgent, resetHyperliquid } from "./harness";

const cloidOf = (frame: Frame) => String((frame.payload as { request?: { cloid?: unknown } } | undefined)?.request?.cloid);

describe("100 concurrent Hyperliquid orders on one agent", () => {
  beforeEach(async () => {
    await resetHyperliquid();
  });

  it("are all accepted, on 100 distinct nonces, each published once", async () => {
    const { vars, user, agent } = await liveAgent();
    const watcher = await subscribe("?venue=hyperliquid&type=order");
    // Prices spread below the book so every order rests (none fills another).
    const orders = Array.from({ length: 100 }, (_, i) => hlOrder({ price: String(80_000 + i) }));
    const startedAt = Date.now();
    const answers = await Promise.all(orders.map((order) => createOrder(order, vars)));
    const endedAt = Date.now();
    expect(answers.map((answer) => answer.status), answers.find((answer) => answer.status !== 200)?.text).toEqual(orders.map(() => 200));

    const nonces = answers.map((answer) => answer.body.gateway.nonce as number);
    expect(new Set(nonces).size).toBe(100);
    // max(now, last + 1): never behind the clock at signing, never further ahead of it than the orders signed.
    const signed = [...nonces].sort((a, b) => a - b);
    expect(signed[0]).toBeGreaterThanOrEqual(startedAt);
    expect(signed[99]).toBeLessThanOrEqual(endedAt + 100);
    for (const [i, answer] of answers.entries()) {
      expect(answer.body.gateway).toMatchObject({ mode: "live", signer: agent, expires_after: nonces[i]! + 90_000 });
      expect(answer.body.result).toMatchObject({ status: "resting", client_id: orders[i]!.cloid });
    }

    // The stand-in accepted every one, each on the nonce its answer reports (it refuses a nonce used twice).
    const actions = await actionsOf(user);
    expect(actions).toHaveLength(100);
    const nonceByCloid = new Map(actions.map((action) => [((action.action as { orders: Array<{ c: string }> }).orders[0]!.c), action.nonce]));
    expect(orders.map((order) => nonceByCloid.get(order.cloid as string))).toEqual(nonces);
    for (const action of actions) expect((action.response as { status: string }).status).toBe("ok");
    const hashes = new Set(answers.map((answer) => answer.body.gateway.action_hash));
    expect(hashes.size).toBe(100);

    // Each order once on the stream. One more order on the same desk marks the end: the desk publishes in
    // order, so once its event is here, any duplicate of the 100 would be too.
    const ours = new Set(orders.map((order) => order.cloid as string));
    await watcher.waitForMatching(100, (frame) => ours.has(cloidOf(frame)), "the 100 order events");
    const marker = hlOrder({ price: "79000" });
    expect((await createOrder(marker, vars)).status).toBe(200);
    await watcher.waitForMatching(1, (frame) => cloidOf(frame) === marker.cloid, "the marker's event");
    watcher.close();
    const frames = watcher.frames.filter((frame) => ours.has(cloidOf(frame)));
    expect(frames.map(cloidOf).sort()).toEqual([...ours].sort());
    for (const frame of frames) {
      expect(frame).toMatchObject({ type: "order", venue: "hyperliquid", payload: { request: { action: "create", coin: "BTC" }, response: { status: 200 } } });
      const answer = answers[orders.findIndex((order) => order.cloid === cloidOf(frame))]!;
      expect((frame.payload as { response: { body: unknown } }).response.body).toEqual(answer.body);
    }
    // The stand-in's nonces for this signer are the answers' nonces (plus the marker's), none reused.
    const all = (await actionsOf(user)).map((action) => action.nonce);
    expect(new Set(all).size).toBe(101);
  });
});
