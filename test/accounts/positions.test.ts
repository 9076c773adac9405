/**
 * The account routes across both venues at once: after a sequence of fills on Lighter and Hyperliquid,
 * GET /positions equals the sum of the fills per venue and per asset (kPEPE and 1000PEPE both PEPE), and
 * GET /fills pages through every fill of both venues once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exposures } from "../../src/http/positions";
import type { OfAccount, Position } from "../../src/accounts/model";
import { add, formatDecimal, parseDecimal } from "../../src/trading/decimal";
import { configureHyperliquidFeed, HYPERLIQUID_FEED_DEFAULT_MAX_USERS } from "../standins/hyperliquid-control";
import { createOrder, hlOrder, liveAgent } from "../trading/hyperliquid/harness";
import { call, freshAccount, json, liveVars, marketOrder } from "../trading/harness";
import { AccountEvents, HYPERLIQUID, retireFeed, startFeedsWith, waitUntilLive } from "./feed-harness";

function sum(values: string[]): string {
  return formatDecimal(values.reduce((total, value) => add(total, parseDecimal(value)), parseDecimal("0")));
}

// Feeds of earlier files stay subscribed: lift the stand-in's per-IP cap of 10 users (the venue's) meanwhile.
beforeAll(() => configureHyperliquidFeed(HYPERLIQUID, { maxUsers: 1000 }));
afterAll(() => configureHyperliquidFeed(HYPERLIQUID, { maxUsers: HYPERLIQUID_FEED_DEFAULT_MAX_USERS }));

describe("positions and fills across venues", () => {
  it("nets each asset's fills across venues, and pages through every fill once", async () => {
    const account = freshAccount();
    const agent = await liveAgent();
    const vars = { ...liveVars(account, 3, 3), ...agent.vars, ACCOUNT_FEEDS: "on" };
    const lighter = await AccountEvents.open("lighter", (p) => p.account === String(account));
    const hyperliquid = await AccountEvents.open("hyperliquid", (p) => p.account === agent.user);
    await startFeedsWith(vars);
    await waitUntilLive("lighter", account);
    await waitUntilLive("hyperliquid", agent.user);

    // Lighter: sell 0.1 ETH twice, buy 0.05 back; 3000 1000PEPE short. Hyperliquid: buy 0.15 ETH, 3 kPEPE long.
    for (const order of [marketOrder(), marketOrder(), marketOrder({ is_ask: false, base_amount: 500, avg_execution_price: 400000 }), marketOrder({ market_index: 4, base_amount: 3000, avg_execution_price: 1 })]) {
      const res = await call("POST", "/orders/lighter", { body: order, vars });
      expect(res.status, await res.text()).toBe(200);
    }
    for (const order of [hlOrder({ coin: "ETH", size: "0.15", price: "3600", time_in_force: "ioc" }), hlOrder({ coin: "kPEPE", size: "3000", price: "0.013", time_in_force: "ioc" })]) {
      const answer = await createOrder(order, vars);
      expect(answer.status, answer.text).toBe(200);
    }
    const lighterFills = await lighter.waitFor("fill", 4);
    const hyperliquidFills = await hyperliquid.waitFor("fill", 2);
    await lighter.waitFor("position", 1, (p) => p.market === "4");
    await hyperliquid.waitFor("position", 1, (p) => p.market === "kPEPE");
    await lighter.waitFor("position", 1, (p) => p.market === "0" && p.size === "-0.15");

    const signed = (fill: Record<string, any>) => (fill.side === "buy" ? fill.asset_size : `-${fill.asset_size}`);
    const fills = [...lighterFills, ...hyperliquidFills];
    const expected = (asset: string) => sum(fills.filter((f) => f.asset === asset).map(signed));
    const answer = await json(await call("GET", "/positions", { vars }));
    expect(answer.assets.map((a: Record<string, unknown>) => [a.asset, a.net_size])).toEqual([
      ["ETH", expected("ETH")],
      ["PEPE", expected("PEPE")],
    ]);
    expect(expected("ETH")).toBe("0");
    expect(expected("PEPE")).toBe("0");
    expect(answer.assets.map((a: Record<string, unknown>) => a.venues)).toEqual([["hyperliquid", "lighter"], ["hyperliquid", "lighter"]]);
    expect(answer.sources).toMatchObject({ lighter: { feed: "on" }, hyperliquid: { feed: "on" } });

    // Page through /fills two at a time: every fill of both venues once, oldest first.
    const seen: Array<Record<string, any>> = [];
    let cursor: string | null = null;
    do {
      const page: Record<string, any> = await json(await call("GET", `/fills?limit=2${cursor === null ? "" : `&cursor=${cursor}`}`, { vars }));
      seen.push(...page.fills);
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(seen.map((f) => f.trade_id).sort()).toEqual(fills.map((f) => f.trade_id).sort());
    expect(seen.map((f) => f.time)).toEqual([...seen.map((f) => f.time)].sort((a, b) => a - b));
    const pepe = await json(await call("GET", "/fills?asset=pepe", { vars }));
    expect(pepe.fills.map((f: Record<string, unknown>) => f.market).sort()).toEqual(["4", "kPEPE"]);
    lighter.close();
    hyperliquid.close();
    await retireFeed("lighter", account);
    await retireFeed("hyperliquid", agent.user);
  });

  it("holds no feed in dry-run, and says so in /health and in the account routes", async () => {
    const vars = { ...liveVars(freshAccount(), 3, 3), TRADING_MODE: "dry-run", ACCOUNT_FEEDS: "on" };
    const health = await json(await call("GET", "/health", { vars }));
    expect(health.feeds.lighter).toEqual({ feed: "off", reason: "TRADING_MODE is dry-run: there is no venue account to watch" });
    const positions = await json(await call("GET", "/positions", { vars }));
    expect(positions).toMatchObject({ positions: [], assets: [], sources: { lighter: { feed: "off" }, hyperliquid: { feed: "off" } } });
    const off = await json(await call("GET", "/fills", { vars: { ...vars, TRADING_MODE: "live", ACCOUNT_FEEDS: "off" } }));
    expect(off.sources.lighter).toEqual({ feed: "off", reason: "ACCOUNT_FEEDS is off" });
  });

  it("refuses a bad filter with a 400 naming it", async () => {
    for (const [query, parameter] of [["venue=grvt", "venue"], ["limit=0", "limit"], ["since=soon", "since"], ["cursor=abc", "cursor"], ["side=buy", "side"]] as const) {
      const res = await call("GET", `/fills?${query}`);
      expect(res.status, query).toBe(400);
      expect((await json(res)).error.details.parameter, query).toBe(parameter);
    }
    expect((await call("GET", "/positions", { token: null })).status).toBe(401);
  });

  it("sums notional, PnL and margin per asset only when every venue states them", () => {
    const position = (venue: "lighter" | "hyperliquid", fields: Partial<Position>): OfAccount<Position> => ({
      venue,
      account: "a",
      market: "m",
      asset: "PEPE",
      size: "0",
      asset_size: "0",
      entry_price: null,
      mark_price: null,
      unrealized_pnl: null,
      liquidation_price: null,
      margin: null,
      time: 0,
      raw: {},
      ...fields,
    });
    const hedged = exposures([
      position("hyperliquid", { market: "kPEPE", size: "-3000", asset_size: "-3000000", mark_price: "0.0125", unrealized_pnl: "-0.01", margin: "1.5" }),
      position("lighter", { market: "4", size: "3000", asset_size: "3000000", mark_price: "0.0126", unrealized_pnl: "0.02", margin: "2" }),
    ]);
    // Each venue's size times its own mark: −3000 kPEPE × 0.0125 = −37.5; 3000 1000PEPE × 0.0126 = 37.8.
    expect(hedged).toEqual([{ asset: "PEPE", net_size: "0", gross_notional: "75.3", net_notional: "0.3", unrealized_pnl: "0.01", margin: "3.5", venues: ["hyperliquid", "lighter"] }]);
    const unknownMark = exposures([position("lighter", { size: "1", asset_size: "1", margin: "2" }), position("hyperliquid", { size: "-1", asset_size: "-1", mark_price: "5", margin: "1" })]);
    expect(unknownMark[0]).toMatchObject({ net_size: "0", gross_notional: null, net_notional: null, unrealized_pnl: null, margin: "3" });
  });
});
