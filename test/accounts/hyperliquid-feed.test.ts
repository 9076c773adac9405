/**
 * The Hyperliquid account feed against the stand-in's stream: orders placed through the gateway fill
 * against the stand-in's book, and the fills, order states, positions and funding payments come back as
 * events exactly once, across drops, silence, duplicates, snapshot replays, malformed frames and restarts.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountFeed } from "../../src/accounts/account-feed";
import { captureConsole } from "../capture-console";
import { configureHyperliquidFeed, HYPERLIQUID_FEED_DEFAULT_MAX_USERS, hyperliquidFeedFault, hyperliquidFunding, hyperliquidState } from "../standins/hyperliquid-control";
import { createOrder, hl, hlOrder, liveAgent, type LiveAgent } from "../trading/hyperliquid/harness";
import { AccountEvents, letTimePass, feedStub, HYPERLIQUID, restartFeed, retireFeed, runWatchdog, startFeedsWith, waitFor, waitUntilLive } from "./feed-harness";

/** Crosses the stand-in's BTC asks (fixture: best ask just above 97,000): fills at once. */
const crossing = (overrides: Record<string, unknown> = {}) => hlOrder({ price: "98000", time_in_force: "ioc", ...overrides });

let agent: LiveAgent;
let events: AccountEvents;

async function fill(size = "0.001", isBuy = true): Promise<string> {
  const order = crossing({ size, is_buy: isBuy, ...(isBuy ? {} : { price: "96000" }) });
  const answer = await createOrder(order, agent.vars);
  expect(answer.status, answer.text).toBe(200);
  return order.cloid as string;
}

// Every test watches a user of its own and earlier feeds stay subscribed: the stand-in's per-IP cap of 10
// users (the venue's) would refuse the eleventh.
beforeAll(() => configureHyperliquidFeed(HYPERLIQUID, { maxUsers: 1000 }));
afterAll(() => configureHyperliquidFeed(HYPERLIQUID, { maxUsers: HYPERLIQUID_FEED_DEFAULT_MAX_USERS }));

beforeEach(async () => {
  agent = await liveAgent({ ACCOUNT_FEEDS: "on" });
  events = await AccountEvents.open("hyperliquid", (payload) => payload.account === agent.user);
  await startFeedsWith(agent.vars);
  await waitUntilLive("hyperliquid", agent.user);
});

afterEach(async () => {
  events.close();
  await retireFeed("hyperliquid", agent.user);
  await hyperliquidFeedFault(HYPERLIQUID, "accept");
  await hyperliquidFeedFault(HYPERLIQUID, "resume", agent.user);
});

