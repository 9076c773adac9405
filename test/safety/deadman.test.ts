/**
 * The dead-man's switches: the safety desk's alarm keeps both venues' scheduled cancels ahead of now while
 * DEADMAN_SECONDS is set and trading is live, and when it stops (the gateway is gone) the stand-ins cancel
 * the resting orders at the scheduled time themselves. A refresh that fails shows in /health and raises an
 * alert. The alarm is run by hand (runDurableObjectAlarm) as well as by the runtime.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureConsole } from "../capture-console";
import { AlertDesk } from "../../src/safety/alert-desk";
import type { SafetyDeskConfig } from "../../src/safety/safety-config";
import { injectFault } from "../standins/control";
import { TOKEN } from "../trading/harness";
import { accountOf, createOrder, HYPERLIQUID, hlOrder, orderStatusOf, until } from "../trading/hyperliquid/harness";
import { bothLive, health, lighterCancelAlls, safetyConfigFor, safetyStub } from "./safety-harness";

const bindings = (await import("cloudflare:workers")).env as unknown as Record<string, string>;

const stub = safetyStub();

/** A configuration whose venues no longer trade live: the alarm stops at its next run and touches no venue. */
function stopped(config: SafetyDeskConfig): SafetyDeskConfig {
  return {
    ...config,
    lighter: config.lighter === null ? null : { ...config.lighter, mode: "dry-run" },
    hyperliquid: config.hyperliquid === null ? null : { ...config.hyperliquid, mode: "dry-run" },
  };
}

async function pendingAlarm(): Promise<number | null> {
  return runInDurableObject(stub, (_desk, state) => state.storage.getAlarm());
}

afterEach(async () => {
  // No switch outlives its test: the default configuration (dry-run, no DEADMAN_SECONDS), no alarm.
  await stub.ensureRunning(safetyConfigFor({}));
  await runInDurableObject(stub, (_desk, state) => state.storage.deleteAlarm());
  vi.restoreAllMocks();
});

