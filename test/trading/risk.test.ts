import { beforeEach, describe, expect, it } from "vitest";
import { injectFault } from "../standins/control";
import { accepted, call, freshAccount, json, limitOrder, liveVars, STANDIN } from "./harness";

// The stand-in lists ETH as market 0 with size_decimals 4 and price_decimals 2:
// base_amount 1000 = 0.1 ETH, price 350000 = 3500.00 USDC, so the notional is 350.00 USDC.
describe("risk caps", () => {
  beforeEach(async () => {
    await fetch(`${STANDIN}/__control/reset`, { method: "POST" });
  });

  it("accepts an order exactly at MAX_ORDER_NOTIONAL and refuses one a tenth of a cent above, before signing", async () => {
    const account = freshAccount();
    const vars = liveVars(account, 3, 3, { MAX_ORDER_NOTIONAL: "350" });
    expect((await call("POST", "/orders/lighter", { body: limitOrder({ base_amount: 1000, price: 350000 }), vars })).status).toBe(200);
    const res = await call("POST", "/orders/lighter", { body: limitOrder({ base_amount: 1000, price: 350001 }), vars });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toMatchObject({ code: "notional_cap_exceeded", details: { notional: "350.001", max_order_notional: "350", market: "ETH" } });
    expect(await accepted(account)).toHaveLength(1);
  });

  it("applies the cap to modifications and to each batch entry", async () => {
    const vars = liveVars(freshAccount(), 3, 3, { MAX_ORDER_NOTIONAL: "100.5" });
    const modify = await call("PATCH", "/orders/lighter/0/77", { vars, body: { base_amount: 1000, price: 350000 } });
    expect(modify.status).toBe(422);
    const batch = await call("POST", "/orders/lighter/batch", { vars, body: { transactions: [{ action: "cancel", market_index: 0, order_index: 1 }, { action: "create", ...limitOrder() }] } });
    expect(batch.status).toBe(422);
    expect((await json(batch)).error.details.field).toBe("transactions.1.base_amount");
  });

  it("refuses markets outside ALLOWED_MARKETS", async () => {
    const vars = liveVars(freshAccount(), 3, 3, { ALLOWED_MARKETS: "1,2" });
    const res = await call("POST", "/orders/lighter", { body: limitOrder({ market_index: 0 }), vars });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toMatchObject({ code: "market_not_allowed", details: { field: "market_index", allowed_markets: [1, 2] } });
  });

  it("refuses rather than skip the cap when the market decimals cannot be read", async () => {
    const account = freshAccount();
    await injectFault(STANDIN, "/api/v1/orderBookDetails", { kind: "status", status: 500 });
    const res = await call("POST", "/orders/lighter", { body: limitOrder(), vars: liveVars(account, 3, 3, { MAX_ORDER_NOTIONAL: "1000000" }) });
    expect(res.status).toBe(503);
    expect((await json(res)).error.code).toBe("risk_check_unavailable");
    expect(await accepted(account)).toHaveLength(0);
  });
});
