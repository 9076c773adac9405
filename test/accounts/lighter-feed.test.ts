/**
 * The Lighter account feed against the stand-in's /stream: orders signed and sent through the gateway
 * execute against the stand-in's book, and the fills, order states, positions and funding payments come
 * back as events exactly once, across drops, silence, duplicates, snapshot replays, malformed frames,
 * restarts and an expiring auth token.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureConsole } from "../capture-console";
import { lighterFeedFault, lighterFeedState, lighterFunding, lighterTrade } from "../standins/lighter-feed-control";
import { call, freshAccount, json, liveVars, marketOrder, limitOrder, PRIVATE_KEY_HEX } from "../trading/harness";
import { AccountEvents, feedStub, letTimePass, LIGHTER, makeRenewalDue, restartFeed, retireFeed, runWatchdog, startFeedsWith, waitFor, waitUntilLive } from "./feed-harness";

let account: number;
let vars: Record<string, string>;
let events: AccountEvents;

/** Sells 0.1 ETH (market 0) at market: the stand-in's bids take it at once. */
async function sell(overrides: Record<string, unknown> = {}): Promise<number> {
  const order = marketOrder(overrides);
  const res = await call("POST", "/orders/lighter", { body: order, vars });
  expect(res.status, await res.clone().text()).toBe(200);
  return order.client_order_index as number;
}

beforeEach(async () => {
  account = freshAccount();
  vars = liveVars(account, 3, 3, { ACCOUNT_FEEDS: "on" });
  events = await AccountEvents.open("lighter", (payload) => payload.account === String(account));
  await startFeedsWith(vars);
  await waitUntilLive("lighter", account);
});

afterEach(async () => {
  events.close();
  await retireFeed("lighter", account);
  await lighterFeedFault(LIGHTER, "accept");
  await lighterFeedFault(LIGHTER, "resume", account);
});

