/**
 * The pair desk's two venue legs (src/arb/legs) against the venue stand-ins: each leg's IOC through its
 * venue's desk, and what became of it (done with the fill, refused, unknown), from the order's answer, the
 * Lighter account feed or the venues' REST look-ups. Books a test changes are reset in its `finally`.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { hyperliquidCloid, lighterClientOrderIndex } from "../../src/arb/legs/client-ids";
import { NOT_SENT } from "../../src/arb/legs/desk-answers";
import { CLOCK_MARGIN_MS, HyperliquidLeg } from "../../src/arb/legs/hyperliquid-leg";
import { FEED_WAIT_MS, LighterLeg } from "../../src/arb/legs/lighter-leg";
import type { LegOrder, LegOutcome } from "../../src/arb/pair-venue";
import { loadConfig, type HyperliquidTradingConfig, type RawEnv } from "../../src/config";
import { hyperliquidDeskFor } from "../../src/trading/desk-stub";
import { MAX_CLIENT_ORDER_INDEX, MIN_CLIENT_ORDER_INDEX } from "../../src/venues/lighter/tx/limits";
import { LIGHTER, retireFeed, startFeedsWith, waitUntilLive } from "../accounts/feed-harness";
import { injectFault, requestLog, resetStandIn } from "../standins/control";
import { setHyperliquidBook } from "../standins/hyperliquid-control";
import { lighterFeedFault, setLighterBook } from "../standins/lighter-feed-control";
import { accepted, freshAccount, liveVars } from "../trading/harness";
import { actionsOf, HYPERLIQUID, liveAgent } from "../trading/hyperliquid/harness";

const ETH = 0;
const PEPE_1000 = 4;

let clientIds = 0;

/** A pair-desk client id no other test uses. */
function freshClientId(): string {
  clientIds += 1;
  return `test-pair-${Date.now()}-${clientIds}:entry:long`;
}

function order(overrides: Partial<LegOrder> = {}): LegOrder {
  return { side: "buy", size: "0.1", limitPrice: "3600", reduceOnly: false, clientId: freshClientId(), ...overrides };
}

function configOf(vars: Record<string, string | undefined>) {
  return loadConfig({ ...(env as unknown as RawEnv), ...vars });
}

function lighterLeg(vars: Record<string, string>): LighterLeg {
  const section = configOf(vars).trading;
  if (!section.ok) throw new Error(`Lighter configuration: ${JSON.stringify(section.errors)}`);
  return new LighterLeg(env as unknown as Env, section.value);
}

function hyperliquidTrading(vars: Record<string, string>): HyperliquidTradingConfig {
  const section = configOf(vars).hyperliquidTrading;
  if (!section.ok) throw new Error(`Hyperliquid configuration: ${JSON.stringify(section.errors)}`);
  return section.value;
}

function hyperliquidLeg(vars: Record<string, string>): HyperliquidLeg {
  return new HyperliquidLeg(env as unknown as Env, hyperliquidTrading(vars));
}

/** Runs `body` once `setBook` changed a stand-in's own liquidity, and resets that stand-in afterwards. */
async function withBook(standIn: string, setBook: () => Promise<void>, body: () => Promise<void>): Promise<void> {
  await setBook();
  try {
    await body();
  } finally {
    await resetStandIn(standIn);
  }
}

/** The tx_info of each transaction the Lighter stand-in accepted for the account (every number here is below 2^53). */
async function acceptedInfos(account: number): Promise<Array<Record<string, unknown>>> {
  return (await accepted(account)).map((tx) => JSON.parse(tx.tx_info) as Record<string, unknown>);
}

/** How many times Lighter's order lists were read over REST since the stand-in's last reset. */
async function orderReads(): Promise<number> {
  return (await requestLog(LIGHTER)).filter((entry) => /account(In)?[aA]ctiveOrders/.test(entry.path)).length;
}

