/**
 * The reconciliation rule on its own, against scripted venues: every scenario ends open, closed, failed
 * or unbalanced within the order budget, and a restarted run looks unrecorded orders up instead of
 * sending them again.
 */
import { describe, expect, it } from "vitest";
import { CLOSE_ORDER_BUDGET, exposure, OPEN_ORDER_BUDGET, PairExecution, type PairContext } from "../../src/arb/pair-execution";
import type { LegMarket } from "../../src/arb/leg-rules";
import type { Execution, LegName, PairRecord } from "../../src/arb/pair";
import type { LegOrder, LegOutcome, PairVenue } from "../../src/arb/pair-venue";
import { formatDecimal, parseDecimal } from "../../src/trading/decimal";

/** A venue that answers each order with the next scripted reply (a function of the order). */
class ScriptedVenue implements PairVenue {
  readonly sent: LegOrder[] = [];
  readonly lookedUp: string[] = [];
  constructor(
    readonly venue: "lighter" | "hyperliquid",
    private readonly replies: Array<(order: LegOrder) => LegOutcome>,
    private readonly lookupReply: (clientId: string) => LegOutcome = () => ({ status: "unknown", reason: "not found" }),
  ) {}
  async place(_market: string, order: LegOrder): Promise<LegOutcome> {
    this.sent.push(order);
    const reply = this.replies.shift();
    if (reply === undefined) throw new Error(`unexpected order ${JSON.stringify(order)}`);
    return reply(order);
  }
  async lookup(_market: string, clientId: string): Promise<LegOutcome> {
    this.lookedUp.push(clientId);
    return this.lookupReply(clientId);
  }
}

const fills = (order: LegOrder): LegOutcome => ({ status: "done", filledSize: order.size, averagePrice: order.limitPrice, orderId: "1" });
const fillsPart = (fraction: string) => (order: LegOrder): LegOutcome => ({ status: "done", filledSize: formatDecimal(mul(order.size, fraction)), averagePrice: order.limitPrice, orderId: "2" });
const fillsNothing = (): LegOutcome => ({ status: "done", filledSize: "0", averagePrice: null, orderId: "3" });
const refused = (): LegOutcome => ({ status: "refused", reason: "Insufficient margin to place order.", httpStatus: 422 });
const timesOut = (): LegOutcome => ({ status: "unknown", reason: "hyperliquid_timeout" });

function mul(a: string, b: string) {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const product = { units: x.units * y.units, scale: x.scale + y.scale };
  // Round down to 3 decimals (the test markets' step).
  const drop = product.scale - 3;
  return drop > 0 ? { units: product.units / 10n ** BigInt(drop), scale: 3 } : product;
}

const market = (venue: "lighter" | "hyperliquid"): LegMarket => ({
  venue,
  market: venue === "lighter" ? "0" : "ETH",
  symbol: "ETH",
  asset: "ETH",
  multiplier: "1",
  sizeStep: "0.001",
  minSize: null,
  minNotional: null,
  priceRule: { kind: "tick", tick: "0.01" },
  integerOrders: false,
});

function record(execution: Execution, fees: { long: number; short: number } = { long: 0, short: 4.5 }): PairRecord {
  return {
    pair_id: "p1",
    asset: "ETH",
    execution,
    state: "opening",
    request: {} as PairRecord["request"],
    sizing: { asset: "ETH", asset_size: "1", lot: "0.001" } as PairRecord["sizing"],
    economics: { long: { taker_fee_bps: fees.long }, short: { taker_fee_bps: fees.short } } as PairRecord["economics"],
    markets: { long: market("lighter"), short: market("hyperliquid") },
    limits: { long: { buy: "3510", sell: "3490" }, short: { buy: "3510", sell: "3490" } },
    max_orders: OPEN_ORDER_BUDGET,
    orders: [],
    history: [{ at: 0, state: "opening", message: "planned" }],
    attention: null,
    created_at: 0,
    legs_answered_at: null,
    opened_at: null,
    closed_at: null,
  };
}