describe("Lighter account feed", () => {
  it("subscribes every account channel with a valid auth token, and publishes one fill and the position for an order that fills", async () => {
    const connection = (await lighterFeedState(LIGHTER)).connections.find((c) => c.account_index === account);
    expect(connection?.subscriptions.map((s) => s.split("/")[0]).sort()).toEqual(["account_all", "account_all_orders", "account_all_positions", "account_all_trades", "user_stats"]);
    const clientId = await sell();
    const [fill] = await events.waitFor("fill", 1);
    expect(fill).toMatchObject({ venue: "lighter", account: String(account), market: "0", asset: "ETH", side: "sell", size: "0.1000", asset_size: "0.1", liquidity: "taker", fee_asset: "USDC", client_id: String(clientId), liquidation: false });
    // 2 bp taker on the quote amount (rate 200 per 10^6), exactly.
    expect(Number(fill?.fee)).toBeCloseTo(Number(fill?.price) * 0.1 * 0.0002, 9);
    const [position] = await events.waitFor("position", 1);
    expect(position).toMatchObject({ venue: "lighter", market: "0", asset: "ETH", size: "-0.1" });
    await events.waitFor("order_update", 1, (update) => update.client_id === String(clientId) && update.status === "filled");
    const positions = await json(await call("GET", "/positions?venue=lighter", { vars }));
    expect(positions.positions).toEqual([expect.objectContaining({ market: "0", size: "-0.1" })]);
    expect(positions.assets).toEqual([expect.objectContaining({ asset: "ETH", net_size: "-0.1", venues: ["lighter"] })]);
    expect(events.of("fill")).toHaveLength(1);
    const health = await json(await call("GET", "/health", { vars }));
    expect(health.feeds.lighter).toMatchObject({ feed: "on", status: { venue: "lighter", account: String(account), state: "live", connected: true, reconnects: 0, last_error: null } });
    expect(health.feeds.lighter.status.last_message_age_ms).toBeLessThan(5_000);
  });

  it("reports an order that ended while the socket was down, found by reconciliation", async () => {
    const order = limitOrder({ price: 300000 });
    expect((await call("POST", "/orders/lighter", { body: order, vars })).status).toBe(200);
    const [open] = await events.waitFor("order_update", 1, (u) => u.client_id === String(order.client_order_index));
    await lighterFeedFault(LIGHTER, "refuse");
    await lighterFeedFault(LIGHTER, "drop", account);
    await events.waitFor("feed", 1, (feed) => feed.state === "lost");
    expect((await call("DELETE", `/orders/lighter/0/${order.client_order_index as number}`, { vars })).status).toBe(200);
    await lighterFeedFault(LIGHTER, "accept");
    await runWatchdog("lighter", account);
    const status = await waitUntilLive("lighter", account, (s) => s.connects >= 2);
    expect(status.last_reconcile?.found.orders).toBeGreaterThanOrEqual(1);
    await events.waitFor("order_update", 1, (u) => u.order_id === open?.order_id && u.status === "canceled");
    expect((await json(await call("GET", "/orders/open", { vars }))).orders).toEqual([]);
  });

  it("finds a fill made while the socket was down by reconciliation, and publishes it once", async () => {
    await lighterFeedFault(LIGHTER, "refuse");
    expect(await lighterFeedFault(LIGHTER, "drop", account)).toBe(1);
    await events.waitFor("feed", 1, (feed) => feed.state === "lost");
    const trade = await lighterTrade(LIGHTER, { account_index: account, market_id: 1, side: "buy", size: "0.01000", price: "97000.0" });
    await lighterFeedFault(LIGHTER, "accept");
    await runWatchdog("lighter", account);
    const status = await waitUntilLive("lighter", account, (s) => s.connects >= 2);
    expect(status.last_reconcile?.found.fills).toBe(1);
    const fills = await events.waitFor("fill", 1);
    expect(fills.map((f) => f.trade_id)).toEqual([String(trade.trade_id)]);
    expect(fills[0]).toMatchObject({ market: "1", asset: "BTC", side: "buy", client_id: null });
  });

  it("publishes nothing new for a duplicated frame or a replayed snapshot", async () => {
    await lighterFeedFault(LIGHTER, "duplicate_next", account);
    await sell();
    await events.waitFor("fill", 1);
    expect(await lighterFeedFault(LIGHTER, "replay_snapshot", account)).toBe(1);
    await sell();
    await events.waitFor("fill", 2);
    expect(events.of("fill")).toHaveLength(2);
    expect(events.of("position").map((p) => p.size)).toEqual(["-0.1", "-0.2"]);
  });

  it("replaces a socket that stays silent after a ping, and answers the venue's own pings", async () => {
    await lighterFeedFault(LIGHTER, "ping", account);
    await waitFor(async () => ((await lighterFeedState(LIGHTER)).connections.find((c) => c.account_index === account)?.pongs ?? 0) >= 1 || undefined, "a pong to the venue's ping");
    expect(await lighterFeedFault(LIGHTER, "silence", account)).toBe(1);
    await runWatchdog("lighter", account);
    await letTimePass("lighter", account, 11_000);
    await runWatchdog("lighter", account);
    const status = await waitUntilLive("lighter", account, (s) => s.connects >= 2);
    expect(status.last_lost?.reason).toMatch(/^silent/);
    await sell();
    await events.waitFor("fill", 1);
  });

  it("renews its subscriptions on a fresh socket with a fresh token before the old one expires, without losing a fill", async () => {
    const first = (await lighterFeedState(LIGHTER)).connections.find((c) => c.account_index === account)?.session_id;
    await makeRenewalDue("lighter", account);
    await runWatchdog("lighter", account);
    const status = await waitUntilLive("lighter", account, (s) => s.connects >= 2);
    expect(status.last_lost).toBeNull(); // planned: not reported as lost
    const connections = (await lighterFeedState(LIGHTER)).connections.filter((c) => c.account_index === account);
    expect(connections.map((c) => c.session_id)).not.toContain(first);
    expect(connections).toHaveLength(1);
    await sell();
    await events.waitFor("fill", 1);
    expect(events.of("fill")).toHaveLength(1);
    expect(events.of("feed").map((f) => f.state)).not.toContain("lost");
  });

  it("resumes from its stored cursors after a restart without republishing", async () => {
    await sell();
    await events.waitFor("fill", 1);
    await restartFeed("lighter", account);
    await startFeedsWith(vars);
    const status = await waitUntilLive("lighter", account);
    expect(status.last_reconcile?.found).toEqual({ fills: 0, funding: 0, orders: 0, positions: 0 });
    await sell();
    await events.waitFor("fill", 2);
    expect(events.of("fill")).toHaveLength(2);
  });

  it("logs and skips malformed frames without losing the feed", async () => {
    const console = captureConsole();
    try {
      await lighterFeedFault(LIGHTER, "malformed_next", account);
      await waitFor(() => (console.lines.filter((line) => line.includes("feed_frame_malformed")).length >= 2 ? true : undefined), "both malformed frames to be logged");
      await sell();
      await events.waitFor("fill", 1);
      expect((await feedStub("lighter", account).status()).state).toBe("live");
    } finally {
      console.restore();
    }
  });

  it("publishes a funding payment once, signed as paid by a short when the rate is negative, and totals it", async () => {
    await sell(); // short 0.1 ETH
    await events.waitFor("position", 1);
    const [payment] = await lighterFunding(LIGHTER, { account_index: account, market_id: 0, rate: "-0.0001" });
    const [funding] = await events.waitFor("funding", 1);
    expect(funding).toMatchObject({ venue: "lighter", market: "0", asset: "ETH", rate: "-0.0001", position_size: "-0.1", amount: payment?.change });
    expect(Number(funding?.amount)).toBeLessThan(0); // a short pays when the rate is negative
    await lighterFeedFault(LIGHTER, "replay_snapshot", account);
    const answer = await json(await call("GET", "/funding-payments?venue=lighter", { vars }));
    expect(answer.payments).toHaveLength(1);
    expect(answer.totals).toEqual([{ venue: "lighter", asset: "ETH", received: "0", paid: funding?.amount.replace("-", ""), net: funding?.amount }]);
    expect(events.of("funding")).toHaveLength(1);
  });

  it("lists a resting order and drops it from the open list once canceled", async () => {
    const order = limitOrder({ price: 300000 }); // a bid at 3,000: rests under the book
    expect((await call("POST", "/orders/lighter", { body: order, vars })).status).toBe(200);
    const [open] = await events.waitFor("order_update", 1, (u) => u.client_id === String(order.client_order_index));
    expect(open).toMatchObject({ status: "open", side: "buy", remaining_size: "0.1000" });
    const listed = await json(await call("GET", "/orders/open?venue=lighter", { vars }));
    expect(listed.orders).toEqual([expect.objectContaining({ order_id: open?.order_id })]);
    expect((await call("DELETE", `/orders/lighter/0/${order.client_order_index as number}`, { vars })).status).toBe(200);
    await events.waitFor("order_update", 1, (u) => u.order_id === open?.order_id && u.status === "canceled");
    expect((await json(await call("GET", "/orders/open?venue=lighter", { vars }))).orders).toEqual([]);
  });

  it("never puts the private key or an auth token in an event or a log line", async () => {
    const console = captureConsole();
    try {
      await lighterFeedFault(LIGHTER, "drop", account);
      await sell();
      await runWatchdog("lighter", account);
      await waitUntilLive("lighter", account, (s) => s.connects >= 2);
      await events.waitFor("fill", 1);
      const text = [...events.subscriber.messages, ...console.lines, JSON.stringify(await feedStub("lighter", account).status())].join("\n");
      expect(text).not.toContain(PRIVATE_KEY_HEX);
      // An auth token is deadline:account:key:signature (160 hex).
      expect(text).not.toMatch(/\d+:\d+:\d+:[0-9a-f]{160}/);
    } finally {
      console.restore();
    }
  });
});
