import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { eventHub } from "../../src/events/hub";
import { publish, subscribe } from "./helpers";

/**
 * Pool 0.15.1 has no evictDurableObject, and abortAllDurableObjects() disconnects the sockets, which is
 * not what hibernation does. workerd itself hibernates an idle object after about 10 s whose only
 * connections are hibernatable sockets: the instance is dropped, the sockets stay open and the next event
 * constructs a new instance. This test waits for exactly that, and checks the instance really is new.
 */
const IDLE_MS = 11_500;

async function hubInstance(): Promise<unknown> {
  let instance: unknown;
  await runInDurableObject(eventHub(env), (hub) => {
    instance = hub;
  });
  return instance;
}

describe("hibernation", () => {
  it("keeps sockets, filters and seq when the hub instance is recreated", { timeout: 60_000 }, async () => {
    const all = await subscribe();
    const grvt = await subscribe("?venue=grvt");
    const [first] = await publish(1, { venue: "lighter" });
    await all.waitForFrames(1);
    const original = await hubInstance();

    // Each look at the instance is itself activity, so wait a full idle period before every look.
    let recreated = false;
    for (let attempt = 0; attempt < 3 && !recreated; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      recreated = (await hubInstance()) !== original;
    }
    expect(recreated).toBe(true);
    expect(all.closeEvent).toBeUndefined();
    expect(grvt.closeEvent).toBeUndefined();

    const after = [...(await publish(1, { venue: "grvt" })), ...(await publish(1, { venue: "lighter" }))];
    expect(after).toEqual([first! + 1, first! + 2]);
    await all.waitForFrames(3);
    await grvt.waitForFrames(1);
    expect(all.seqs()).toEqual([first, ...after]);
    // The venue filter came back from the socket attachment, not from memory.
    expect(grvt.seqs()).toEqual([after[0]]);

    all.socket.send("ping");
    await all.waitForFrames(4, "pong");
    expect(all.messages.at(-1)).toBe("pong");
    all.close();
    grvt.close();
  });
});