describe("Hyperliquid account feed", () => {
  it("publishes one fill for an order that fills, with the position it made, and serves both over REST", async () => {
    const cloid = await fill("0.002");
    const [filled] = await events.waitFor("fill", 1);
    expect(filled).toMatchObject({ venue: "hyperliquid", account: agent.user, market: "BTC", asset: "BTC", side: "buy", size: "0.002", asset_size: "0.002", liquidity: "taker", fee_asset: "USDC", client_id: cloid, liquidation: false });
    expect(filled?.raw).toMatchObject({ coin: "BTC", side: "B", cloid });
    const [position] = await events.waitFor("position", 1);
    expect(position).toMatchObject({ venue: "hyperliquid", account: agent.user, market: "BTC", asset: "BTC", size: "0.002" });
    const venue = (await hyperliquidState(HYPERLIQUID, agent.user)).accounts[0];
    expect(venue?.positions.find((p) => p.coin === "BTC")?.szi).toBe("0.002");

    const positions = await hl("GET", "/positions", { vars: agent.vars });
    expect(positions.status).toBe(200);
    expect(positions.body.positions).toEqual([expect.objectContaining({ market: "BTC", size: "0.002" })]);
    expect(positions.body.assets).toEqual([expect.objectContaining({ asset: "BTC", net_size: "0.002", venues: ["hyperliquid"] })]);
    expect(positions.body.sources.hyperliquid).toMatchObject({ feed: "on", status: { state: "live", connected: true } });
    const fills = await hl("GET", "/fills?venue=hyperliquid", { vars: agent.vars });
    expect(fills.body.fills).toEqual([expect.objectContaining({ trade_id: filled?.trade_id, client_id: cloid })]);
    expect(events.of("fill")).toHaveLength(1);
  });

  it("finds a fill made while the socket was down by reconciliation, and publishes it once", async () => {
    await hyperliquidFeedFault(HYPERLIQUID, "refuse");
    expect(await hyperliquidFeedFault(HYPERLIQUID, "drop", agent.user)).toBe(1);
    await events.waitFor("feed", 1, (feed) => feed.state === "lost");
    const cloid = await fill();
    await hyperliquidFeedFault(HYPERLIQUID, "accept");
    await runWatchdog("hyperliquid", agent.user);
    const status = await waitUntilLive("hyperliquid", agent.user, (s) => s.connects >= 2);
    expect(status.last_reconcile?.found.fills).toBe(1);
    const [reconciled] = await events.waitFor("feed", 1, (feed) => feed.state === "reconciled" && feed.found?.fills === 1);
    expect(reconciled?.found).toMatchObject({ fills: 1 });
    expect(events.of("fill").map((f) => f.client_id)).toEqual([cloid]);
  });

  it("publishes nothing new for a duplicated frame or a replayed snapshot", async () => {
    await hyperliquidFeedFault(HYPERLIQUID, "duplicate_next", agent.user);
    await fill();
    await events.waitFor("fill", 1);
    expect(await hyperliquidFeedFault(HYPERLIQUID, "replay_snapshot", agent.user)).toBe(1);
    // A second fill after the replay: once it is here, anything the replay would have published is too.
    await fill();
    await events.waitFor("fill", 2);
    expect(events.of("fill")).toHaveLength(2);
    expect(new Set(events.of("fill").map((f) => f.trade_id)).size).toBe(2);
  });

  it("replaces a socket that stays silent after a ping, within the watchdog period", async () => {
    expect(await hyperliquidFeedFault(HYPERLIQUID, "silence", agent.user)).toBe(1);
    await runWatchdog("hyperliquid", agent.user); // pings the silent socket
    await letTimePass("hyperliquid", agent.user, 11_000); // …and no answer came for longer than the pong timeout
    await runWatchdog("hyperliquid", agent.user);
    const status = await waitUntilLive("hyperliquid", agent.user, (s) => s.connects >= 2);
    expect(status.last_lost?.reason).toMatch(/^silent: nothing received/);
    await events.waitFor("feed", 1, (feed) => feed.state === "lost" && /silent/.test(feed.reason));
    await fill();
    await events.waitFor("fill", 1);
  });

  it("reconnects and reconciles after a close without a status code (1005)", async () => {
    expect(await hyperliquidFeedFault(HYPERLIQUID, "close_1005", agent.user)).toBe(1);
    await events.waitFor("feed", 1, (feed) => feed.state === "lost" && /1005/.test(feed.reason));
    await runWatchdog("hyperliquid", agent.user);
    await waitUntilLive("hyperliquid", agent.user, (s) => s.connects >= 2);
    await fill();
    await events.waitFor("fill", 1);
  });

  it("resumes from its stored cursors after a restart without republishing", async () => {
    await fill();
    await events.waitFor("fill", 1);
    await restartFeed("hyperliquid", agent.user);
    await startFeedsWith(agent.vars);
    const status = await waitUntilLive("hyperliquid", agent.user);
    expect(status.last_reconcile?.found.fills).toBe(0);
    await fill();
    await events.waitFor("fill", 2);
    expect(events.of("fill")).toHaveLength(2);
    const stored = await feedStub("hyperliquid", agent.user).fills({ limit: 10 });
    expect(stored).toHaveLength(2);
  });

  it("logs and skips malformed frames without losing the feed", async () => {
    const console = captureConsole();
    try {
      await hyperliquidFeedFault(HYPERLIQUID, "malformed_next", agent.user);
      await fill();
      await events.waitFor("fill", 1);
      await waitFor(() => (console.lines.filter((line) => line.includes("feed_frame_malformed")).length >= 1 ? true : undefined), "the malformed frames to be logged");
      expect((await feedStub("hyperliquid", agent.user).status()).state).toBe("live");
    } finally {
      console.restore();
    }
  });

  it("publishes a funding payment once, signed as received or paid, and totals it", async () => {
    await fill("0.002", false); // short 0.002 BTC
    await events.waitFor("position", 1);
    const [payment] = await hyperliquidFunding(HYPERLIQUID, { coin: "BTC", rate: "0.0001", user: agent.user });
    const [funding] = await events.waitFor("funding", 1);
    expect(funding).toMatchObject({ venue: "hyperliquid", account: agent.user, market: "BTC", asset: "BTC", rate: "0.0001", position_size: "-0.002", amount: payment?.usdc });
    expect(Number(funding?.amount)).toBeGreaterThan(0); // a short receives a positive rate
    await hyperliquidFeedFault(HYPERLIQUID, "replay_snapshot", agent.user);
    const answer = await hl("GET", "/funding-payments?asset=btc", { vars: agent.vars });
    expect(answer.body.payments).toHaveLength(1);
    expect(answer.body.totals).toEqual([{ venue: "hyperliquid", asset: "BTC", received: funding?.amount, paid: "0", net: funding?.amount }]);
    expect(events.of("funding")).toHaveLength(1);
  });

  it("lists open orders from the feed, and updates them when they fill or are canceled", async () => {
    const resting = hlOrder({ price: "90000" });
    expect((await createOrder(resting, agent.vars)).status).toBe(200);
    const [open] = await events.waitFor("order_update", 1, (u) => u.client_id === resting.cloid);
    expect(open).toMatchObject({ status: "open", side: "buy", price: "90000.0", remaining_size: "0.001", filled_size: "0" });
    const listed = await hl("GET", "/orders/open?venue=hyperliquid", { vars: agent.vars });
    expect(listed.body.orders).toEqual([expect.objectContaining({ order_id: open?.order_id, status: "open" })]);
    expect((await hl("DELETE", `/orders/hyperliquid/BTC/${resting.cloid as string}`, { vars: agent.vars })).status).toBe(200);
    await events.waitFor("order_update", 1, (u) => u.order_id === open?.order_id && u.status === "canceled");
    await waitFor(async () => ((await hl("GET", "/orders/open", { vars: agent.vars })).body.orders.length === 0 ? true : undefined), "the order to leave the open list");
  });

  it("reports an order that ended while the socket was down, found by reconciliation", async () => {
    const resting = hlOrder({ price: "90000" });
    expect((await createOrder(resting, agent.vars)).status).toBe(200);
    const [open] = await events.waitFor("order_update", 1, (u) => u.client_id === resting.cloid);
    await hyperliquidFeedFault(HYPERLIQUID, "refuse");
    await hyperliquidFeedFault(HYPERLIQUID, "drop", agent.user);
    await events.waitFor("feed", 1, (feed) => feed.state === "lost");
    expect((await hl("DELETE", `/orders/hyperliquid/BTC/${resting.cloid as string}`, { vars: agent.vars })).status).toBe(200);
    await hyperliquidFeedFault(HYPERLIQUID, "accept");
    await runWatchdog("hyperliquid", agent.user);
    const status = await waitUntilLive("hyperliquid", agent.user, (s) => s.connects >= 2);
    expect(status.last_reconcile?.found.orders).toBe(1);
    const [ended] = await events.waitFor("order_update", 1, (u) => u.order_id === open?.order_id && u.status === "canceled");
    expect(ended?.venue_status).toBe("canceled");
    expect((await hl("GET", "/orders/open", { vars: agent.vars })).body.orders).toEqual([]);
  });

  it("keeps its socket open past the upgrade's time limit (the limit covers opening it, not its life)", async () => {
    // A fresh feed whose upgrade may take 200 ms: its socket must still be the first one well after that.
    const other = await liveAgent({ ACCOUNT_FEEDS: "on" });
    await runInDurableObject(feedStub("hyperliquid", other.user), (instance: AccountFeed) => {
      (instance as unknown as { connectTimeoutMs: number }).connectTimeoutMs = 200;
    });
    await startFeedsWith(other.vars);
    await waitUntilLive("hyperliquid", other.user);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const status = await feedStub("hyperliquid", other.user).status();
    await retireFeed("hyperliquid", other.user);
    expect(status).toMatchObject({ state: "live", connected: true, connects: 1, last_lost: null });
  });

  it("never puts the agent key in an event or a log line", async () => {
    const console = captureConsole();
    try {
      await hyperliquidFeedFault(HYPERLIQUID, "drop", agent.user);
      await fill();
      await runWatchdog("hyperliquid", agent.user);
      await waitUntilLive("hyperliquid", agent.user, (s) => s.connects >= 2);
      await events.waitFor("fill", 1);
      const key = agent.agentKey.replace(/^0x/, "");
      const text = [...events.subscriber.messages, ...console.lines].join("\n").toLowerCase();
      expect(text).not.toContain(key);
    } finally {
      console.restore();
    }
  });
});
