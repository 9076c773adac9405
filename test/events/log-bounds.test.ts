import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EventHub } from "../../src/events/event-hub";
import { EventLog } from "../../src/events/event-log";
import { eventHub } from "../../src/events/hub";
import { orderEvent, publish, range, subscribe } from "./helpers";

const DAY = 24 * 60 * 60 * 1000;

function countLogged(): Promise<number> {
  return runInDurableObject(eventHub(env), (_hub, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM event_log").one().n);
}

/**
 * Publishes through a hub configured with EVENT_LOG_MAX_EVENTS=3, on the real hub's storage: the same code
 * path as production, with a bound small enough to cross. Afterwards the instances are reset so the hub
 * behind the Worker re-reads its storage, as after a restart.
 */
async function publishWithMaxEvents(maxEvents: number, count: number): Promise<number[]> {
  const seqs = await runInDurableObject(eventHub(env), async (_hub, state) => {
    const bounded = new EventHub(state, { ...env, EVENT_LOG_MAX_EVENTS: String(maxEvents) } as Env);
    const out: number[] = [];
    for (let i = 0; i < count; i += 1) out.push((await bounded.publish(orderEvent())).seq);
    return out;
  });
  await abortAllDurableObjects();
  return seqs;
}

describe("the replay log stays within its bounds", () => {
  it("keeps at most EVENT_LOG_MAX_EVENTS events, the newest, and seq keeps counting", async () => {
    const seqs = await publishWithMaxEvents(3, 7);
    expect(seqs).toEqual(range(seqs[0]!, seqs[0]! + 6));
    expect(await countLogged()).toBe(3);
    const [next] = await publish(1);
    expect(next).toBe(seqs[6]! + 1);
  });

  it("tells a subscriber whose since has left the log about the gap, then replays what is left", async () => {
    const [base] = await publish(1);
    const seqs = await publishWithMaxEvents(3, 6); // base+1 .. base+6; the log keeps base+4 .. base+6
    expect(seqs[0]).toBe(base! + 1);
    const sub = await subscribe(`?since=${base}`);
    const frames = await sub.waitForFrames(4);
    expect(frames[0]).toEqual({ type: "gap", since: base, first_seq: base! + 4, missed: 3 });
    expect(sub.seqs()).toEqual(range(base! + 4, base! + 6));
    sub.close();
  });

  it("drops events older than the age bound, keeps seq rising when the log runs empty", async () => {
    const result = await runInDurableObject(env.EVENT_HUB.getByName("age-bound"), (_hub, state) => {
      const log = new EventLog(state.storage, { maxEvents: 100, maxAgeMs: 1_000 });
      const [first] = log.appendAll([{ type: "order", venue: "lighter", payload: { request: 1, response: 1 }, created_at: "2026-11-24T00:00:00.000Z" }], 10_000);
      log.appendAll([{ type: "order", venue: "lighter", payload: { request: 2, response: 2 }, created_at: "2026-11-24T00:00:00.500Z" }], 10_500);
      const expiry = log.nextExpiry();
      log.prune(11_200); // the first is 1.2 s old, the second 0.7 s
      const afterFirstPrune = [...log.after(0)].map((row) => row.seq);
      log.prune(20_000);
      const emptied = log.count();
      const [next] = log.appendAll([{ type: "order", venue: "lighter", payload: { request: 3, response: 3 }, created_at: "2026-11-24T00:00:10.000Z" }], 20_000);
      return { first: first?.seq, expiry, afterFirstPrune, emptied, next: next?.seq, oldest: log.oldestSeq() };
    });
    expect(result).toEqual({ first: 1, expiry: 11_000, afterFirstPrune: [2], emptied: 0, next: 3, oldest: 3 });
  });

  it("the hub's alarm expires old events even when nothing is published", async () => {
    const [fresh] = await publish(1);
    // Age two logged events past the 7-day default, as if they had been logged 8 days ago.
    await runInDurableObject(eventHub(env), (_hub, state) => {
      state.storage.sql.exec("UPDATE event_log SET logged_at = ? WHERE seq < ?", Date.now() - 8 * DAY, fresh!);
    });
    const before = await countLogged();
    expect(before).toBeGreaterThan(1);
    expect(await runDurableObjectAlarm(eventHub(env))).toBe(true);
    expect(await countLogged()).toBe(1);
    // The next alarm is set for when the remaining (fresh) event expires.
    const alarm = await runInDurableObject(eventHub(env), (_hub, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() + 6 * DAY);
    expect(alarm).toBeLessThanOrEqual(Date.now() + 7 * DAY);
  });

  it("a restarted hub pulls forward an alarm set for a longer age bound than its own", async () => {
    await publish(1);
    // As if an earlier deploy kept events for 30 days: its alarm is due far later than this bound allows.
    await runInDurableObject(eventHub(env), (_hub, state) => state.storage.setAlarm(Date.now() + 30 * DAY));
    await abortAllDurableObjects();
    await publish(1);
    const alarm = await runInDurableObject(eventHub(env), (_hub, state) => state.storage.getAlarm());
    expect(alarm).toBeLessThanOrEqual(Date.now() + 7 * DAY);
    // Later publishes of the same instance leave a pending alarm where it is.
    await runInDurableObject(eventHub(env), (_hub, state) => state.storage.setAlarm(Date.now() + 20 * DAY));
    await publish(1);
    expect(await runInDurableObject(eventHub(env), (_hub, state) => state.storage.getAlarm())).toBeGreaterThan(Date.now() + 19 * DAY);
  });
});
