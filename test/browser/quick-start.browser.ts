/**
 * The README's quick start: on a fresh clone, `npm run dev` runs with the committed `.dev.vars.example`
 * and must give a working dry-run gateway (a trading configuration that validates, an order signed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type Gateway } from "./gateway";

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway({ quickStart: true });
});

afterAll(async () => {
  await gateway?.stop();
});

describe("quick start with .dev.vars.example", () => {
  it("configures dry-run trading from the example file alone", async () => {
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as Record<string, unknown>;
    expect(health, gateway.log()).toMatchObject({ status: "ok", mode: "dry-run", trading_configured: true, account_index: 123456 });
  });

  it("signs the original payload with the example token", async () => {
    const res = await fetch(`${gateway.url}/orders/lighter`, {
      method: "POST",
      headers: { Authorization: `Bearer ${gateway.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ market_index: 0, client_order_index: 99, base_amount: 1000, is_ask: true, order_type: "market", avg_execution_price: 170000, reduce_only: false }),
    });
    const body = (await res.json()) as { gateway?: { mode: string; tx_info: string } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.gateway?.mode).toBe("dry-run");
    expect(JSON.parse(body.gateway?.tx_info ?? "{}")).toMatchObject({ AccountIndex: 123456, ApiKeyIndex: 3, ClientOrderIndex: 99 });
  });

  it("signs a Hyperliquid order with the example agent key, in dry-run", async () => {
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as { hyperliquid?: Record<string, unknown> };
    expect(health.hyperliquid, gateway.log()).toMatchObject({ configured: true, mode: "dry-run", signer: "0x14791697260e4c9a71f18484c9f997b308e59325" });
    const res = await fetch(`${gateway.url}/orders/hyperliquid`, {
      method: "POST",
      headers: { Authorization: `Bearer ${gateway.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ coin: "BTC", is_buy: true, size: "0.001", price: "65000", order_type: "limit", cloid: "0x0000000000000000000000000000002a" }),
    });
    const body = (await res.json()) as { gateway?: { mode: string; request_body: { action: { type: string; orders: unknown[] }; signature: unknown } } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.gateway?.mode).toBe("dry-run");
    expect(body.gateway?.request_body.action).toEqual({
      type: "order",
      orders: [{ a: 0, b: true, p: "65000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } }, c: "0x0000000000000000000000000000002a" }],
      grouping: "na",
    });
  });
});