function done(outcome: LegOutcome): Extract<LegOutcome, { status: "done" }> {
  if (outcome.status !== "done") throw new Error(`expected done, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe("client ids", () => {
  it("derive the same venue id from the same text, distinct ids from distinct texts, within each venue's range", () => {
    const indices = new Set<bigint>();
    const cloids = new Set<string>();
    const samples = 5_000;
    for (let i = 0; i < samples; i += 1) {
      const clientId = `pair-${i}:entry:long`;
      const index = lighterClientOrderIndex(clientId);
      const cloid = hyperliquidCloid(clientId);
      expect(lighterClientOrderIndex(clientId)).toBe(index);
      expect(hyperliquidCloid(clientId)).toBe(cloid);
      expect(index >= MIN_CLIENT_ORDER_INDEX && index <= MAX_CLIENT_ORDER_INDEX).toBe(true);
      expect(cloid).toMatch(/^0x[0-9a-f]{32}$/);
      indices.add(index);
      cloids.add(cloid);
    }
    expect(indices.size).toBe(samples);
    expect(cloids.size).toBe(samples);
    // SHA-256 of the text: "abc" is ba7816bf8f01cfea414140de5dae2223…
    expect(hyperliquidCloid("abc")).toBe("0xba7816bf8f01cfea414140de5dae2223");
    expect(lighterClientOrderIndex("abc")).toBe(0xba7816bf8f01n % (MAX_CLIENT_ORDER_INDEX - MIN_CLIENT_ORDER_INDEX + 1n) + MIN_CLIENT_ORDER_INDEX);
  });
});

describe("Lighter leg", () => {
  let account: number;
  let vars: Record<string, string>;
  let leg: LighterLeg;

  beforeEach(async () => {
    account = freshAccount();
    vars = liveVars(account, 3, 3, { ACCOUNT_FEEDS: "on" });
    leg = lighterLeg(vars);
    await startFeedsWith(vars);
    await waitUntilLive("lighter", account);
  });

  afterEach(async () => {
    await retireFeed("lighter", account);
  });

  it("fills fully: done with the size and the exact size-weighted average of its fills; lookup answers the same", async () => {
    await withBook(LIGHTER, () => setLighterBook(LIGHTER, { market_id: ETH, bids: [["3499.00", "10"]], asks: [["3501.00", "0.0500"], ["3502.00", "10"]] }), async () => {
      const sent = order({ size: "0.1", limitPrice: "3510.00" });
      const restReads = await orderReads();
      const outcome = done(await leg.place(String(ETH), sent));
      expect(outcome).toMatchObject({ filledSize: "0.1", averagePrice: "3501.5" });
      // The feed told: Lighter's order lists were not read.
      expect(await orderReads()).toBe(restReads);
      expect(outcome.orderId).toMatch(/^\d+$/);
      expect(await leg.lookup(String(ETH), sent.clientId)).toEqual(outcome);
      const [info] = await acceptedInfos(account);
      expect(info).toMatchObject({ MarketIndex: ETH, BaseAmount: 1000, Price: 351000, IsAsk: 0, Type: 0, TimeInForce: 0, ReduceOnly: 0, OrderExpiry: 0 });
      expect(String(info?.ClientOrderIndex)).toBe(leg.venueClientId(sent.clientId));
    });
  });

  it("fills partly against a thin book: done with what filled", async () => {
    await withBook(LIGHTER, () => setLighterBook(LIGHTER, { market_id: ETH, bids: [["3499.00", "10"]], asks: [["3501.00", "0.0600"]] }), async () => {
      const sent = order({ size: "0.1", limitPrice: "3510.00" });
      expect(await leg.place(String(ETH), sent)).toMatchObject({ status: "done", filledSize: "0.06", averagePrice: "3501" });
      expect(await leg.lookup(String(ETH), sent.clientId)).toMatchObject({ status: "done", filledSize: "0.06", averagePrice: "3501" });
    });
  });

  it("crosses nothing: done with 0 and no price", async () => {
    const sent = order({ size: "0.1", limitPrice: "3000" });
    const outcome = await leg.place(String(ETH), sent);
    expect(outcome).toMatchObject({ status: "done", filledSize: "0", averagePrice: null });
    expect(await leg.lookup(String(ETH), sent.clientId)).toEqual(outcome);
  });

  it("a reduce-only order with no position to reduce is refused, and so is its lookup", async () => {
    const sent = order({ side: "sell", limitPrice: "3000", reduceOnly: true });
    const outcome = await leg.place(String(ETH), sent);
    expect(outcome).toMatchObject({ status: "refused", httpStatus: 422 });
    expect(outcome.status === "refused" && outcome.reason).toContain("canceled-reduce-only");
    expect(await leg.lookup(String(ETH), sent.clientId)).toEqual(outcome);
  });

  it("refuses, sending nothing, a size or price the market's decimals cannot carry, and a market Lighter does not list", async () => {
    expect(await leg.place(String(ETH), order({ size: "0.00001" }))).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    expect(await leg.place(String(ETH), order({ limitPrice: "3600.001" }))).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    expect(await leg.place("77", order())).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    expect(await accepted(account)).toEqual([]);
  });

  it("the same client id twice sends one order and answers the same outcome", async () => {
    const sent = order({ limitPrice: "3600.00" });
    const first = done(await leg.place(String(ETH), sent));
    expect(first.filledSize).toBe("0.1");
    expect(await leg.place(String(ETH), sent)).toEqual(first);
    expect(await accepted(account)).toHaveLength(1);
  });

  it("a send that times out is unknown, and a lookup that finds nothing at Lighter stays unknown", async () => {
    await injectFault(LIGHTER, "/api/v1/sendTx", { kind: "hang" });
    const sent = order();
    const outcome = await leg.place(String(ETH), sent);
    expect(outcome).toMatchObject({ status: "unknown" });
    expect(outcome.status === "unknown" && outcome.reason).toContain("lighter_timeout");
    expect(await leg.lookup(String(ETH), sent.clientId)).toMatchObject({ status: "unknown" });
  });

  it("1000PEPE: sizes in thousands of PEPE and prices to the micro-dollar become Lighter's integers", async () => {
    const sent = order({ size: "1000", limitPrice: "0.013" });
    expect(await leg.place(String(PEPE_1000), sent)).toMatchObject({ status: "done", filledSize: "1000" });
    const [info] = await acceptedInfos(account);
    expect(info).toMatchObject({ MarketIndex: PEPE_1000, BaseAmount: 1000, Price: 13000 });
  });

  it("a feed that stays silent is waited for FEED_WAIT_MS, then Lighter's REST API answers", async () => {
    await lighterFeedFault(LIGHTER, "silence", account);
    try {
      const started = Date.now();
      const outcome = await leg.place(String(ETH), order({ limitPrice: "3600.00" }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(FEED_WAIT_MS);
      expect(done(outcome).filledSize).toBe("0.1");
      expect(done(outcome).averagePrice).not.toBeNull();
    } finally {
      await lighterFeedFault(LIGHTER, "resume", account);
    }
  });
});

describe("Lighter leg without account feeds", () => {
  it("reads the order's end and its fills over REST at once", async () => {
    const account = freshAccount();
    // ACCOUNT_FEEDS stays off (the test bindings'): no feed runs for this account.
    const leg = lighterLeg(liveVars(account));
    const sent = order({ limitPrice: "3600.00" });
    const restReads = await orderReads();
    const started = Date.now();
    const outcome = done(await leg.place(String(ETH), sent));
    expect(Date.now() - started).toBeLessThan(FEED_WAIT_MS);
    expect(await orderReads()).toBeGreaterThan(restReads);
    expect(outcome.filledSize).toBe("0.1");
    expect(outcome.averagePrice).toMatch(/^\d+(\.\d+)?$/);
    expect(await leg.lookup(String(ETH), sent.clientId)).toEqual(outcome);
  });

  it("in dry-run refuses without signing or sending anything", async () => {
    const account = freshAccount();
    const leg = lighterLeg({ ...liveVars(account), TRADING_MODE: "dry-run" });
    const sent = order();
    expect(await leg.place(String(ETH), sent)).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    expect(await leg.lookup(String(ETH), sent.clientId)).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    expect(await accepted(account)).toEqual([]);
  });
});

describe("Hyperliquid leg", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A BTC buy (fixture: szDecimals 5, asks from 97,015 on). */
  function btcBuy(overrides: Partial<LegOrder> = {}): LegOrder {
    return order({ size: "0.001", limitPrice: "97100", ...overrides });
  }

  it("fills fully: done with Hyperliquid's size and average; lookup answers the same from the order and its fills", async () => {
    const { vars, user } = await liveAgent();
    const leg = hyperliquidLeg(vars);
    await withBook(HYPERLIQUID, () => setHyperliquidBook(HYPERLIQUID, { coin: "BTC", bids: [["96000", "1"]], asks: [["97000", "0.0005"], ["97010", "1"]] }), async () => {
      const sent = btcBuy();
      const outcome = done(await leg.place("BTC", sent));
      expect(outcome).toMatchObject({ filledSize: "0.001", averagePrice: "97005" });
      expect(outcome.orderId).toMatch(/^\d+$/);
      expect(await leg.lookup("BTC", sent.clientId)).toEqual(outcome);
      const actions = await actionsOf(user);
      expect(actions).toHaveLength(1);
      expect(JSON.stringify(actions[0])).toContain(leg.venueClientId(sent.clientId));
    });
  });

  it("fills partly against a thin book: done with what filled", async () => {
    const { vars } = await liveAgent();
    const leg = hyperliquidLeg(vars);
    await withBook(HYPERLIQUID, () => setHyperliquidBook(HYPERLIQUID, { coin: "BTC", bids: [["96000", "1"]], asks: [["97000", "0.0006"]] }), async () => {
      const sent = btcBuy();
      const outcome = await leg.place("BTC", sent);
      expect(outcome).toMatchObject({ status: "done", filledSize: "0.0006", averagePrice: "97000" });
      expect(await leg.lookup("BTC", sent.clientId)).toEqual(outcome);
    });
  });

  it("crosses nothing (Hyperliquid words it as a refusal): done with 0, and so says the lookup", async () => {
    const { vars } = await liveAgent();
    const leg = hyperliquidLeg(vars);
    const sent = btcBuy({ limitPrice: "90000" });
    expect(await leg.place("BTC", sent)).toEqual({ status: "done", filledSize: "0", averagePrice: null, orderId: null });
    expect(await leg.lookup("BTC", sent.clientId)).toMatchObject({ status: "done", filledSize: "0", averagePrice: null });
  });

  it("is refused for want of margin, and for a reduce-only order with nothing to reduce; lookups say the same", async () => {
    const { vars } = await liveAgent({}, { marginUsd: "1" });
    const leg = hyperliquidLeg(vars);
    const poor = btcBuy();
    const refused = await leg.place("BTC", poor);
    expect(refused).toMatchObject({ status: "refused", httpStatus: 422 });
    expect(refused.status === "refused" && refused.reason).toContain("Insufficient margin");
    expect(await leg.lookup("BTC", poor.clientId)).toMatchObject({ status: "refused", httpStatus: 422 });
    const reduce = btcBuy({ side: "sell", limitPrice: "96000", reduceOnly: true });
    const outcome = await leg.place("BTC", reduce);
    expect(outcome).toMatchObject({ status: "refused", httpStatus: 422 });
    expect(outcome.status === "refused" && outcome.reason).toContain("Reduce only");
  });

  it("refuses, sending nothing, an order the desk's request rules refuse", async () => {
    const { vars, user } = await liveAgent();
    const leg = hyperliquidLeg(vars);
    expect(await leg.place("BTC", btcBuy({ size: "0.001x" }))).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    expect(await leg.place("BTC", btcBuy({ size: "0.0000001" }))).toMatchObject({ status: "refused", httpStatus: 400 });
    expect(await actionsOf(user)).toEqual([]);
  });

  it("the same client id twice sends one order and answers the same outcome", async () => {
    const { vars, user } = await liveAgent();
    const leg = hyperliquidLeg(vars);
    const sent = btcBuy();
    const first = done(await leg.place("BTC", sent));
    expect(first.filledSize).toBe("0.001");
    expect(await leg.place("BTC", sent)).toEqual(first);
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("a send that never arrives is unknown; its lookup stays unknown until the order's expiry has passed, then it can never land", async () => {
    const { vars, user } = await liveAgent();
    const leg = hyperliquidLeg(vars);
    await injectFault(HYPERLIQUID, "/exchange", { kind: "hang" });
    const sent = btcBuy();
    const outcome = await leg.place("BTC", sent);
    expect(outcome).toMatchObject({ status: "unknown" });
    expect(outcome.status === "unknown" && outcome.reason).toContain("hyperliquid_timeout");
    expect(await leg.lookup("BTC", sent.clientId)).toMatchObject({ status: "unknown" });
    const expiresAfter = await hyperliquidDeskFor(env as unknown as Env, hyperliquidTrading(vars)).unansweredExpiry(leg.venueClientId(sent.clientId));
    expect(expiresAfter).not.toBeNull();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((expiresAfter as number) + CLOCK_MARGIN_MS - 1_000);
    expect(await leg.lookup("BTC", sent.clientId)).toMatchObject({ status: "unknown" });
    vi.setSystemTime((expiresAfter as number) + CLOCK_MARGIN_MS + 1_000);
    expect(await leg.lookup("BTC", sent.clientId)).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    vi.useRealTimers();
    expect(await actionsOf(user)).toEqual([]);
  });

  it("an order placed whose answer was lost is unknown; the lookup finds it filled, with the average of its fills, and a repeat sends nothing", async () => {
    const { vars, user } = await liveAgent();
    const leg = hyperliquidLeg(vars);
    await withBook(HYPERLIQUID, () => setHyperliquidBook(HYPERLIQUID, { coin: "BTC", bids: [["96000", "1"]], asks: [["97000", "0.0005"], ["97010", "1"]] }), async () => {
      await injectFault(HYPERLIQUID, "/exchange", { kind: "drop", afterHandling: true });
      const sent = btcBuy();
      expect(await leg.place("BTC", sent)).toMatchObject({ status: "unknown" });
      const found = await leg.lookup("BTC", sent.clientId);
      expect(found).toMatchObject({ status: "done", filledSize: "0.001", averagePrice: "97005" });
      // The desk resolves the repeat by cloid; the leg completes its price from the fills.
      expect(await leg.place("BTC", sent)).toEqual(found);
      expect(await actionsOf(user)).toHaveLength(1);
    });
  });

  it("kPEPE: sizes in thousands of PEPE go as they are", async () => {
    const { vars } = await liveAgent();
    const leg = hyperliquidLeg(vars);
    const sent = order({ size: "1000", limitPrice: "0.0126" });
    const outcome = done(await leg.place("kPEPE", sent));
    expect(outcome.filledSize).toBe("1000");
    expect(Number(outcome.averagePrice)).toBeLessThanOrEqual(0.0126);
  });

  it("in dry-run refuses without signing or sending anything", async () => {
    const { vars, user } = await liveAgent({ TRADING_MODE: "dry-run" });
    const leg = hyperliquidLeg(vars);
    const sent = btcBuy();
    expect(await leg.place("BTC", sent)).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    expect(await leg.lookup("BTC", sent.clientId)).toMatchObject({ status: "refused", httpStatus: NOT_SENT });
    expect(await actionsOf(user)).toEqual([]);
  });
});
