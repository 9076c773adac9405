import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { eventHub } from "../../src/events/hub";
import { orderEvent, publish, publishAlerts, range, streamRequest, subscribe } from "./helpers";

describe("replay with ?since=", () => {
  it("gives a reconnecting subscriber exactly the events it missed, then live ones", async () => {
    const first = await subscribe();
    const seen = await publish(3);
    await first.waitForFrames(3);
    const lastSeen = first.seqs().at(-1)!;
    expect(lastSeen).toBe(seen[2]);
    first.close();

    const missed = await publish(4);
    const again = await subscribe(`?since=${lastSeen}`);
    await again.waitForFrames(4, "the 4 missed events");
    const live = await publish(2);
    await again.waitForFrames(6, "the missed events and 2 live ones");
    expect(again.seqs()).toEqual([...missed, ...live]);
    expect(again.seqs()).toEqual(range(lastSeen + 1, lastSeen + 6));
    expect(again.frames.every((f) => f.type === "order")).toBe(true);
    again.close();
  });

  it("has no gap and no duplicate at the seam when events are published while the subscriber connects", async () => {
    const [base] = await publish(1);
    const before = await publish(5); // certainly replayed
    // These race the upgrade: some land before the hub accepts the socket (replayed), some after (live).
    const racing = publish(30);
    const sub = await subscribe(`?since=${base}`);
    const raced = await racing;
    const after = await publish(5); // certainly live
    await sub.waitForFrames(40, "every event after since");
    expect([...before, ...raced, ...after]).toEqual(range(base! + 1, base! + 40));
    expect(sub.seqs()).toEqual(range(base! + 1, base! + 40));
    expect(sub.frames).toHaveLength(40);
    sub.close();
  });

  it("replays the whole log for since=0", async () => {
    const [, last] = await publish(2);
    const sub = await subscribe("?since=0");
    await sub.waitForFrames(last!);
    expect(sub.seqs()).toEqual(range(1, last!));
    sub.close();
  });

  it("sends nothing old without since (live only)", async () => {
    await publish(2);
    const sub = await subscribe();
    const [seq] = await publish(1);
    await sub.waitForFrames(1);
    expect(sub.seqs()).toEqual([seq]);
    sub.close();
  });

  it("refuses a since ahead of the newest event with 400 and the newest seq", async () => {
    const [seq] = await publish(1);
    const res = await streamRequest(`?since=${seq! + 5}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { parameter: string; last_seq: number } } };
    expect(body.error.details).toEqual({ parameter: "since", last_seq: seq });
  });

  it("publish returns consecutive seqs from the RPC", async () => {
    const a = await eventHub(env).publish(orderEvent());
    const b = await eventHub(env).publish(orderEvent());
    expect(b.seq).toBe(a.seq + 1);
  });

  it("replays alerts with the orders around them, and only alerts for ?type=alert", async () => {
    const [base] = await publish(1);
    const o1 = await publish(1);
    const a1 = await publishAlerts(2);
    const o2 = await publish(1);
    const everything = await subscribe(`?since=${base}`);
    const alerts = await subscribe(`?since=${base}&type=alert`);
    const live = await publishAlerts(1);
    await everything.waitForFrames(5, "the replayed events and the live alert");
    await alerts.waitForFrames(3, "the replayed alerts and the live one");
    expect(everything.seqs()).toEqual([...o1, ...a1, ...o2, ...live]);
    expect(alerts.seqs()).toEqual([...a1, ...live]);
    expect(alerts.frames.map((f) => f.type)).toEqual(["alert", "alert", "alert"]);
    everything.close();
    alerts.close();
  });
});
