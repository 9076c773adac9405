/**
 * The pair view's arithmetic with hand-computed figures: entry and exit prices from the fills, fees,
 * price PnL with what is still held valued at the mark, and a venue's funding payment shared among the
 * asset's pairs on that venue by size.
 */
import { describe, expect, it } from "vitest";
import type { Fill, FundingPayment, OfAccount } from "../../src/accounts/model";
import type { LegMarket } from "../../src/arb/leg-rules";
import type { PairRecord } from "../../src/arb/pair";
import { pairView } from "../../src/arb/pair-view";

const market = (venue: "lighter" | "hyperliquid"): LegMarket => ({ venue, market: venue === "lighter" ? "0" : "ETH", symbol: "ETH", asset: "ETH", multiplier: "1", sizeStep: "0.0001", minSize: null, minNotional: null, priceRule: { kind: "tick", tick: "0.01" }, integerOrders: false });

function pair(id: string, size: string, opened: number, closed: number | null = null): PairRecord {
  const order = (leg: "long" | "short", side: "buy" | "sell") => ({
    leg,
    venue: leg === "long" ? ("lighter" as const) : ("hyperliquid" as const),
    market: leg === "long" ? "0" : "ETH",
    purpose: "entry" as const,
    order: { side, size, limitPrice: "1", reduceOnly: false, clientId: `${id}:${leg}` },
    sent_at: opened,
    outcome: { status: "done" as const, filledSize: size, averagePrice: null, orderId: "1" },
    filled_asset_size: size,
  });
  return {
    pair_id: id,
    asset: "ETH",
    execution: "parallel",
    state: closed === null ? "open" : "closed",
    request: {} as PairRecord["request"],
    sizing: {} as PairRecord["sizing"],
    economics: { spread_apr: 0.25 } as PairRecord["economics"],
    markets: { long: market("lighter"), short: market("hyperliquid") },
    limits: { long: { buy: "1", sell: "1" }, short: { buy: "1", sell: "1" } },
    max_orders: 4,
    orders: [order("long", "buy"), order("short", "sell")],
    history: [],
    attention: null,
    created_at: opened,
    legs_answered_at: opened,
    opened_at: opened,
    closed_at: closed,
  };
}

const fill = (venue: "lighter" | "hyperliquid", side: "buy" | "sell", price: string, size: string, fee: string): OfAccount<Fill> => ({
  venue, account: "a", market: venue === "lighter" ? "0" : "ETH", asset: "ETH", side, price, size, asset_size: size, fee, fee_asset: "USDC", liquidity: "taker", liquidation: false, order_id: "1", client_id: "c", trade_id: "t", time: 1, raw: {},
});

const payment = (venue: "lighter" | "hyperliquid", amount: string, time: number): OfAccount<FundingPayment> => ({ venue, account: "a", market: "ETH", asset: "ETH", amount, rate: "0.0001", position_size: "-0.3", time, raw: {} });

describe("pairView", () => {
  it("prices, fees, price PnL at the mark, and funding shared by size", () => {
    const mine = pair("p1", "0.2", 1_000);
    const other = pair("p2", "0.1", 500);
    const closedBefore = pair("p3", "0.5", 100, 900);
    const view = pairView(mine, {
      fills: {
        long: [fill("lighter", "buy", "3500", "0.1", "0.01"), fill("lighter", "buy", "3510", "0.1", "0.01")],
        short: [fill("hyperliquid", "sell", "3512", "0.2", "0.316")],
      },
      // One Hyperliquid payment of 0.3 on the 0.3 ETH short, at a time both open pairs held it (p3 had closed).
      funding: { long: [], short: [payment("hyperliquid", "0.3", 2_000)] },
      marks: { long: 3520, short: 3520 },
      rates: { long: 0.00001, short: 0.00004 },
      others: [mine, other, closedBefore],
    });
    // Long: bought 0.2 at 3505 on average, held at 3520: +3. Short: sold 0.2 at 3512, held at 3520: −1.6.
    expect(view.legs.long).toMatchObject({ entry_price: "3505", exit_price: null, asset_size: "0.2", fees: "0.02", funding: "0" });
    expect(view.legs.short).toMatchObject({ entry_price: "3512", asset_size: "0.2", fees: "0.316", funding: "0.2" });
    expect(view.pnl).toEqual({ price: "1.4", funding: "0.2", fees: "0.336", total: "1.264" });
    expect(view.spread_apr.entry).toBe(0.25);
    expect(view.spread_apr.now).toBeCloseTo(0.2628, 10);
    expect(view.orders_sent).toBe(2);
  });

  it("says the price PnL is unknown while a leg holds something and its mark is not known", () => {
    const view = pairView(pair("p1", "0.2", 1), {
      fills: { long: [fill("lighter", "buy", "3500", "0.2", "0")], short: [] },
      funding: { long: [], short: [] },
      marks: { long: null, short: 3500 },
      rates: { long: null, short: null },
      others: [],
    });
    expect(view.pnl).toEqual({ price: null, funding: "0", fees: "0", total: null });
    expect(view.spread_apr.now).toBeNull();
  });
});
