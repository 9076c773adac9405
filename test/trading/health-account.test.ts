import { beforeEach, describe, expect, it } from "vitest";
import { injectFault } from "../standins/control";
import { lighterRestingOrder, lighterTrade } from "../standins/lighter-feed-control";
import { call, freshAccount, json, liveVars, STANDIN } from "./harness";

describe("GET /health", () => {
  beforeEach(async () => {
    await fetch(`${STANDIN}/__control/reset`, { method: "POST" });
  });

  it("is connected when the derived public key is the one Lighter registered, with each key's nonce state", async () => {
    const res = await call("GET", "/health", { token: null, vars: liveVars(freshAccount(), 3, 4) });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ status: "ok", mode: "live", trading_configured: true, lighter_connected: true, reason: null, nonce_manager: "optimistic" });
    expect(body.api_keys).toEqual([
      { api_key_index: 3, next_nonce: null, queued: 0, last_error: null, registered: true },
      { api_key_index: 4, next_nonce: null, queued: 0, last_error: null, registered: true },
    ]);
  });

  it("is not connected, with the reason, when Lighter has another key for the account", async () => {
    const body = await json(await call("GET", "/health", { token: null, vars: liveVars(777) }));
    expect(body.lighter_connected).toBe(false);
    expect(body.reason).toBe("LIGHTER_PRIVATE_KEY does not match the public key Lighter has for API key 3");
  });

  it("is not connected when the key index is not registered, or Lighter cannot be read", async () => {
    const missing = await json(await call("GET", "/health", { token: null, vars: liveVars(freshAccount(), 30) }));
    expect(missing.reason).toMatch(/^no API key 30 is registered/);
    await injectFault(STANDIN, "/api/v1/apikeys", { kind: "html", status: 502 });
    const down = await json(await call("GET", "/health", { token: null, vars: liveVars(freshAccount()) }));
    expect(down.lighter_connected).toBe(false);
    expect(down.reason).toMatch(/^could not read the registered keys/);
    expect(down.last_upstream_error.message).toMatch(/^apikeys: /);
  });
});

describe("GET /account/lighter", () => {
  it("returns balances, positions and open orders, keeping order indices above 2^53 exact", async () => {
    const account = freshAccount();
    await lighterTrade(STANDIN, { account_index: account, market_id: 0, side: "buy", size: "18.0193", price: "2669.84" });
    await lighterRestingOrder(STANDIN, { account_index: account, market_id: 0, side: "buy", size: "0.1000", price: "3400.00", order_index: "1152921504606846975", client_order_index: 99 });
    const res = await call("GET", "/account/lighter", { vars: liveVars(account) });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const body = JSON.parse(text);
    expect(body.account).toMatchObject({ available_balance: expect.stringMatching(/^\d+\.\d{6}$/), positions: [{ symbol: "ETH", position: "18.0193" }] });
    expect(text).toContain('"order_index":1152921504606846975');
    expect(body.open_orders).toHaveLength(1);
  });

  it("needs the gateway token", async () => {
    expect((await call("GET", "/account/lighter", { token: null })).status).toBe(401);
  });
});
