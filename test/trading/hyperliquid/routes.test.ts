/**
 * The Hyperliquid routes besides create, end to end against the stand-in: cancel (by oid, by cloid),
 * modify, batches of orders and of cancels, the scheduled cancel, leverage, the account view, /health's
 * Hyperliquid section, and a broken Hyperliquid configuration that leaves Lighter working.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { HYPERLIQUID_DEFAULT_AGENT, HYPERLIQUID_DEFAULT_USER, hyperliquidInfo, newHyperliquidAgent, registerHyperliquidAgent, registerHyperliquidVault } from "../../standins/hyperliquid-control";
import { call, freshAccount, limitOrder } from "../harness";
import { accountOf, actionsOf, createOrder, hl, hlOrder, HYPERLIQUID, hyperliquidHealth, liveAgent, orderStatusOf, resetHyperliquid, type LiveAgent } from "./harness";

const MISSING_ORDER = "Order was never placed, already canceled, or filled.";

async function restingOrder(agent: LiveAgent, overrides: Record<string, unknown> = {}): Promise<{ oid: number; cloid: string }> {
  const order = hlOrder(overrides);
  const res = await createOrder(order, agent.vars);
  expect(res.status, res.text).toBe(200);
  expect(res.body.result.status).toBe("resting");
  return { oid: res.body.result.order_id as number, cloid: order.cloid as string };
}

beforeEach(async () => {
  await resetHyperliquid();
});

describe("cancel", () => {
  it("by oid: the stand-in has the order canceled", async () => {
    const agent = await liveAgent();
    const { oid } = await restingOrder(agent);
    const res = await hl("DELETE", `/orders/hyperliquid/BTC/${oid}`, { vars: agent.vars });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", response: { type: "cancel", data: { statuses: ["success"] } }, gateway: { mode: "live", signer: agent.agent } });
    expect(res.body.result).toEqual({ status: "canceled", order_id: oid, client_id: null });
    expect((await orderStatusOf(agent.user, oid)).order.status).toBe("canceled");
    expect((await accountOf(agent.user))?.openOrders).toEqual([]);
    const actions = await actionsOf(agent.user);
    expect(actions.map((action) => action.type)).toEqual(["order", "cancel"]);
    expect(actions[1]?.action).toEqual({ type: "cancel", cancels: [{ a: 0, o: oid }] });
    expect(actions[1]?.nonce).toBe(res.body.gateway.nonce);
  });

  it("by cloid (upper-case hex accepted): the stand-in has the order canceled", async () => {
    const agent = await liveAgent();
    const { oid, cloid } = await restingOrder(agent, { coin: "ETH", price: "3000", size: "0.01" });
    const res = await hl("DELETE", `/orders/hyperliquid/ETH/0x${cloid.slice(2).toUpperCase()}`, { vars: agent.vars });
    expect(res.status, res.text).toBe(200);
    expect(res.body.result).toEqual({ status: "canceled", order_id: null, client_id: cloid });
    expect((await orderStatusOf(agent.user, oid)).order.status).toBe("canceled");
    const actions = await actionsOf(agent.user);
    expect(actions[1]?.action).toEqual({ type: "cancelByCloid", cancels: [{ asset: 1, cloid }] });
  });

  it("of an unknown order → 422 hyperliquid_rejected with the venue's message", async () => {
    const agent = await liveAgent();
    for (const id of ["123456789", `0x${"ab".repeat(16)}`]) {
      const res = await hl("DELETE", `/orders/hyperliquid/BTC/${id}`, { vars: agent.vars });
      expect(res.status, res.text).toBe(422);
      expect(res.body.error.code).toBe("hyperliquid_rejected");
      expect(res.body.error.message).toContain(MISSING_ORDER);
      expect(res.body.error.details).toMatchObject({ venue: "hyperliquid", upstream_message: MISSING_ORDER, result: { status: "rejected", message: MISSING_ORDER } });
    }
    // Sent and refused: both actions reached the stand-in (and used their nonces).
    expect(await actionsOf(agent.user)).toHaveLength(2);
  });

  it("of an order on another coin than the path's → 422, the order stays open", async () => {
    const agent = await liveAgent();
    const { oid } = await restingOrder(agent);
    const res = await hl("DELETE", `/orders/hyperliquid/ETH/${oid}`, { vars: agent.vars });
    expect(res.status, res.text).toBe(422);
    expect(res.body.error.details.upstream_message).toBe(MISSING_ORDER);
    expect((await accountOf(agent.user))?.openOrders.map((order) => order.oid)).toEqual([oid]);
  });
});

describe("modify", () => {
  it("PATCH by oid: the stand-in shows the new price and size (as a new oid)", async () => {
    const agent = await liveAgent();
    const { oid, cloid } = await restingOrder(agent);
    const res = await hl("PATCH", `/orders/hyperliquid/BTC/${oid}`, {
      vars: agent.vars,
      body: { is_buy: true, size: "0.002", price: "91000", order_type: "limit", time_in_force: "gtc", cloid },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.result).toMatchObject({ status: "resting", client_id: cloid, filled_size: "0" });
    const open = (await accountOf(agent.user))?.openOrders ?? [];
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ oid: res.body.result.order_id, cloid, limitPx: "91000.0", sz: "0.002", origSz: "0.002", side: "B", status: "open" });
    expect((await orderStatusOf(agent.user, oid)).order.status).toBe("canceled");
    const actions = await actionsOf(agent.user);
    expect(actions[1]).toMatchObject({ type: "batchModify", action: { type: "batchModify", modifies: [{ oid, order: { a: 0, b: true, p: "91000", s: "0.002", r: false, t: { limit: { tif: "Gtc" } }, c: cloid } }] } });
  });

  it("PATCH by cloid into a sell above the book", async () => {
    const agent = await liveAgent();
    const { cloid } = await restingOrder(agent);
    const res = await hl("PATCH", `/orders/hyperliquid/BTC/${cloid}`, {
      vars: agent.vars,
      body: { is_buy: false, size: "0.0015", price: "99000", order_type: "limit", time_in_force: "alo", cloid },
    });
    expect(res.status, res.text).toBe(200);
    const open = (await accountOf(agent.user))?.openOrders ?? [];
    expect(open.map((order) => [order.cloid, order.side, order.limitPx, order.sz, order.tif])).toEqual([[cloid, "A", "99000.0", "0.0015", "Alo"]]);
  });

  it("of an unknown order → 422 hyperliquid_rejected with the venue's message", async () => {
    const agent = await liveAgent();
    const res = await hl("PATCH", "/orders/hyperliquid/BTC/987654321", { vars: agent.vars, body: { is_buy: true, size: "0.001", price: "90000", order_type: "limit" } });
    expect(res.status, res.text).toBe(422);
    expect(res.body.error).toMatchObject({ code: "hyperliquid_rejected", details: { upstream_message: "Cannot modify canceled or filled order" } });
  });
});

describe("batch", () => {
  it("of orders, mixed: one rests, one fills, one refused → 200 with a result per order, in order, in one action", async () => {
    const agent = await liveAgent();
    const orders = [hlOrder(), hlOrder({ price: "98000", time_in_force: "ioc" }), hlOrder({ price: "98000", time_in_force: "alo" })];
    const res = await hl("POST", "/orders/hyperliquid/batch", { vars: agent.vars, body: { orders } });
    expect(res.status, res.text).toBe(200);
    const [rests, fills, refused] = res.body.results as Array<Record<string, any>>;
    expect(res.body.results).toHaveLength(3);
    expect(rests).toMatchObject({ status: "resting", client_id: orders[0]!.cloid, filled_size: "0" });
    expect(fills).toMatchObject({ status: "filled", client_id: orders[1]!.cloid, filled_size: "0.001" });
    expect(Number(fills!.avg_price)).toBeGreaterThan(97_000);
    expect(refused).toMatchObject({ status: "rejected", order_id: null, client_id: orders[2]!.cloid });
    expect(refused!.message).toMatch(/^Post only order would have immediately matched, bbo was /);
    const actions = await actionsOf(agent.user);
    expect(actions).toHaveLength(1);
    expect(actions[0]?.nonce).toBe(res.body.gateway.nonce);
    expect((actions[0]?.action as { orders: unknown[] }).orders).toHaveLength(3);
    expect((await accountOf(agent.user))?.positions).toMatchObject([{ coin: "BTC", szi: "0.001" }]);
  });

  it("of orders none of which is accepted → 422 hyperliquid_rejected in the error envelope, every result in details; the cloids are free", async () => {
    const agent = await liveAgent();
    const orders = [hlOrder({ price: "98000", time_in_force: "alo" }), hlOrder({ price: "97500", time_in_force: "alo" })];
    const res = await hl("POST", "/orders/hyperliquid/batch", { vars: agent.vars, body: { orders } });
    expect(res.status, res.text).toBe(422);
    expect(Object.keys(res.body)).toEqual(["error"]);
    expect(res.body.error.code).toBe("hyperliquid_rejected");
    expect(res.body.error.details.results.map((result: { status: string; client_id: string }) => [result.status, result.client_id])).toEqual(orders.map((order) => ["rejected", order.cloid]));
    expect(res.body.error.details.upstream_message).toMatch(/^Post only order would have immediately matched/);
    const retry = await hl("POST", "/orders/hyperliquid/batch", { vars: agent.vars, body: { orders: orders.map((order) => ({ ...order, time_in_force: "gtc", price: "90000" })) } });
    expect(retry.status, retry.text).toBe(200);
    expect(await actionsOf(agent.user)).toHaveLength(2);
  });

  it("of cancels none of which succeeds → 422 hyperliquid_rejected in the error envelope", async () => {
    const agent = await liveAgent();
    const res = await hl("POST", "/orders/hyperliquid/batch", { vars: agent.vars, body: { cancels: [{ coin: "BTC", order_id: 1 }, { coin: "ETH", order_id: 2 }] } });
    expect(res.status, res.text).toBe(422);
    expect(Object.keys(res.body)).toEqual(["error"]);
    expect(res.body.error).toMatchObject({ code: "hyperliquid_rejected", details: { upstream_message: MISSING_ORDER } });
    expect(res.body.error.details.results).toEqual([
      { status: "rejected", order_id: 1, client_id: null, message: MISSING_ORDER },
      { status: "rejected", order_id: 2, client_id: null, message: MISSING_ORDER },
    ]);
  });

  it("of cancels by oid and by cloid", async () => {
    const agent = await liveAgent();
    const a = await restingOrder(agent);
    const b = await restingOrder(agent, { price: "89000" });
    const c = await restingOrder(agent, { price: "88000" });
    const byOid = await hl("POST", "/orders/hyperliquid/batch", { vars: agent.vars, body: { cancels: [{ coin: "BTC", order_id: a.oid }, { coin: "BTC", order_id: b.oid }] } });
    expect(byOid.status, byOid.text).toBe(200);
    expect(byOid.body.results).toEqual([
      { status: "canceled", order_id: a.oid, client_id: null },
      { status: "canceled", order_id: b.oid, client_id: null },
    ]);
    const byCloid = await hl("POST", "/orders/hyperliquid/batch", { vars: agent.vars, body: { cancels: [{ coin: "BTC", order_id: c.cloid }, { coin: "BTC", order_id: a.cloid }] } });
    expect(byCloid.status, byCloid.text).toBe(200);
    expect(byCloid.body.results).toEqual([
      { status: "canceled", order_id: null, client_id: c.cloid },
      { status: "rejected", order_id: null, client_id: a.cloid, message: MISSING_ORDER },
    ]);
    expect((await accountOf(agent.user))?.openOrders).toEqual([]);
    expect((await actionsOf(agent.user)).map((action) => action.type)).toEqual(["order", "order", "order", "cancel", "cancelByCloid"]);
  });

  it("mixing oids and cloids → 400 naming cancels, nothing sent", async () => {
    const agent = await liveAgent();
    const res = await hl("POST", "/orders/hyperliquid/batch", {
      vars: agent.vars,
      body: { cancels: [{ coin: "BTC", order_id: 5 }, { coin: "BTC", order_id: `0x${"1".repeat(32)}` }] },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_request", details: { field: "cancels" } });
    expect(await actionsOf(agent.user)).toEqual([]);
  });
});

describe("schedule-cancel", () => {
  it("is set (≥ 5 s ahead) and cleared (null); too soon → 400 naming time, nothing sent", async () => {
    const agent = await liveAgent();
    const time = Date.now() + 10_000;
    const set = await hl("POST", "/orders/hyperliquid/schedule-cancel", { vars: agent.vars, body: { time } });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({ status: "ok", response: { type: "default" }, result: { scheduled_cancel_time: time } });
    expect((await accountOf(agent.user))?.scheduledCancel).toBe(time);

    const cleared = await hl("POST", "/orders/hyperliquid/schedule-cancel", { vars: agent.vars, body: { time: null } });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.result).toEqual({ scheduled_cancel_time: null });
    expect((await accountOf(agent.user))?.scheduledCancel).toBeNull();
    const actions = await actionsOf(agent.user);
    expect(actions.map((action) => action.action)).toEqual([{ type: "scheduleCancel", time }, { type: "scheduleCancel" }]);

    for (const early of [Date.now() + 2_000, Date.now() - 60_000]) {
      const res = await hl("POST", "/orders/hyperliquid/schedule-cancel", { vars: agent.vars, body: { time: early } });
      expect(res.status, res.text).toBe(400);
      expect(res.body.error).toMatchObject({ code: "invalid_request", details: { field: "time" } });
      expect(res.body.error.message).toContain("at least 5 seconds from now");
    }
    expect(await actionsOf(agent.user)).toHaveLength(2);
  });
});

describe("leverage", () => {
  it("sets cross or isolated leverage up to the coin's maximum; above it, or cross on an isolated-only coin → 400", async () => {
    const agent = await liveAgent();
    const isolated = await hl("POST", "/orders/hyperliquid/leverage", { vars: agent.vars, body: { coin: "BTC", leverage: 10, margin_mode: "isolated" } });
    expect(isolated.status, isolated.text).toBe(200);
    expect(isolated.body).toMatchObject({ status: "ok", response: { type: "default" }, result: { coin: "BTC", leverage: 10, margin_mode: "isolated" } });
    expect((await accountOf(agent.user))?.leverage.BTC).toEqual({ type: "isolated", value: 10 });
    const max = await hl("POST", "/orders/hyperliquid/leverage", { vars: agent.vars, body: { coin: "BTC", leverage: 40, margin_mode: "cross" } });
    expect(max.status, max.text).toBe(200);
    expect((await accountOf(agent.user))?.leverage.BTC).toEqual({ type: "cross", value: 40 });
    const bot = await hl("POST", "/orders/hyperliquid/leverage", { vars: agent.vars, body: { coin: "BOT", leverage: 3, margin_mode: "isolated" } });
    expect(bot.status, bot.text).toBe(200);
    const actions = await actionsOf(agent.user);
    expect(actions.map((action) => action.action)).toEqual([
      { type: "updateLeverage", asset: 0, isCross: false, leverage: 10 },
      { type: "updateLeverage", asset: 0, isCross: true, leverage: 40 },
      { type: "updateLeverage", asset: 4, isCross: false, leverage: 3 },
    ]);

    const tooHigh = await hl("POST", "/orders/hyperliquid/leverage", { vars: agent.vars, body: { coin: "BTC", leverage: 41, margin_mode: "cross" } });
    expect(tooHigh.status, tooHigh.text).toBe(400);
    expect(tooHigh.body.error).toMatchObject({ code: "invalid_request", details: { field: "leverage", max_leverage: 40 } });
    expect(tooHigh.body.error.message).toContain("at most 40x");
    const cross = await hl("POST", "/orders/hyperliquid/leverage", { vars: agent.vars, body: { coin: "BOT", leverage: 2, margin_mode: "cross" } });
    expect(cross.status, cross.text).toBe(400);
    expect(cross.body.error).toMatchObject({ code: "invalid_request", details: { field: "margin_mode" } });
    const unknown = await hl("POST", "/orders/hyperliquid/leverage", { vars: agent.vars, body: { coin: "NOPE", leverage: 2, margin_mode: "cross" } });
    expect(unknown.status, unknown.text).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: "unknown_market", details: { field: "coin" } });
    expect(await actionsOf(agent.user)).toHaveLength(3);
  });
});

describe("GET /account/hyperliquid", () => {
  it("shows the position after a fill and the open orders, as Hyperliquid reports them", async () => {
    const agent = await liveAgent();
    const fill = await createOrder(hlOrder({ price: "98000", time_in_force: "ioc", size: "0.002" }), agent.vars);
    expect(fill.body.result.status).toBe("filled");
    const { oid, cloid } = await restingOrder(agent);
    const res = await hl("GET", "/account/hyperliquid", { vars: agent.vars });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["account", "cross_margin_summary", "margin_summary", "open_orders", "positions", "withdrawable"]);
    expect(res.body.account).toBe(agent.user);
    expect(res.body.positions).toHaveLength(1);
    expect(res.body.positions[0]).toMatchObject({ type: "oneWay", position: { coin: "BTC", szi: "0.002", leverage: { type: "cross", value: 20 } } });
    expect(res.body.open_orders).toHaveLength(1);
    expect(res.body.open_orders[0]).toMatchObject({ coin: "BTC", side: "B", limitPx: "90000.0", sz: "0.001", oid, cloid, orderType: "Limit", tif: "Gtc" });
    const state = await hyperliquidInfo<Record<string, unknown>>(HYPERLIQUID, { type: "clearinghouseState", user: agent.user });
    expect(res.body.positions).toEqual(state.assetPositions);
    expect(res.body.margin_summary).toEqual(state.marginSummary);
    expect(res.body.withdrawable).toBe(state.withdrawable);
  });

  it("with HYPERLIQUID_VAULT_ADDRESS the vault is the account: orders act for it, the view is its", async () => {
    const vault = `0x${"5e".repeat(20)}`;
    const agent = await liveAgent({ HYPERLIQUID_VAULT_ADDRESS: vault });
    await registerHyperliquidVault(HYPERLIQUID, { user: agent.user, vault });
    const { oid } = await restingOrder(agent);
    expect((await actionsOf(vault)).map((action) => [action.account, action.vaultAddress])).toEqual([[vault, vault]]);
    expect(await actionsOf(agent.user)).toEqual([]);
    const res = await hl("GET", "/account/hyperliquid", { vars: agent.vars });
    expect(res.status, res.text).toBe(200);
    expect(res.body.account).toBe(vault);
    expect(res.body.open_orders.map((order: { oid: number }) => order.oid)).toEqual([oid]);
  });

  it("needs the gateway token", async () => {
    const res = await call("GET", "/account/hyperliquid", { token: null });
    expect(res.status).toBe(401);
  });
});

describe("/health's hyperliquid section", () => {
  it("the default configured agent is approved for its account", async () => {
    const section = await hyperliquidHealth();
    expect(section).toMatchObject({
      configured: true,
      mode: "dry-run",
      signer: HYPERLIQUID_DEFAULT_AGENT,
      account: HYPERLIQUID_DEFAULT_USER,
      vault_address: null,
      network: "mainnet",
      agent_approved: true,
      reason: null,
      agent_valid_until: null,
    });
    expect(section.ready_signing_commitments).toEqual(expect.any(Number));
  });

  it("an agent registered for another user: not approved, and the reason names both accounts", async () => {
    const { agentKey, agent, user } = await newHyperliquidAgent(HYPERLIQUID);
    const other = `0x${"b0b".repeat(13)}b`;
    const section = await hyperliquidHealth({ HYPERLIQUID_AGENT_PRIVATE_KEY: agentKey, HYPERLIQUID_ACCOUNT_ADDRESS: other });
    expect(section).toMatchObject({ configured: true, signer: agent, account: other, agent_approved: false });
    expect(section.reason).toContain(`trades for ${user}`);
    expect(section.reason).toContain(`not for HYPERLIQUID_ACCOUNT_ADDRESS ${other}`);
  });

  it("an agent Hyperliquid does not know, and a named agent past its validUntil: not approved, with the reason", async () => {
    const unknownKey = `0x${"4c".repeat(32)}`;
    const unknown = await hyperliquidHealth({ HYPERLIQUID_AGENT_PRIVATE_KEY: unknownKey, HYPERLIQUID_ACCOUNT_ADDRESS: HYPERLIQUID_DEFAULT_USER });
    expect(unknown).toMatchObject({ configured: true, agent_approved: false });
    expect(unknown.reason).toContain('as "missing", not as an agent');

    const { agentKey, agent, user } = await newHyperliquidAgent(HYPERLIQUID);
    const validUntil = Date.now() - 60_000;
    await registerHyperliquidAgent(HYPERLIQUID, { agent, user, name: "expired", validUntil });
    const expired = await hyperliquidHealth({ HYPERLIQUID_AGENT_PRIVATE_KEY: agentKey, HYPERLIQUID_ACCOUNT_ADDRESS: user });
    expect(expired).toMatchObject({ agent_approved: false, agent_valid_until: validUntil });
    expect(expired.reason).toContain("expired at");
  });

  it("a broken agent key: configured false naming HYPERLIQUID_AGENT_PRIVATE_KEY, Lighter's fields unaffected", async () => {
    const good = await hl("GET", "/health");
    const broken = await hl("GET", "/health", { vars: { HYPERLIQUID_AGENT_PRIVATE_KEY: "0x1234" } });
    expect(broken.status, broken.text).toBe(200);
    expect(broken.body.hyperliquid).toEqual({
      configured: false,
      mode: null,
      reason: "Hyperliquid trading configuration is invalid",
      configuration_errors: [{ variable: "HYPERLIQUID_AGENT_PRIVATE_KEY", message: expect.any(String) }],
    });
    expect(broken.body.feeds.hyperliquid).toEqual({ feed: "off", reason: "trading on this venue is not configured" });
    expect(broken.body.feeds.lighter).toEqual(good.body.feeds.lighter);
    const { hyperliquid: _good, feeds: _goodFeeds, ...lighterGood } = good.body;
    const { hyperliquid: _broken, feeds: _brokenFeeds, ...lighterBroken } = broken.body;
    expect(lighterBroken).toEqual(lighterGood);
    expect(lighterBroken.trading_configured).toBe(true);
  });
});

describe("a broken Hyperliquid configuration", () => {
  it("answers every Hyperliquid route 503 not_configured while Lighter still trades (dry-run)", async () => {
    const vars = { HYPERLIQUID_AGENT_PRIVATE_KEY: "not-a-key", LIGHTER_ACCOUNT_INDEX: String(freshAccount()) };
    const routes: Array<[string, string, unknown?]> = [
      ["POST", "/orders/hyperliquid", hlOrder()],
      ["POST", "/orders/hyperliquid/batch", { orders: [hlOrder()] }],
      ["POST", "/orders/hyperliquid/schedule-cancel", { time: null }],
      ["POST", "/orders/hyperliquid/leverage", { coin: "BTC", leverage: 2, margin_mode: "cross" }],
      ["DELETE", "/orders/hyperliquid/BTC/12345"],
      ["PATCH", "/orders/hyperliquid/BTC/12345", { is_buy: true, size: "0.001", price: "90000", order_type: "limit" }],
      ["GET", "/account/hyperliquid"],
    ];
    for (const [method, path, body] of routes) {
      const res = await hl(method, path, { vars, body });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(503);
      expect(res.body.error.code).toBe("not_configured");
      expect(res.body.error.details.errors).toEqual([{ variable: "HYPERLIQUID_AGENT_PRIVATE_KEY", message: expect.any(String) }]);
      expect(res.text).not.toContain("not-a-key");
    }
    const lighter = await hl("POST", "/orders/lighter", { vars, body: limitOrder() });
    expect(lighter.status, lighter.text).toBe(200);
    expect(lighter.body.gateway.mode).toBe("dry-run");
  });

  it("and the reverse: a broken Lighter key leaves Hyperliquid signing (dry-run)", async () => {
    const vars = { LIGHTER_PRIVATE_KEY: "0x1234" };
    const res = await createOrder(hlOrder(), vars);
    expect(res.status, res.text).toBe(200);
    expect(res.body.gateway.mode).toBe("dry-run");
    expect((await hl("POST", "/orders/lighter", { vars, body: limitOrder() })).status).toBe(503);
    const health = await hl("GET", "/health", { vars });
    expect(health.body.trading_configured).toBe(false);
    expect(health.body.hyperliquid.configured).toBe(true);
  });
});