describe("the dead-man's switches", () => {
  it("are off by default, and off while trading is dry-run even with DEADMAN_SECONDS", async () => {
    const off = await health();
    expect(off.deadman).toMatchObject({ enabled: false, seconds: null, refresh_every_ms: null, lighter: { active: false, next_cancel_at: null }, hyperliquid: { active: false } });
    const dryRun = await health({ DEADMAN_SECONDS: "60" });
    expect(dryRun.deadman).toMatchObject({ enabled: true, seconds: 60, refresh_every_ms: 20_000, lighter: { active: false }, hyperliquid: { active: false } });
    expect(await pendingAlarm()).toBeNull();
  });

  it("are kept ahead of now on both stand-ins by the alarm, started by /health, and cleared when the switch is turned off", async () => {
    const { account, user, vars } = await bothLive();
    const on = { ...vars, DEADMAN_SECONDS: "10" };
    const shown = await health(on);
    expect(shown.deadman).toMatchObject({ enabled: true, seconds: 10, refresh_every_ms: 3333, lighter: { active: true }, hyperliquid: { active: true } });
    // /health started the alarm (due at once): the runtime runs it and it keeps rescheduling itself.
    await until(async () => (await lighterCancelAlls(account)).scheduled_time !== null && ((await accountOf(user))?.scheduledCancel ?? null) !== null, "the first refresh", 5_000);
    await until(async () => (await pendingAlarm()) !== null, "the next alarm");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const first = { lighter: (await lighterCancelAlls(account)).scheduled_time, hyperliquid: (await accountOf(user))?.scheduledCancel ?? null };
    expect(first.lighter).toBeGreaterThan(Date.now() + 5_000);
    expect(first.hyperliquid).toBeGreaterThan(Date.now() + 5_000);
    const pending = await pendingAlarm();
    expect(pending).not.toBeNull();
    expect(pending as number).toBeLessThanOrEqual(Date.now() + 3_333);

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const second = { lighter: (await lighterCancelAlls(account)).scheduled_time as number, hyperliquid: (await accountOf(user))?.scheduledCancel as number };
    expect(second.lighter).toBeGreaterThan(first.lighter as number);
    expect(second.hyperliquid).toBeGreaterThan(first.hyperliquid as number);
    const now = Date.now();
    expect(second.lighter).toBeGreaterThan(now + 6_000);
    expect(second.hyperliquid).toBeGreaterThan(now + 6_000);

    const after = (await health(on)).deadman;
    expect(after.lighter).toEqual({ active: true, next_cancel_at: second.lighter, last_refresh_at: expect.any(Number), last_error: null });
    expect(after.hyperliquid).toEqual({ active: true, next_cancel_at: second.hyperliquid, last_refresh_at: expect.any(Number), last_error: null });
    expect(after.hyperliquid.last_refresh_at).toBe(second.hyperliquid - 10_000);
    // Setting the switch is not triggering it: Hyperliquid's daily count is untouched.
    expect((await accountOf(user))?.scheduledCancelTriggersToday).toBe(0);

    // Turned off while still live: the next alarm clears both switches and stops.
    await stub.ensureRunning(safetyConfigFor(vars));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await lighterCancelAlls(account)).toMatchObject({ scheduled_time: null, aborted_at: [expect.any(Number)] });
    expect((await accountOf(user))?.scheduledCancel).toBeNull();
    expect(await pendingAlarm()).toBeNull();
    expect((await health(vars)).deadman.lighter.next_cancel_at).toBeNull();
  });

  it("once the alarm stops, the stand-ins cancel the resting orders at the scheduled time", { timeout: 30_000 }, async () => {
    const { account, user, vars } = await bothLive();
    const resting = [await createOrder(hlOrder(), vars), await createOrder(hlOrder({ price: "89000" }), vars)];
    const oids = resting.map((answer) => answer.body.result.order_id as number);
    expect((await accountOf(user))?.openOrders).toHaveLength(2);

    // DEADMAN_SECONDS allows 10 s at least; the desk itself takes any switch of 5 s or more, so the test
    // hands it 6 s to keep the wait short. Hyperliquid's 5 s minimum still applies (the desk and the stand-in).
    const config = { ...safetyConfigFor(vars), deadmanSeconds: 6 };
    await stub.ensureRunning(config);
    await until(async () => (await lighterCancelAlls(account)).scheduled_time !== null && ((await accountOf(user))?.scheduledCancel ?? null) !== null, "the first refresh", 5_000);

    // The gateway stops: nothing pushes the switches any more (a refresh already running may still land).
    await stub.ensureRunning(stopped(config));
    await runInDurableObject(stub, (_desk, state) => state.storage.deleteAlarm());
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lighterTime = (await lighterCancelAlls(account)).scheduled_time as number;
    const hyperliquidTime = (await accountOf(user))?.scheduledCancel as number;
    expect(lighterTime).toBeGreaterThan(Date.now());
    expect(hyperliquidTime).toBeGreaterThan(Date.now());
    expect(await pendingAlarm()).toBeNull();

    await until(async () => ((await accountOf(user))?.openOrders.length === 0 ? true : undefined), "Hyperliquid's scheduled cancel", 12_000);
    for (const oid of oids) {
      const { order } = await orderStatusOf(user, oid);
      expect(order.status).toBe("scheduledCancel");
      expect(order.statusTimestamp).toBeGreaterThanOrEqual(hyperliquidTime);
    }
    expect((await accountOf(user))?.scheduledCancelTriggersToday).toBe(1);
    const lighter = await until(async () => {
      const book = await lighterCancelAlls(account);
      return book.fired.length > 0 ? book : undefined;
    }, "Lighter's scheduled cancel-all", 5_000);
    expect(lighter.fired).toEqual([{ time: lighterTime, at: expect.any(Number) }]);
    expect(lighter.fired[0]?.at).toBeGreaterThanOrEqual(lighterTime);
    expect(lighter.scheduled_time).toBeNull();
  });

  it("a refresh that fails shows in /health and raises an alert; the other venue's switch is kept; no secret shows", async () => {
    const raised = vi.spyOn(AlertDesk.prototype, "raise");
    const { account, vars } = await bothLive();
    const on = { ...vars, DEADMAN_SECONDS: "10" };
    await injectFault(HYPERLIQUID, "/exchange", { kind: "status", status: 500 });
    const console = captureConsole();
    let shown: Record<string, any>;
    try {
      await stub.ensureRunning(safetyConfigFor(on));
      await runDurableObjectAlarm(stub);
      shown = await until(async () => {
        const body = await health(on);
        return body.deadman.hyperliquid.last_error === null ? undefined : body;
      }, "the failed refresh in /health");
    } finally {
      console.restore();
    }
    expect(shown.deadman.hyperliquid.last_error).toEqual({ at: expect.any(Number), message: expect.stringContaining("hyperliquid_unavailable") });
    expect(shown.deadman.lighter).toMatchObject({ active: true, last_error: null, next_cancel_at: (await lighterCancelAlls(account)).scheduled_time });
    await until(async () => raised.mock.calls.length > 0 || undefined, "the alert");
    expect(raised).toHaveBeenCalledWith(expect.objectContaining({ kind: "deadman_refresh_failed", subject: "hyperliquid" }));
    expect(raised.mock.calls.filter(([alert]) => alert.kind === "deadman_refresh_failed" && alert.subject === "lighter")).toEqual([]);
    // A failed refresh comes back sooner than a third of the switch, never later.
    expect((await pendingAlarm()) as number).toBeLessThanOrEqual(Date.now() + 3_333);

    const secrets = [TOKEN, bindings.LIGHTER_PRIVATE_KEY?.replace(/^0x/, ""), vars.HYPERLIQUID_AGENT_PRIVATE_KEY?.replace(/^0x/, ""), bindings.ALERT_WEBHOOK_URL].filter((s): s is string => typeof s === "string" && s !== "");
    for (const text of [JSON.stringify(shown), JSON.stringify(raised.mock.calls), ...console.lines]) {
      for (const secret of secrets) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });
});
