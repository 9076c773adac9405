/**
 * The outbound rate budget: the arithmetic on a fake clock, then through both venue desks against the
 * stand-ins (a request that would overspend is a 429 before anything is signed; cancels and a halt's
 * cancels still go; the venue's own 429 shrinks the budget; the remaining budget is in every answer).
 */
import { describe, expect, it } from "vitest";
import { RateBudget } from "../../src/safety/rate-budget";
import { injectFault } from "../standins/control";
import { hyperliquidState } from "../standins/hyperliquid-control";
import { createOrder, hl, hlOrder, HYPERLIQUID, liveAgent } from "../trading/hyperliquid/harness";
import { accepted, call, freshAccount, json, limitOrder, liveVars } from "../trading/harness";
import { resume } from "./safety-harness";
import { eventually, received } from "./alerts-helpers";

describe("RateBudget", () => {
  it("refuses what would overspend the minute, keeps a reserve for cancels, and recovers as the window moves", () => {
    let now = 1_000_000;
    const budget = new RateBudget(10, 20, () => now); // 2 kept for cancels
    for (let i = 0; i < 8; i += 1) expect(budget.take(1, "other").ok).toBe(true);
    const refused = budget.take(1, "other");
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60, state: { remaining: 0, remaining_for_cancels: 2, cancel_reserve: 2 } });
    expect(budget.take(2, "cancel").ok).toBe(true);
    expect(budget.take(1, "cancel").ok).toBe(false);
    now += 30_000;
    expect(budget.take(1, "other").ok).toBe(false);
    now += 30_001; // everything spent at the start has left the window: 10 − 2 kept − 3 = 5 left
    expect(budget.take(3, "other")).toEqual({ ok: true, remaining: 5 });
  });

  it("after the venue's own 429 only cancels go until its Retry-After passes", () => {
    let now = 0;
    const budget = new RateBudget(100, 10, () => now);
    budget.venueLimited(7);
    expect(budget.take(1, "other")).toMatchObject({ ok: false, retryAfterSeconds: 7 });
    expect(budget.take(1, "cancel").ok).toBe(true);
    now += 7_000;
    expect(budget.take(1, "other").ok).toBe(true);
    expect(budget.state().venue_limited_until).toBeNull();
  });

  it("a request heavier than the whole budget waits a full window", () => {
    expect(new RateBudget(5, 10, () => 0).take(6, "cancel")).toMatchObject({ ok: false, retryAfterSeconds: 60 });
  });
});

describe("the budget on the venue desks", () => {
  it("Hyperliquid: the order that would overspend is refused before signing; a cancel still goes; the remaining budget is in every answer", async () => {
    const agent = await liveAgent({ HYPERLIQUID_RATE_LIMIT_PER_MINUTE: "4", RATE_BUDGET_CANCEL_RESERVE_PCT: "25" }); // 3 for orders, 1 kept
    const resting = hlOrder({ price: "90000" });
    const first = await createOrder(resting, agent.vars);
    expect(first.status, first.text).toBe(200);
    expect(first.headers.get("X-RateBudget-Remaining")).toBe("2");
    expect((await createOrder(hlOrder({ price: "90000" }), agent.vars)).status).toBe(200);
    expect((await createOrder(hlOrder({ price: "90000" }), agent.vars)).status).toBe(200);
    const over = await createOrder(hlOrder({ price: "90000" }), agent.vars);
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: "rate_budget_exhausted", details: { budget: { limit_per_minute: 4, cancel_reserve: 1, remaining: 0 } } });
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    const orders = (await hyperliquidState(HYPERLIQUID, agent.user)).actions.filter((a) => a.type === "order");
    expect(orders).toHaveLength(3);
    await eventually(async () => ((await received()).some((r) => r.raw_body.includes("rate_budget_exhausted") && r.raw_body.includes("Hyperliquid rate budget")) ? true : undefined), "the rate_budget_exhausted alert");
    const cancel = await hl("DELETE", `/orders/hyperliquid/BTC/${resting.cloid as string}`, { vars: agent.vars });
    expect(cancel.status, cancel.text).toBe(200);
    const health = await hl("GET", "/health", { vars: agent.vars });
    expect(health.body.rate_budget.hyperliquid).toMatchObject({ limit_per_minute: 4, remaining: 0, remaining_for_cancels: 0 });
    expect(health.body.rate_budget.lighter).toBeNull();
  });

  it("Hyperliquid: the venue's own 429 stops orders at the gateway until its Retry-After passes", async () => {
    const agent = await liveAgent({ HYPERLIQUID_RATE_LIMIT_PER_MINUTE: "1200" });
    await injectFault(HYPERLIQUID, "/exchange", { kind: "status", status: 429, retryAfterSeconds: 30 });
    expect((await createOrder(hlOrder({ price: "90000" }), agent.vars)).status).toBe(429);
    const held = await createOrder(hlOrder({ price: "90000" }), agent.vars);
    expect(held.body.error.code).toBe("rate_budget_exhausted");
    expect(held.body.error.details.budget.venue_limited_until).toBeGreaterThan(Date.now());
    expect(Number(held.headers.get("Retry-After"))).toBeLessThanOrEqual(30);
  });

  it("Lighter: the request that would overspend is refused before a nonce is used, and a halt's cancel-all still goes", async () => {
    const account = freshAccount();
    const vars = liveVars(account, 3, 3, { LIGHTER_RATE_LIMIT_PER_MINUTE: "3", RATE_BUDGET_CANCEL_RESERVE_PCT: "34" }); // 2 for orders, 1 kept
    for (let i = 0; i < 2; i += 1) expect((await call("POST", "/orders/lighter", { body: limitOrder({ price: 300000 }), vars })).status).toBe(200);
    const over = await call("POST", "/orders/lighter", { body: limitOrder({ price: 300000 }), vars });
    expect(over.status).toBe(429);
    expect(over.headers.get("X-RateBudget-Remaining")).toBe("0");
    expect((await json(over)).error.code).toBe("rate_budget_exhausted");
    expect(await accepted(account)).toHaveLength(2);
    try {
      const halt = await json(await call("POST", "/halt", { body: { reason: "budget test" }, vars }));
      expect(halt.cancels.lighter).toMatchObject({ status: "ok" });
      expect((await accepted(account)).map((tx) => tx.tx_type)).toEqual([14, 14, 16]);
    } finally {
      await resume(vars);
    }
  });
});
