import { beforeEach, describe, expect, it } from "vitest";
import { SubrequestBudget } from "../../src/funding/budget";
import { fetchGrvtHistory, fetchGrvtInstruments, fetchGrvtQuote } from "../../src/venues/grvt/market-data";
import { fetchHyperliquidHistory, fetchHyperliquidQuotes } from "../../src/venues/hyperliquid/market-data";
import { fetchLighterHistory, fetchLighterQuotes } from "../../src/venues/lighter/market-data";
import { VenueError, type UpstreamContext } from "../../src/venues/upstream";
import { injectFault } from "../standins/control";
import { GRVT_URL, HL_URL, LIGHTER_URL, resetFundingStandIns } from "./standin-urls";

const NOW = 1_764_000_000_000 + 20 * 60_000; // 2025-11-24T16:20:00Z
const ctx = (timeoutMs = 1500): UpstreamContext => ({ budget: new SubrequestBudget(), timeoutMs });

async function failure(promise: Promise<unknown>): Promise<VenueError["failure"]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VenueError) return error.failure;
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeEach(resetFundingStandIns);

describe("Hyperliquid metaAndAssetCtxs", () => {
  it("reads every main-dex perp except the delisted one, index-aligned", async () => {
    const c = ctx();
    const quotes = await fetchHyperliquidQuotes(c, HL_URL, NOW);
    expect(quotes.map((q) => q.symbol)).toEqual(["BTC", "ETH", "SOL", "kPEPE", "BOT", "HYPE"]);
    expect(quotes[3]).toMatchObject({ symbol: "kPEPE", rawRate: "0.00005", rawUnit: { scale: "fraction", perHours: 1 }, markPrice: 0.01251, indexPrice: 0.0125, openInterest: 2e9 });
    // next funding: 16:20 -> 17:00
    expect(quotes[0]?.nextFundingTime).toBe(1_764_003_600_000);
    expect(c.budget.spent).toBe(1);
  });

  it("reports a misaligned or malformed answer with where it broke", async () => {
    await injectFault(HL_URL, "/info", { kind: "body", body: [{ universe: [{ name: "BTC" }] }, [{ funding: "abc", openInterest: "1", dayNtlVlm: "1", oraclePx: "1", markPx: "1" }]] });
    const f = await failure(fetchHyperliquidQuotes(ctx(), HL_URL, NOW));
    expect(f.kind).toBe("parse_error");
    expect(f.path).toBe("[1][0].funding");
    expect(f.message).toContain('expected a decimal number, got "abc"');
  });

  it("pages settled history on the last time", async () => {
    // 600 hours need two pages of at most 500 rows
    const end = 1_764_000_000_000;
    const c = ctx();
    const points = await fetchHyperliquidHistory(c, HL_URL, "BTC", end - 600 * 3_600_000, end, 2);
    expect(c.budget.spent).toBe(2);
    expect(points).toHaveLength(600);
    expect(new Set(points.map((p) => p.time)).size).toBe(600);
    expect(points[1]).toMatchObject({ rawRate: expect.stringMatching(/^-?0\.0000125$/), rawUnit: { scale: "fraction", perHours: 1 } });
  });
});

describe("Lighter funding-rates + orderBookDetails", () => {
  it("joins the lighter rows with active perps, by market id", async () => {
    const c = ctx();
    const quotes = await fetchLighterQuotes(c, LIGHTER_URL, NOW);
    expect(c.budget.spent).toBe(2);
    // MATIC (9) is inactive; spot books and other exchanges' rows are ignored
    expect(quotes.map((q) => [q.symbol, q.marketId, q.rawRate])).toEqual([
      ["ETH", 0, "0.000096"],
      ["BTC", 1, "0.000064"],
      ["SOL", 2, "-0.00016"],
      ["1000PEPE", 4, "0.00056"],
      ["BOT", 7, "0"],
    ]);
    expect(quotes[0]).toMatchObject({ rawUnit: { scale: "fraction", perHours: 8 }, intervalHours: 1, markPrice: 3500.12, indexPrice: 3499.8, openInterest: 12000.5, volume24hUsd: 125000000.5 });
  });

  it("treats an error code inside HTTP 200 as a failure", async () => {
    await injectFault(LIGHTER_URL, "/api/v1/funding-rates", { kind: "body", body: { code: 23000, message: "Too Many Requests!" } });
    const f = await failure(fetchLighterQuotes(ctx(), LIGHTER_URL, NOW));
    expect(f).toMatchObject({ kind: "venue_error", code: "23000", status: 200 });
    expect(f.message).toContain("Too Many Requests!");
  });

  it("reports a 429 with its Retry-After", async () => {
    await injectFault(LIGHTER_URL, "/api/v1/orderBookDetails", { kind: "status", status: 429, retryAfterSeconds: 30, body: { code: 23000, message: "Too Many Requests!" } });
    const f = await failure(fetchLighterQuotes(ctx(), LIGHTER_URL, NOW));
    expect(f).toMatchObject({ kind: "http_status", status: 429, code: "23000", retry_after_seconds: 30 });
  });

  it("reads settled history: seconds to ms, sign from direction", async () => {
    const end = 1_764_000_000_000; // a top of the hour, hour index 490000
    const points = await fetchLighterHistory(ctx(), LIGHTER_URL, 1, end - 3 * 3_600_000, end);
    expect(points.map((p) => [p.time, p.direction])).toEqual([
      [end - 3 * 3_600_000, "long"], //  hour 489997
      [end - 2 * 3_600_000, "long"], //  hour 489998
      [end - 3_600_000, "short"], //     hour 489999 (divisible by 3: shorts paid)
      [end, "long"],
    ]);
  });
});

