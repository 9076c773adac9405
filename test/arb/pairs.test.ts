/**
 * Hedged pairs end to end: the real Worker, pair desk, venue desks and account feeds against the Lighter
 * and Hyperliquid stand-ins, with their books and faults set for each scenario. After every scenario the
 * venues' own positions (read from the stand-ins) net to within one lot per asset, or the pair says
 * `unbalanced`; and the pair never sent more orders than its bound.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { PairDesk } from "../../src/arb/pair-desk";
import { absolute, add, compare, formatDecimal, parseDecimal } from "../../src/trading/decimal";
import { subscribe } from "../events/helpers";
import { HYPERLIQUID, LIGHTER, retireFeed, startFeedsWith, waitFor, waitUntilLive } from "../accounts/feed-harness";
import { refreshFundingBoard } from "../funding/standin-urls";
import { injectFault } from "../standins/control";
import { configureHyperliquidFeed, HYPERLIQUID_FEED_DEFAULT_MAX_USERS, hyperliquidState, setHyperliquidBook } from "../standins/hyperliquid-control";
import { hl, liveAgent } from "../trading/hyperliquid/harness";
import { freshAccount, liveVars } from "../trading/harness";
import { resume } from "../safety/safety-harness";
import { received } from "../safety/alerts-helpers";

// Each scenario opens feeds on fresh accounts on both venues, then trades a pair and often closes it.
vi.setConfig({ testTimeout: 20_000 });

let counter = Math.floor(Math.random() * 1e9);
const pairId = (what: string) => `${what}-${(counter += 1)}`;

interface Accounts {
  account: number;
  user: string;
  vars: Record<string, string>;
}

const retire: Array<() => Promise<void>> = [];

/** Fresh accounts on both venues, trading live with their feeds running. */
async function accounts(extra: Record<string, string> = {}, margin?: string): Promise<Accounts> {
  const account = freshAccount();
  const agent = await liveAgent({}, margin === undefined ? {} : { marginUsd: margin });
  const vars = { ...liveVars(account, 3, 3), ...agent.vars, ACCOUNT_FEEDS: "on", ...extra };
  await startFeedsWith(vars);
  await waitUntilLive("lighter", account);
  await waitUntilLive("hyperliquid", agent.user);
  retire.push(async () => {
    await retireFeed("lighter", account);
    await retireFeed("hyperliquid", agent.user);
  });
  return { account, user: agent.user, vars };
}

/** The venues' own positions in the asset, in asset units (Lighter's account record, Hyperliquid's state). */
async function venueNet(who: Accounts, lighterMarket: number, coin: string): Promise<{ lighter: string; hyperliquid: string; net: string }> {
  const lighter = (await (await fetch(`${LIGHTER}/api/v1/account?by=index&value=${who.account}`)).json()) as { accounts: Array<{ positions: Array<{ market_id: number; sign: number; position: string }> }> };
  const position = lighter.accounts[0]?.positions.find((p) => p.market_id === lighterMarket);
  const lighterSize = position === undefined || position.sign === 0 ? "0" : `${position.sign < 0 ? "-" : ""}${position.position}`;
  const state = await hyperliquidState(HYPERLIQUID, who.user);
  const hyperliquidSize = state.accounts[0]?.positions.find((p) => p.coin === coin)?.szi ?? "0";
  return { lighter: formatDecimal(parseDecimal(lighterSize)), hyperliquid: formatDecimal(parseDecimal(hyperliquidSize)), net: formatDecimal(add(parseDecimal(lighterSize), parseDecimal(hyperliquidSize))) };
}

function expectHedged(net: { net: string }, lot: string): void {
  expect(compare(absolute(parseDecimal(net.net)), parseDecimal(lot)), `net ${net.net} within one lot ${lot}`).toBeLessThan(0);
}

const ethPair = (overrides: Record<string, unknown> = {}) => ({ asset: "ETH", size: "0.2", long_venue: "lighter", short_venue: "hyperliquid", max_slippage_bps: 50, ...overrides });

async function openPair(who: Accounts, body: Record<string, unknown>) {
  return hl("POST", "/arb/pairs", { body, vars: who.vars });
}

