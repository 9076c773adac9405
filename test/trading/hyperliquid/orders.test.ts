import { describe, expect, it } from "vitest";
import { hyperliquidState } from "../../standins/hyperliquid-control";
import { call, json } from "../harness";
import { HYPERLIQUID, hlOrder, liveAgent } from "./harness";

describe("Hyperliquid orders against the stand-in", () => {
  it("rests a limit order below the book, with Hyperliquid's answer, the result and the gateway's part", async () => {
    const { vars, agent, user } = await liveAgent();
    const order = hlOrder();
    const res = await call("POST", "/orders/hyperliquid", { body: order, vars });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.result).toMatchObject({ status: "resting", client_id: order.cloid, filled_size: "0", avg_price: null });
    expect(body.result.order_id).toEqual(expect.any(Number));
    expect(body.gateway).toMatchObject({ mode: "live", signer: agent });
    expect(body.gateway.action_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(body.gateway.request_body).toBeUndefined();
    const state = await hyperliquidState(HYPERLIQUID, user);
    expect(state.actions).toHaveLength(1);
    expect(state.actions[0]).toMatchObject({ signer: agent, account: user, nonce: body.gateway.nonce, type: "order" });
    expect(state.accounts[0]?.openOrders.map((o) => o.cloid)).toEqual([order.cloid]);
  });

  it("fills an order that crosses the book: filled, with total size and average price", async () => {
    const { vars } = await liveAgent();
    const res = await call("POST", "/orders/hyperliquid", { body: hlOrder({ price: "98000", time_in_force: "ioc" }), vars });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.result).toMatchObject({ status: "filled", filled_size: "0.001" });
    expect(Number(body.result.avg_price)).toBeGreaterThan(97000);
  });
});