describe("GRVT all_instruments + ticker", () => {
  it("keeps active perpetuals with a known interval, accepting int64 fields as strings", async () => {
    const list = await fetchGrvtInstruments(ctx(), GRVT_URL);
    // the FUTURE and the inactive LUNA perp are left out; BTC's interval arrives as the string "8"
    expect(list.map((i) => [i.instrument, i.intervalHours])).toEqual([
      ["BTC_USDT_Perp", 8],
      ["ETH_USDT_Perp", 1],
      ["KAITO_USDT_Perp", 1],
      ["KPEPE_USDT_Perp", 4],
      ["SOL_USDT_Perp", 4],
    ]);
  });

  it("reads a ticker: percent per interval, ns timestamps, number or string rates", async () => {
    const list = await fetchGrvtInstruments(ctx(), GRVT_URL);
    const sol = await fetchGrvtQuote(ctx(), GRVT_URL, list.find((i) => i.base === "SOL")!);
    // funding_rate arrives as the JSON number 0.006
    expect(sol).toMatchObject({ rawRate: "0.006", rawUnit: { scale: "percent", perHours: 4 }, intervalHours: 4, markPrice: 180.3 });
    // 1764014400000000000 ns = 1764014400000 ms; volume = 9,000,000 + 8,500,000
    expect(sol.nextFundingTime).toBe(1_764_014_400_000);
    expect(sol.volume24hUsd).toBe(17_500_000);
  });

  it("reports GRVT's error body (code 1006) and HTML error pages precisely", async () => {
    await injectFault(GRVT_URL, "/full/v1/ticker", { kind: "status", status: 429, body: { request_id: 1, code: 1006, message: "You have surpassed the allocated rate limit for your tier", status: 429 } });
    const btc = { instrument: "BTC_USDT_Perp", base: "BTC", quote: "USDT", intervalHours: 8 };
    expect(await failure(fetchGrvtQuote(ctx(), GRVT_URL, btc))).toMatchObject({ kind: "http_status", status: 429, code: "1006" });
    await injectFault(GRVT_URL, "/full/v1/ticker", { kind: "html", status: 502 });
    const html = await failure(fetchGrvtQuote(ctx(), GRVT_URL, btc));
    expect(html).toMatchObject({ kind: "http_status", status: 502 });
    expect(html.message).toContain("502 Bad Gateway");
    await injectFault(GRVT_URL, "/full/v1/ticker", { kind: "malformed" });
    expect(await failure(fetchGrvtQuote(ctx(), GRVT_URL, btc))).toMatchObject({ kind: "parse_error", path: "(root)" });
  });

  it("times out a venue that answers too slowly", async () => {
    await injectFault(GRVT_URL, "/full/v1/all_instruments", { kind: "delay", ms: 1000 });
    const f = await failure(fetchGrvtInstruments(ctx(300), GRVT_URL));
    expect(f.kind).toBe("timeout");
    expect(f.message).toContain("300 ms");
  });

  it("times out a venue whose answer stops half-way through the body", async () => {
    await injectFault(GRVT_URL, "/full/v1/all_instruments", { kind: "stall_body" });
    const f = await failure(fetchGrvtInstruments(ctx(300), GRVT_URL));
    expect(f.kind).toBe("timeout");
    expect(f.message).toContain("300 ms");
  });

  it("reads settled history per interval", async () => {
    const end = 1_764_000_000_000;
    const sol = { instrument: "SOL_USDT_Perp", base: "SOL", quote: "USDT", intervalHours: 4 };
    const points = await fetchGrvtHistory(ctx(), GRVT_URL, sol, end - 24 * 3_600_000, end);
    // one row every 4 h over 24 h, both ends included: 7 rows
    expect(points).toHaveLength(7);
    expect(points[0]).toMatchObject({ rawRate: "0.006", rawUnit: { scale: "percent", perHours: 4 } });
  });
});

describe("subrequest budget", () => {
  it("refuses the request that would exceed it, before sending", async () => {
    const c: UpstreamContext = { budget: new SubrequestBudget(1), timeoutMs: 1500 };
    const f = await failure(fetchLighterQuotes(c, LIGHTER_URL, NOW));
    expect(f.kind).toBe("budget");
    expect(f.message).toContain("Lighter orderBookDetails");
  });
});