function context(long: PairVenue, short: PairVenue): PairContext & { events: string[] } {
  const events: string[] = [];
  let clock = 1;
  return {
    legs: { long, short },
    markets: { long: market(long.venue as "lighter"), short: market(short.venue as "hyperliquid") },
    lot: parseDecimal("0.001"),
    limits: { long: { buy: "3510", sell: "3490" }, short: { buy: "3510", sell: "3490" } },
    save: () => undefined,
    publish: (_record, step, message) => events.push(`${step}: ${message}`),
    now: () => clock++,
    events,
  };
}

const held = (r: PairRecord, leg: LegName) => formatDecimal(exposure(r, leg));

describe("opening a pair", () => {
  it("sequential, both legs fill: open, the dearer leg first, two orders", async () => {
    const long = new ScriptedVenue("lighter", [fills]);
    const short = new ScriptedVenue("hyperliquid", [fills]);
    const result = await new PairExecution(record("sequential"), context(long, short)).open();
    expect(result.state).toBe("open");
    expect(result.orders.map((o) => `${o.leg}:${o.purpose}`)).toEqual(["short:entry", "long:entry"]);
    expect([held(result, "long"), held(result, "short")]).toEqual(["1", "1"]);
    expect(short.sent[0]).toMatchObject({ side: "sell", size: "1", limitPrice: "3490", reduceOnly: false });
    expect(long.sent[0]).toMatchObject({ side: "buy", size: "1", limitPrice: "3510" });
    expect(result.legs_answered_at).toBeGreaterThan(0);
  });

  it("sequential, the first leg fills 60 %: the second is sized to it and the pair is open at 0.6", async () => {
    const long = new ScriptedVenue("lighter", [fills]);
    const short = new ScriptedVenue("hyperliquid", [fillsPart("0.6")]);
    const result = await new PairExecution(record("sequential"), context(long, short)).open();
    expect(result.state).toBe("open");
    expect(long.sent[0]?.size).toBe("0.6");
    expect([held(result, "long"), held(result, "short")]).toEqual(["0.6", "0.6"]);
    expect(result.orders).toHaveLength(2);
  });

  it("parallel, one leg fills 60 %: one top-up of the rest, then open", async () => {
    const long = new ScriptedVenue("lighter", [fills]);
    const short = new ScriptedVenue("hyperliquid", [fillsPart("0.6"), fills]);
    const result = await new PairExecution(record("parallel"), context(long, short)).open();
    expect(result.state).toBe("open");
    expect(short.sent[1]).toMatchObject({ side: "sell", size: "0.4", reduceOnly: false });
    expect(result.orders.map((o) => o.purpose)).toEqual(["entry", "entry", "top_up"]);
  });

  it("parallel, the short leg is refused (margin): no top-up, the long leg is taken back, nothing open", async () => {
    const long = new ScriptedVenue("lighter", [fills, fills]);
    const short = new ScriptedVenue("hyperliquid", [refused]);
    const result = await new PairExecution(record("parallel"), context(long, short)).open();
    expect(result.state).toBe("failed");
    expect(long.sent[1]).toMatchObject({ side: "sell", size: "1", reduceOnly: true, limitPrice: "3490" });
    expect([held(result, "long"), held(result, "short")]).toEqual(["0", "0"]);
    expect(result.orders).toHaveLength(3);
  });

  it("a first leg that fills nothing ends failed with nothing sent to the other venue", async () => {
    const long = new ScriptedVenue("lighter", []);
    const short = new ScriptedVenue("hyperliquid", [fillsNothing]);
    const result = await new PairExecution(record("sequential"), context(long, short)).open();
    expect(result.state).toBe("failed");
    expect(long.sent).toEqual([]);
  });

  it("top-up and take-back both fall short: unbalanced after four orders, never a fifth", async () => {
    const long = new ScriptedVenue("lighter", [fills, fillsNothing]);
    const short = new ScriptedVenue("hyperliquid", [fillsPart("0.5"), fillsNothing]);
    const result = await new PairExecution(record("parallel"), context(long, short)).open();
    expect(result.state).toBe("unbalanced");
    expect(result.attention).toMatch(/0\.5 ETH apart/);
    expect(result.orders).toHaveLength(OPEN_ORDER_BUDGET);
  });

  it("a timed-out leg is looked up once; still unknown, the pair is unbalanced and sends nothing more, until the truth is known", async () => {
    let truth: LegOutcome = { status: "unknown", reason: "not found" };
    const long = new ScriptedVenue("lighter", [fills]);
    const short = new ScriptedVenue("hyperliquid", [timesOut], () => truth);
    const pair = record("parallel");
    const result = await new PairExecution(pair, context(long, short)).open();
    expect(result.state).toBe("unbalanced");
    expect(short.lookedUp).toHaveLength(1);
    expect(result.orders).toHaveLength(2);
    truth = { status: "done", filledSize: "1", averagePrice: "3495", orderId: "9" };
    const resolved = await new PairExecution(result, context(long, short)).reassess();
    expect(resolved.state).toBe("open");
    expect(resolved.attention).toBeNull();
    expect(long.sent).toHaveLength(1);
  });

  it("resumes after a restart: an order recorded without an outcome is looked up, not sent again", async () => {
    const pair = record("sequential");
    pair.orders.push({ leg: "short", venue: "hyperliquid", market: "ETH", purpose: "entry", order: { side: "sell", size: "1", limitPrice: "3490", reduceOnly: false, clientId: "p1:1:short:entry" }, sent_at: 1, outcome: null, filled_asset_size: null });
    const long = new ScriptedVenue("lighter", [fills]);
    const short = new ScriptedVenue("hyperliquid", [], () => ({ status: "done", filledSize: "1", averagePrice: "3495", orderId: "5" }));
    const result = await new PairExecution(pair, context(long, short)).open();
    expect(short.lookedUp).toEqual(["p1:1:short:entry"]);
    expect(short.sent).toEqual([]);
    expect(result.state).toBe("open");
    expect(long.sent[0]?.size).toBe("1");
  });
});

