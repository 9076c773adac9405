import { describe, expect, it } from "vitest";
import { EventCursor, orderLines, parseFrame, type OrderEvent } from "../../public/js/order-events.js";

const at = "2026-11-24T10:00:00.000Z";

function event(seq: number, request: Record<string, unknown>, status: number, body: unknown, venue = "lighter"): OrderEvent {
  return { seq, type: "order", venue, created_at: at, payload: { request, response: { status, body } } };
}

describe("orderLines", () => {
  it("reads a signed create order", () => {
    const create = { action: "create", market_index: 1, client_order_index: 7, base_amount: 1500, price: 6012345, is_ask: true, order_type: "limit" };
    const [line] = orderLines(event(3, create, 200, { code: 200, tx_hash: "0xabc", gateway: { mode: "dry-run" } }));
    expect(line).toEqual({ seq: 3, time: at, venue: "lighter", action: "create", market: "1", side: "sell", size: "1500", price: "6012345", status: "200 signed (dry-run)", ok: true, txHash: "0xabc" });
  });

  it("reads a refused order, keeping the hash from the error details", () => {
    const create = { action: "create", market_index: 0, base_amount: 10, avg_execution_price: 5, is_ask: false };
    const [line] = orderLines(event(4, create, 504, { error: { code: "lighter_timeout", message: "…", details: { tx_hash: "0xdef" } } }));
    expect(line).toMatchObject({ side: "buy", price: "5", status: "504 lighter_timeout", ok: false, txHash: "0xdef" });
  });

  it("expands a batch into one line per transaction with its own hash", () => {
    const batch = { action: "batch", transactions: [{ action: "create", market_index: 0, base_amount: 1, price: 2, is_ask: false }, { action: "cancel", market_index: 0, order_index: 9 }] };
    const lines = orderLines(event(5, batch, 200, { code: 200, tx_hash: ["0x1", "0x2"], gateway: { mode: "live" } }));
    expect(lines.map((l) => [l.action, l.side, l.txHash, l.status])).toEqual([
      ["create", "buy", "0x1", "200 accepted"],
      ["cancel", "–", "0x2", "200 accepted"],
    ]);
  });

  it("names a cancel-all by its mode", () => {
    const [line] = orderLines(event(6, { action: "cancel_all", mode: "scheduled", time: 1 }, 200, { code: 200, tx_hash: "0x9" }));
    expect(line?.action).toBe("cancel all (scheduled)");
  });
});

describe("orderLines: Hyperliquid", () => {
  const hash = `0x${"ab".repeat(32)}`;

  it("reads a Hyperliquid order in its own terms: coin, is_buy, decimal size and price, the action hash", () => {
    const create = { action: "create", coin: "BTC", is_buy: false, size: "0.001", price: "65000", order_type: "limit", cloid: `0x${"1".repeat(32)}` };
    const [line] = orderLines(event(7, create, 200, { status: "ok", result: { status: "resting" }, gateway: { mode: "live", action_hash: hash } }, "hyperliquid"));
    expect(line).toEqual({ seq: 7, time: at, venue: "hyperliquid", action: "create", market: "BTC", side: "sell", size: "0.001", price: "65000", status: "200 accepted", ok: true, txHash: hash });
  });

  it("keeps the action hash of a refused or unknown order from the error details", () => {
    const create = { action: "create", coin: "ETH", is_buy: true, size: "0.01", price: "3500" };
    const [line] = orderLines(event(8, create, 504, { error: { code: "hyperliquid_timeout", message: "…", details: { gateway: { action_hash: hash } } } }, "hyperliquid"));
    expect(line).toMatchObject({ side: "buy", status: "504 hyperliquid_timeout", ok: false, txHash: hash });
  });

  it("expands a batch of orders or of cancels into one line each, all under the one action hash", () => {
    const orders = { action: "batch", orders: [{ coin: "BTC", is_buy: true, size: "0.001", price: "60000" }, { coin: "SOL", is_buy: false, size: "1", price: "200" }] };
    const lines = orderLines(event(9, orders, 200, { status: "ok", results: [], gateway: { mode: "live", action_hash: hash } }, "hyperliquid"));
    expect(lines.map((l) => [l.action, l.market, l.side, l.txHash])).toEqual([
      ["create", "BTC", "buy", hash],
      ["create", "SOL", "sell", hash],
    ]);
    const cancels = { action: "batch", cancels: [{ coin: "BTC", order_id: 12 }] };
    expect(orderLines(event(10, cancels, 200, { gateway: { action_hash: hash } }, "hyperliquid")).map((l) => l.action)).toEqual(["cancel"]);
  });

  it("names schedule-cancel and leverage actions in words", () => {
    const [line] = orderLines(event(11, { action: "schedule_cancel", time: null }, 200, { gateway: { mode: "dry-run" } }, "hyperliquid"));
    expect(line?.action).toBe("schedule cancel");
  });
});

describe("EventCursor", () => {
  it("asks for the whole log first, then resumes after the last seq and drops replays", () => {
    const cursor = new EventCursor();
    expect(cursor.query()).toBe("since=0");
    expect(cursor.accept(1)).toBe(true);
    expect(cursor.accept(2)).toBe(true);
    expect(cursor.query()).toBe("since=2");
    expect(cursor.accept(2)).toBe(false);
    expect(cursor.accept(1)).toBe(false);
    expect(cursor.accept(5)).toBe(true);
    expect(cursor.query()).toBe("since=5");
  });
});

describe("parseFrame", () => {
  it("tells events from control frames and garbage", () => {
    expect(parseFrame(JSON.stringify(event(1, {}, 200, {}))).kind).toBe("event");
    expect(parseFrame('{"type":"gap","since":0,"first_seq":11,"missed":10}')).toEqual({ kind: "gap", missed: 10 });
    expect(parseFrame('{"type":"error","code":"x","message":"y"}')).toEqual({ kind: "error", message: "x: y" });
    expect(parseFrame('{"type":"status","last_seq":3}')).toEqual({ kind: "other" });
    expect(parseFrame("pong")).toEqual({ kind: "other" });
    expect(parseFrame("null")).toEqual({ kind: "other" });
  });
});