beforeAll(async () => {
  await configureHyperliquidFeed(HYPERLIQUID, { maxUsers: 1000 });
  await refreshFundingBoard();
});

afterAll(() => configureHyperliquidFeed(HYPERLIQUID, { maxUsers: HYPERLIQUID_FEED_DEFAULT_MAX_USERS }));

afterEach(async () => {
  for (const cleanup of retire.splice(0)) await cleanup();
});

describe("POST /arb/preview", () => {
  it("shows both legs as they would be sent, the funding picture, costs and verdicts, and sends nothing", async () => {
    const who = await accounts();
    const answer = await hl("POST", "/arb/preview", { body: ethPair({ size: undefined, notional_usd: "1000" }), vars: who.vars });
    expect(answer.status, answer.text).toBe(200);
    const { legs, funding, verdicts, allowed, asset_size, lot } = answer.body;
    expect(lot).toBe("0.0001");
    expect(legs.long).toMatchObject({ venue: "lighter", market: "0", symbol: "ETH", side: "buy", asset_size });
    expect(legs.short).toMatchObject({ venue: "hyperliquid", market: "ETH", symbol: "ETH", side: "sell", asset_size });
    // The buy's limit is at most 50 bp over the mark, the sell's at least 50 bp under it.
    expect(Number(legs.long.limit_price)).toBeLessThanOrEqual(Number(legs.long.mark) * 1.005);
    expect(Number(legs.short.limit_price)).toBeGreaterThanOrEqual(Number(legs.short.mark) * 0.995);
    expect(legs.long.integer_units).toEqual({ base_amount: String(Math.round(Number(asset_size) * 1e4)), price: String(Math.round(Number(legs.long.limit_price) * 100)) });
    expect(funding).toMatchObject({ long: { venue: "lighter", taker_fee_bps: 0 }, short: { venue: "hyperliquid", taker_fee_bps: 4.5 }, round_trip_fee_bps: 9, horizon_hours: 24 });
    expect(Object.values(verdicts).every((v: any) => v.ok)).toBe(true);
    expect(allowed).toBe(true);
    expect((await hyperliquidState(HYPERLIQUID, who.user)).actions).toEqual([]);
  });

  it("refuses what cannot be planned with a 4xx naming it", async () => {
    const who = await accounts();
    expect((await hl("POST", "/arb/preview", { body: ethPair({ short_venue: "lighter" }), vars: who.vars })).body.error.details.field).toBe("short_venue");
    expect((await hl("POST", "/arb/preview", { body: ethPair({ notional_usd: "100" }), vars: who.vars })).body.error.details.field).toBe("size"); // both given
    const tiny = await hl("POST", "/arb/preview", { body: ethPair({ size: "0.00001" }), vars: who.vars });
    expect(tiny.status).toBe(422);
    expect(tiny.body.error.code).toBe("size_rounds_to_zero");
    expect((await hl("POST", "/arb/preview", { body: ethPair({ asset: "NOPE" }), vars: who.vars })).status).toBe(404);
    const capped = await hl("POST", "/arb/preview", { body: ethPair(), vars: { ...who.vars, MAX_PAIR_NOTIONAL_USD: "100" } });
    expect(capped.body.allowed).toBe(false);
    expect(capped.body.verdicts.pair_cap.ok).toBe(false);
  });
});