describe("closing a pair", () => {
  async function openPair(): Promise<PairRecord> {
    return new PairExecution(record("parallel"), context(new ScriptedVenue("lighter", [fills]), new ScriptedVenue("hyperliquid", [fills]))).open();
  }

  it("both legs reduce-only: closed", async () => {
    const long = new ScriptedVenue("lighter", [fills]);
    const short = new ScriptedVenue("hyperliquid", [fills]);
    const result = await new PairExecution(await openPair(), context(long, short)).close();
    expect(result.state).toBe("closed");
    expect(long.sent[0]).toMatchObject({ side: "sell", reduceOnly: true, size: "1" });
    expect(short.sent[0]).toMatchObject({ side: "buy", reduceOnly: true, size: "1" });
    expect(result.max_orders).toBe(OPEN_ORDER_BUDGET + CLOSE_ORDER_BUDGET);
  });

  it("one leg closes in part: one top-up of that leg, then closed", async () => {
    const long = new ScriptedVenue("lighter", [fillsPart("0.5"), fills]);
    const short = new ScriptedVenue("hyperliquid", [fills]);
    const result = await new PairExecution(await openPair(), context(long, short)).close();
    expect(result.state).toBe("closed");
    expect(long.sent[1]).toMatchObject({ side: "sell", reduceOnly: true, size: "0.5" });
  });

  it("one leg will not close: unbalanced after the one top-up", async () => {
    const long = new ScriptedVenue("lighter", [fillsNothing, fillsNothing]);
    const short = new ScriptedVenue("hyperliquid", [fills]);
    const result = await new PairExecution(await openPair(), context(long, short)).close();
    expect(result.state).toBe("unbalanced");
    expect(long.sent).toHaveLength(2);
  });

  it("both legs close in part, equally: the pair stays open at the smaller size", async () => {
    const long = new ScriptedVenue("lighter", [fillsPart("0.5")]);
    const short = new ScriptedVenue("hyperliquid", [fillsPart("0.5")]);
    const result = await new PairExecution(await openPair(), context(long, short)).close();
    expect(result.state).toBe("open");
    expect([held(result, "long"), held(result, "short")]).toEqual(["0.5", "0.5"]);
  });
});
