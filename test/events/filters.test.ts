import { describe, expect, it } from "vitest";
import { publish, publishAlerts, subscribe } from "./helpers";

describe("filters ?venue= and ?type=", () => {
  it("gives each subscriber only the venues it asked for, in order", async () => {
    const lighter = await subscribe("?venue=lighter");
    const both = await subscribe("?venue=lighter,grvt");
    const all = await subscribe();
    const l1 = await publish(1, { venue: "lighter" });
    const h1 = await publish(1, { venue: "hyperliquid" });
    const g1 = await publish(1, { venue: "grvt" });
    const l2 = await publish(1, { venue: "lighter" });

    await all.waitForFrames(4);
    await both.waitForFrames(3);
    await lighter.waitForFrames(2);
    expect(all.seqs()).toEqual([...l1, ...h1, ...g1, ...l2]);
    expect(both.seqs()).toEqual([...l1, ...g1, ...l2]);
    expect(lighter.seqs()).toEqual([...l1, ...l2]);
    expect(lighter.frames.every((f) => f.venue === "lighter")).toBe(true);
    for (const s of [lighter, both, all]) s.close();
  });

  it("filters by type together with venue", async () => {
    const sub = await subscribe("?type=order&venue=grvt");
    const [skipped] = await publish(1, { venue: "lighter" });
    const [wanted] = await publish(1, { venue: "grvt" });
    await sub.waitForFrames(1);
    expect(sub.seqs()).toEqual([wanted]);
    expect(skipped).toBe(wanted! - 1);
    sub.close();
  });

  it("applies the filter to the replay as well", async () => {
    const [base] = await publish(1);
    const h = await publish(1, { venue: "hyperliquid" });
    await publish(2, { venue: "lighter" });
    const h2 = await publish(1, { venue: "hyperliquid" });
    const sub = await subscribe(`?since=${base}&venue=hyperliquid`);
    const live = await publish(1, { venue: "hyperliquid" });
    await sub.waitForFrames(3);
    expect(sub.seqs()).toEqual([...h, ...h2, ...live]);
    sub.close();
  });

  it("gives ?type=alert only alerts and ?type=order only orders; both types or no filter get everything in order", async () => {
    const alerts = await subscribe("?type=alert");
    const orders = await subscribe("?type=order");
    const both = await subscribe("?type=order,alert");
    const all = await subscribe();
    const o1 = await publish(1);
    const a1 = await publishAlerts(1);
    const o2 = await publish(1);
    const a2 = await publishAlerts(1, { venue: "hyperliquid" });

    await all.waitForFrames(4);
    await both.waitForFrames(4);
    await alerts.waitForFrames(2);
    await orders.waitForFrames(2);
    expect(alerts.seqs()).toEqual([...a1, ...a2]);
    expect(alerts.frames.every((f) => f.type === "alert")).toBe(true);
    expect(orders.seqs()).toEqual([...o1, ...o2]);
    expect(both.seqs()).toEqual([...o1, ...a1, ...o2, ...a2]);
    expect(all.seqs()).toEqual(both.seqs());
    for (const s of [alerts, orders, both, all]) s.close();
  });

  it("combines type=alert with venue: an alert about one venue, or the gateway's own", async () => {
    const sub = await subscribe("?type=alert&venue=gateway");
    await publishAlerts(1, { venue: "lighter" });
    await publish(1, { venue: "lighter" });
    const [wanted] = await publishAlerts(1);
    await sub.waitForFrames(1);
    expect(sub.seqs()).toEqual([wanted]);
    expect(sub.frames[0]).toMatchObject({ type: "alert", venue: "gateway" });
    sub.close();
  });
});
