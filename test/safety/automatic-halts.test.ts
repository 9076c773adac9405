/**
 * The automatic halts an account feed raises (issue #13), each off unless configured: a venue feed down
 * longer than HALT_ON_FEED_DOWN_SECONDS, and a liquidation price within HALT_ON_LIQUIDATION_PCT of the
 * mark. Each halts the whole gateway (set_by automatic) and alerts; every test resumes trading after.
 */
import { afterEach, describe, expect, it } from "vitest";
import { configureHyperliquidFeed, HYPERLIQUID_FEED_DEFAULT_MAX_USERS, hyperliquidFeedFault } from "../standins/hyperliquid-control";
import { createOrder, hl, hlOrder, liveAgent } from "../trading/hyperliquid/harness";
import { AccountEvents, HYPERLIQUID, letTimePass, retireFeed, runWatchdog, startFeedsWith, waitFor, waitUntilLive } from "../accounts/feed-harness";
import { received } from "./alerts-helpers";
import { resume } from "./safety-harness";

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function watchedAgent(extra: Record<string, string>) {
  await configureHyperliquidFeed(HYPERLIQUID, { maxUsers: 1000 });
  cleanups.push(() => configureHyperliquidFeed(HYPERLIQUID, { maxUsers: HYPERLIQUID_FEED_DEFAULT_MAX_USERS }));
  const agent = await liveAgent({ ACCOUNT_FEEDS: "on", ...extra }, { marginUsd: "1000" });
  // Cleanups run in reverse: resume first (a request with these variables starts the feed again), then retire it.
  cleanups.push(() => retireFeed("hyperliquid", agent.user));
  cleanups.push(() => resume(agent.vars));
  await startFeedsWith(agent.vars);
  await waitUntilLive("hyperliquid", agent.user);
  return agent;
}

describe("automatic halts", () => {
  it("halts, and alerts, when a venue's feed stays down longer than HALT_ON_FEED_DOWN_SECONDS", async () => {
    const agent = await watchedAgent({ HALT_ON_FEED_DOWN_SECONDS: "30" });
    await hyperliquidFeedFault(HYPERLIQUID, "refuse");
    cleanups.push(() => hyperliquidFeedFault(HYPERLIQUID, "accept"));
    await hyperliquidFeedFault(HYPERLIQUID, "drop", agent.user);
    await runWatchdog("hyperliquid", agent.user);
    expect((await hl("GET", "/halt", { vars: agent.vars })).body.halted).toBe(false); // down, but not for long yet
    await letTimePass("hyperliquid", agent.user, 61_000);
    await runWatchdog("hyperliquid", agent.user);
    const halt = await waitFor(async () => {
      const state = (await hl("GET", "/halt", { vars: agent.vars })).body;
      return state.halted === true ? state : undefined;
    }, "the automatic halt");
    expect(halt).toMatchObject({ halted: true, set_by: "automatic" });
    expect(halt.reason).toMatch(/^the hyperliquid account feed has been down for \d+ s \(HALT_ON_FEED_DOWN_SECONDS 30\)$/);
    await waitFor(async () => ((await received()).some((r) => JSON.stringify(r.body).includes("feed_down") && r.raw_body.includes(agent.user)) ? true : undefined), "the feed_down alert");
  });

  it("halts, and alerts, when a position's liquidation price comes within HALT_ON_LIQUIDATION_PCT of its mark", async () => {
    const agent = await watchedAgent({ HALT_ON_LIQUIDATION_PCT: "50" });
    const events = await AccountEvents.open("hyperliquid", (payload) => payload.account === agent.user);
    cleanups.push(async () => events.close());
    // 0.1 BTC (~$9,700) on $1,000 of collateral: a liquidation price not far under the mark.
    const answer = await createOrder(hlOrder({ size: "0.1", price: "98000", time_in_force: "ioc" }), agent.vars);
    expect(answer.status, answer.text).toBe(200);
    const [position] = await events.waitFor("position", 1, (p) => p.liquidation_price !== null);
    expect(Number(position?.liquidation_price)).toBeGreaterThan(0);
    const halt = await waitFor(async () => {
      const state = (await hl("GET", "/halt", { vars: agent.vars })).body;
      return state.halted === true ? state : undefined;
    }, "the automatic halt");
    expect(halt).toMatchObject({ halted: true, set_by: "automatic" });
    expect(halt.reason).toMatch(/^hyperliquid BTC \(BTC\): liquidation price [\d.]+ is within 50 % of the mark [\d.]+$/);
    await waitFor(async () => ((await received()).some((r) => r.raw_body.includes("liquidation_near") && r.raw_body.includes(agent.user)) ? true : undefined), "the liquidation_near alert");
  });

  it("stays off by default: a long outage alerts but does not halt", async () => {
    const agent = await watchedAgent({});
    await hyperliquidFeedFault(HYPERLIQUID, "refuse");
    cleanups.push(() => hyperliquidFeedFault(HYPERLIQUID, "accept"));
    await hyperliquidFeedFault(HYPERLIQUID, "drop", agent.user);
    await runWatchdog("hyperliquid", agent.user);
    await letTimePass("hyperliquid", agent.user, 3_600_000);
    await runWatchdog("hyperliquid", agent.user);
    await waitFor(async () => ((await received()).some((r) => r.raw_body.includes("feed_down") && r.raw_body.includes(agent.user)) ? true : undefined), "the feed_down alert");
    expect((await hl("GET", "/halt", { vars: agent.vars })).body).toMatchObject({ halted: false });
  });
});
