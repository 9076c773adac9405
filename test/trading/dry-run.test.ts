import { describe, expect, it } from "vitest";
import { verifyTx } from "../../src/venues/lighter/tx";
import { call, CHAIN_ID, freshAccount, json, limitOrder, marketOrder, PUBLIC_KEY, TOKEN } from "./harness";

describe("POST /orders/lighter in dry-run", () => {
  it("accepts the original payload, signs it, and sends nothing", async () => {
    const account = freshAccount();
    const order = marketOrder();
    const res = await call("POST", "/orders/lighter", { body: order, vars: { LIGHTER_ACCOUNT_INDEX: String(account) } });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.code).toBe(200);
    expect(body.gateway).toMatchObject({ mode: "dry-run", api_key_index: 3, nonce: 0, tx_type: 14, client_order_index: order.client_order_index });
    const txInfo = JSON.parse(body.gateway.tx_info as string);
    expect(txInfo).toMatchObject({
      AccountIndex: account,
      ApiKeyIndex: 3,
      MarketIndex: 0,
      ClientOrderIndex: order.client_order_index,
      BaseAmount: 1000,
      Price: 170000,
      IsAsk: 1,
      Type: 1,
      TimeInForce: 0,
      ReduceOnly: 0,
      TriggerPrice: 0,
      OrderExpiry: 0,
      Nonce: 0,
    });
    expect(verifyTx(CHAIN_ID, 14, body.gateway.tx_info as string, PUBLIC_KEY)).toBe(true);
    // ExpiredAt: the SDK default of now + 10 min − 1 s.
    expect(txInfo.ExpiredAt).toBeGreaterThan(Date.now() + 9 * 60 * 1000);
    expect(txInfo.ExpiredAt).toBeLessThanOrEqual(Date.now() + 10 * 60 * 1000);
  });

  it("counts nonces per key locally and gives a limit order a 28-day expiry by default", async () => {
    const account = freshAccount();
    const vars = { LIGHTER_ACCOUNT_INDEX: String(account) };
    const first = await json(await call("POST", "/orders/lighter", { body: limitOrder(), vars }));
    const second = await json(await call("POST", "/orders/lighter", { body: limitOrder({ time_in_force: "post_only" }), vars }));
    expect([first.gateway.nonce, second.gateway.nonce]).toEqual([0, 1]);
    const info = JSON.parse(second.gateway.tx_info as string);
    expect(info.TimeInForce).toBe(2);
    const days = (info.OrderExpiry - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(27.99);
    expect(days).toBeLessThanOrEqual(28);
  });

  it("refuses an order_expiry in the past, naming the field", async () => {
    const res = await call("POST", "/orders/lighter", { body: limitOrder({ order_expiry: Date.now() - 1000 }), vars: { LIGHTER_ACCOUNT_INDEX: String(freshAccount()) } });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: "invalid_request", details: { field: "order_expiry" } });
  });

  it("names the caller's field when Lighter's combination rules refuse an order", async () => {
    // A market order must be immediate-or-cancel (lighter/SPEC.md §2.2).
    const res = await call("POST", "/orders/lighter", { body: marketOrder({ time_in_force: "gtt" }), vars: { LIGHTER_ACCOUNT_INDEX: String(freshAccount()) } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.details.field).toBe("time_in_force");
  });
});

describe("authentication and configuration", () => {
  it("answers 401 without a token and with a wrong one, however close to the right one", async () => {
    const lastChanged = `${TOKEN.slice(0, -1)}${TOKEN.endsWith("x") ? "y" : "x"}`;
    for (const token of [null, "wrong-token-wrong-token", lastChanged, `${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase()]) {
      const res = await call("POST", "/orders/lighter", { body: marketOrder(), token });
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe("unauthorized");
      expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
    }
  });

  it("answers 503 naming the variable while the trading configuration is invalid, and /health keeps working", async () => {
    const vars = { LIGHTER_PRIVATE_KEY: undefined, LIGHTER_ACCOUNT_INDEX: "abc" };
    const res = await call("POST", "/orders/lighter", { body: marketOrder(), vars });
    expect(res.status).toBe(503);
    const { error } = await json(res);
    expect(error.code).toBe("not_configured");
    expect(error.details.errors).toEqual(
      expect.arrayContaining([
        { variable: "LIGHTER_PRIVATE_KEY", message: "is not set" },
        { variable: "LIGHTER_ACCOUNT_INDEX", message: "must be a whole decimal number" },
      ]),
    );
    const health = await call("GET", "/health", { vars, token: null });
    expect(health.status).toBe(200);
    expect(await json(health)).toMatchObject({ status: "ok", trading_configured: false, lighter_connected: false });
  });
});