describe("POST /arb/pairs", () => {
  it("both legs fill: open, hedged at the venues, and a close takes both off", async () => {
    const who = await accounts();
    const events = await subscribe("?venue=gateway&type=arb");
    const id = pairId("both");
    const opened = await openPair(who, { ...ethPair(), pair_id: id });
    expect(opened.status, opened.text).toBe(200);
    expect(opened.body).toMatchObject({ pair_id: id, state: "open", orders_sent: 2, max_orders: 4 });
    expect(opened.body.orders.map((o: any) => `${o.leg}:${o.purpose}`)).toEqual(["short:entry", "long:entry"]);
    const net = await venueNet(who, 0, "ETH");
    expect(net).toEqual({ lighter: "0.2", hyperliquid: "-0.2", net: "0" });
    const view = await waitFor(async () => {
      const pair = (await hl("GET", `/arb/pairs/${id}`, { vars: who.vars })).body;
      return pair.legs.long.fills.length > 0 && pair.legs.short.fills.length > 0 ? pair : undefined;
    }, "the legs' fills in the view");
    expect(view.legs.long).toMatchObject({ venue: "lighter", asset_size: "0.2" });
    expect(Number(view.legs.long.entry_price)).toBeGreaterThan(0);
    expect(Number(view.pnl.fees)).toBeGreaterThan(0);
    const closed = await hl("POST", `/arb/pairs/${id}/close`, { vars: who.vars });
    expect(closed.body).toMatchObject({ state: "closed", orders_sent: 4, max_orders: 7 });
    expect(await venueNet(who, 0, "ETH")).toEqual({ lighter: "0", hyperliquid: "0", net: "0" });
    const steps = await waitFor(() => {
      const arb = events.frames.filter((f) => f.type === "arb" && (f.payload as any).pair_id === id);
      return arb.some((f) => (f.payload as any).state === "closed") ? arb : undefined;
    }, "the pair's arb events");
    expect(steps.map((f) => (f.payload as any).step)).toContain("order_outcome");
    events.close();
  });

  it("the short leg is rejected (margin): the long leg is taken back and nothing is open", async () => {
    // Lighter configured dearer, so the long leg goes first; Hyperliquid's account cannot carry the short.
    const who = await accounts({ LIGHTER_TAKER_FEE_BPS: "5" }, "5");
    const opened = await openPair(who, { ...ethPair(), pair_id: pairId("margin") });
    expect(opened.status, opened.text).toBe(200);
    expect(opened.body.state).toBe("failed");
    expect(opened.body.orders.map((o: any) => `${o.leg}:${o.purpose}:${o.outcome.status}`)).toEqual(["long:entry:done", "short:entry:refused", "long:take_back:done"]);
    expectHedged(await venueNet(who, 0, "ETH"), "0.0001");
    expect((await venueNet(who, 0, "ETH")).lighter).toBe("0");
  });

  it("one leg fills 60 %: the other follows it and the pair ends balanced", async () => {
    const who = await accounts();
    // Hyperliquid (the dearer leg, first) has 0.12 ETH of bids within the bound.
    await setHyperliquidBook(HYPERLIQUID, { coin: "ETH", bids: [["3500", "0.12"], ["3000", "100"]], asks: [["3503", "100"]] });
    try {
      const opened = await openPair(who, { ...ethPair(), pair_id: pairId("partial") });
      expect(opened.body.state, opened.text).toBe("open");
      expect(opened.body.legs.long.asset_size).toBe("0.12");
      expect(opened.body.orders_sent).toBeLessThanOrEqual(opened.body.max_orders);
      expect(await venueNet(who, 0, "ETH")).toEqual({ lighter: "0.12", hyperliquid: "-0.12", net: "0" });
    } finally {
      await fetch(`${HYPERLIQUID}/__control/reset`, { method: "POST" });
    }
  });

  it("a leg whose outcome is unknown leaves the pair unbalanced (and alerted) until the truth is known, and blocks the asset meanwhile", async () => {
    const who = await accounts({ LIGHTER_TAKER_FEE_BPS: "5" });
    // The Hyperliquid desk reads the coins' rules once (a refused order does it), so the faults below hit
    // only the order and the lookups: Hyperliquid handles the short and the answer is lost, and its
    // lookups fail for a while.
    expect((await hl("POST", "/orders/hyperliquid", { body: { coin: "SOL", is_buy: true, size: "1", price: "180.1234567", order_type: "limit", time_in_force: "ioc", reduce_only: false, cloid: `0x${"7".repeat(32)}` }, vars: who.vars })).status).toBe(400);
    await injectFault(HYPERLIQUID, "/exchange", { kind: "drop", afterHandling: true });
    await injectFault(HYPERLIQUID, "/info", { kind: "status", status: 500 }, 6);
    const id = pairId("unknown");
    const opened = await openPair(who, { ...ethPair({ asset: "SOL", size: "2" }), pair_id: id });
    expect(opened.body.state, opened.text).toBe("unbalanced");
    expect(opened.body.attention).toMatch(/unknown/);
    expect(opened.body.orders_sent).toBe(2);
    const blocked = await hl("POST", "/arb/preview", { body: ethPair({ asset: "SOL", size: "2" }), vars: who.vars });
    expect(blocked.body.verdicts.asset_balanced).toMatchObject({ ok: false });
    await waitFor(async () => ((await received()).some((r) => r.raw_body.includes("unbalanced_pair") && r.raw_body.includes(id)) ? true : undefined), "the unbalanced_pair alert");
    // Hyperliquid answers again: the watch finds the short filled, and the pair is open.
    const desk = (env as unknown as Env).PAIR_DESK.getByName("global");
    await waitFor(async () => {
      await runInDurableObject(desk, (instance: PairDesk) => instance.alarm());
      const pair = (await hl("GET", `/arb/pairs/${id}`, { vars: who.vars })).body;
      return pair.state === "open" ? pair : undefined;
    }, "the pair to be open once the outcome is known");
    expectHedged(await venueNet(who, 2, "SOL"), "0.01");
    expect((await hl("POST", `/arb/pairs/${id}/close`, { vars: who.vars })).body.state).toBe("closed");
    // Leave no queued /info failure for a later test.
    for (let i = 0; i < 6 && (await fetch(`${HYPERLIQUID}/info`, { method: "POST", body: JSON.stringify({ type: "meta" }) })).status === 500; i += 1);
  });

  it("a restart of the pair desk between the legs resumes the opening", async () => {
    const who = await accounts({ LIGHTER_TAKER_FEE_BPS: "5" });
    const id = pairId("restart");
    // The second leg (Hyperliquid) is handled after 800 ms; the desk is restarted while it waits.
    await injectFault(HYPERLIQUID, "/exchange", { kind: "delay", ms: 800 });
    const opening = openPair(who, { ...ethPair({ asset: "BTC", size: "0.01" }), pair_id: id }).catch((error: unknown) => ({ status: 0, text: String(error) }));
    const desk = (env as unknown as Env).PAIR_DESK.getByName("global");
    await waitFor(async () => ((await hl("GET", `/arb/pairs/${id}`, { vars: who.vars })).body.orders?.length === 2 ? true : undefined), "the second leg to be sent");
    await runInDurableObject(desk, (_instance, state) => state.abort("test restart")).catch(() => undefined);
    await opening;
    await new Promise((resolve) => setTimeout(resolve, 900)); // the venue handles the delayed leg
    const resumed = await waitFor(async () => {
      const pair = (await hl("GET", `/arb/pairs/${id}`, { vars: who.vars })).body;
      return pair.state === "open" ? pair : undefined;
    }, "the resumed pair to be open");
    expect(resumed.orders.map((o: any) => o.purpose)).toEqual(["entry", "entry"]);
    expect(await venueNet(who, 1, "BTC")).toEqual({ lighter: "0.01", hyperliquid: "-0.01", net: "0" });
    expect((await hl("POST", `/arb/pairs/${id}/close`, { vars: who.vars })).body.state).toBe("closed");
  });

  it("an idempotent repeat of pair_id opens nothing new; another body under it is a 409", async () => {
    const who = await accounts();
    const body = { ...ethPair(), pair_id: pairId("repeat") };
    const first = await openPair(who, body);
    const again = await openPair(who, body);
    expect(again.status).toBe(200);
    expect(again.body.orders).toEqual(first.body.orders);
    expect((await hyperliquidState(HYPERLIQUID, who.user)).actions.filter((a) => a.type === "order")).toHaveLength(1);
    expect((await openPair(who, { ...body, size: "0.3" })).status).toBe(409);
    await hl("POST", `/arb/pairs/${body.pair_id}/close`, { vars: who.vars });
  });

  it("a halted gateway refuses to open a pair", async () => {
    const who = await accounts();
    expect((await hl("POST", "/halt", { body: { reason: "pair test" }, vars: who.vars })).status).toBe(200);
    try {
      const refused = await openPair(who, { ...ethPair(), pair_id: pairId("halted") });
      expect(refused.status).toBe(423);
      expect(refused.body.error.code).toBe("halted");
      expect((await hyperliquidState(HYPERLIQUID, who.user)).actions).toEqual([]);
    } finally {
      await resume(who.vars);
    }
  });
});
