import { describe, expect, it } from "vitest";
import { bestPair, groupByAsset, priceGap, rankOpportunities } from "../../src/funding/compare";
import { toFundingRow } from "../../src/funding/normalize";
import type { FundingRow, RawUnit, Venue } from "../../src/funding/types";

const HL: RawUnit = { scale: "fraction", perHours: 1 };
const LIGHTER: RawUnit = { scale: "fraction", perHours: 8 };
const grvt = (hours: number): RawUnit => ({ scale: "percent", perHours: hours });

function row(venue: Venue, base: string, rawRate: string, rawUnit: RawUnit, markPrice: number | null, openInterest = 1000): FundingRow {
  return toFundingRow(
    { venue, symbol: base, base, rawRate, rawUnit, intervalHours: rawUnit.perHours, markPrice, indexPrice: markPrice, openInterest, volume24hUsd: 0, nextFundingTime: null },
    0,
  );
}

// The fixture board (test/fixtures/funding), hourly rates worked out by hand:
const rows = [
  row("hyperliquid", "BTC", "0.0000125", HL, 97010, 1500.5), //   h = 0.0000125
  row("lighter", "BTC", "0.000064", LIGHTER, 97000.5, 800.25), //  h = 0.000064 / 8 = 0.000008
  row("grvt", "BTC", "0.02", grvt(8), 97020.5, 350.5), //          h = 0.02 / 100 / 8 = 0.000025
  row("hyperliquid", "ETH", "-0.00002", HL, 3501.5), //            h = -0.00002
  row("lighter", "ETH", "0.000096", LIGHTER, 3500.12), //          h = 0.000012
  row("grvt", "ETH", "0.0005", grvt(1), 3502), //                  h = 0.000005
  row("hyperliquid", "SOL", "0.00001", HL, 180.2), //              h = 0.00001
  row("lighter", "SOL", "-0.00016", LIGHTER, 180.123), //          h = -0.00002
  row("grvt", "SOL", "0.006", grvt(4), 180.3), //                  h = 0.000015
  row("hyperliquid", "kPEPE", "0.00005", HL, 0.01251), //          h = 0.00005
  row("lighter", "1000PEPE", "0.00056", LIGHTER, 0.012505), //     h = 0.00007
  row("grvt", "KPEPE", "0.01", grvt(4), 0.01249), //               h = 0.000025
  row("hyperliquid", "BOT", "0.0001", HL, 0.5), //                 same name, different coin:
  row("lighter", "BOT", "0", LIGHTER, 12), //                      unit prices 0.5 vs 12
  row("hyperliquid", "HYPE", "0.0000125", HL, 25.01), //           one venue only
];

describe("price gap", () => {
  it("is relative to the lower price", () => {
    // |102 − 100| / 100 = 0.02
    expect(priceGap(100, 102)).toBeCloseTo(0.02, 15);
    expect(priceGap(102, 100)).toBeCloseTo(0.02, 15);
  });
});

describe("best pair per asset", () => {
  const assets = groupByAsset(rows);
  const pairOf = (asset: string) => assets.find((a) => a.asset === asset)?.best_pair;

  it("groups the three PEPE spellings into one asset", () => {
    expect(assets.find((a) => a.asset === "PEPE")?.venues.map((r) => r.symbol)).toEqual(["kPEPE", "1000PEPE", "KPEPE"]);
  });

  it("longs where funding is lowest and shorts where it is highest", () => {
    // BTC: long Lighter (0.000008), short GRVT (0.000025); spread 0.000017/h × 8760 = 0.14892
    expect(pairOf("BTC")).toMatchObject({ long_venue: "lighter", short_venue: "grvt", spread_hourly: 0.000017, spread_apr: 0.14892 });
    // ETH: long HL (-0.00002), short Lighter (0.000012); 0.000032 × 8760 = 0.28032
    expect(pairOf("ETH")).toMatchObject({ long_venue: "hyperliquid", short_venue: "lighter", spread_apr: 0.28032 });
    // PEPE: long GRVT (0.000025), short Lighter (0.00007); 0.000045 × 8760 = 0.3942
    expect(pairOf("PEPE")).toMatchObject({ long_venue: "grvt", long_symbol: "KPEPE", short_venue: "lighter", short_symbol: "1000PEPE", spread_apr: 0.3942 });
  });

  it("reports the thinner leg's open interest", () => {
    // BTC legs: Lighter 800.25 × 97000.5 = 77,624,650.125; GRVT 350.5 × 97020.5 = 34,005,685.25
    expect(pairOf("BTC")?.min_open_interest_usd).toBe(34_005_685.25);
  });

  it("does not match legs whose unit prices disagree by more than 2 %", () => {
    expect(pairOf("BOT")).toBeNull();
    const near = [row("hyperliquid", "XYZ", "0.0001", HL, 100), row("lighter", "XYZ", "0", LIGHTER, 101.9)];
    const far = [row("hyperliquid", "XYZ", "0.0001", HL, 100), row("lighter", "XYZ", "0", LIGHTER, 102.1)];
    expect(bestPair(near)).not.toBeNull(); // 1.9 % apart
    expect(bestPair(far)).toBeNull(); //      2.1 % apart
  });

  it("a wrong multiplier is caught by the price check (1000PEPE read as 1 PEPE)", () => {
    const wrong = [row("hyperliquid", "kPEPE", "0.00005", HL, 0.01251), { ...row("lighter", "PEPE", "0.00056", LIGHTER, 0.012505), asset: "PEPE" }];
    expect(bestPair(wrong)).toBeNull();
  });

  it("leaves out stale rows and rows without a price", () => {
    const btc = rows.filter((r) => r.asset === "BTC");
    const staleGrvt = btc.map((r) => (r.venue === "grvt" ? { ...r, stale: true } : r));
    // Without GRVT: long Lighter (0.000008), short HL (0.0000125): 0.0000045 × 8760 = 0.03942
    expect(bestPair(staleGrvt)).toMatchObject({ long_venue: "lighter", short_venue: "hyperliquid", spread_apr: 0.03942 });
    const unpriced = btc.map((r) => (r.venue === "grvt" ? { ...r, unit_price: null } : r));
    expect(bestPair(unpriced)?.short_venue).toBe("hyperliquid");
  });

  it("needs two venues", () => {
    expect(pairOf("HYPE")).toBeNull();
  });
});

describe("opportunities ranking", () => {
  const assets = groupByAsset(rows);

  it("ranks by spread APR, widest first", () => {
    // PEPE 0.3942 > SOL 0.3066 (long Lighter -0.00002, short GRVT 0.000015) > ETH 0.28032 > BTC 0.14892
    expect(rankOpportunities(assets).map((o) => [o.asset, o.spread_apr])).toEqual([
      ["PEPE", 0.3942],
      ["SOL", 0.3066],
      ["ETH", 0.28032],
      ["BTC", 0.14892],
    ]);
  });

  it("filters by minimum APR and open interest", () => {
    expect(rankOpportunities(assets, { minApr: 0.3 }).map((o) => o.asset)).toEqual(["PEPE", "SOL"]);
    // SOL legs: Lighter 1000 × 180.123 = 180,123; GRVT 1000 × 180.3 = 180,300 -> 180,123 passes 180,000
    expect(rankOpportunities(assets, { minOpenInterestUsd: 180_000 }).map((o) => o.asset)).toEqual(["SOL", "ETH", "BTC"]);
  });

  it("re-pairs within the allowed venues", () => {
    const onlyHlLighter = rankOpportunities(assets, { venues: new Set<Venue>(["hyperliquid", "lighter"]) });
    // PEPE HL 0.00005 vs Lighter 0.00007: 0.00002 × 8760 = 0.1752; SOL: 0.00003 × 8760 = 0.2628; ETH 0.28032; BTC 0.0000045 × 8760 = 0.03942
    expect(onlyHlLighter.map((o) => [o.asset, o.long_venue, o.short_venue, o.spread_apr])).toEqual([
      ["ETH", "hyperliquid", "lighter", 0.28032],
      ["SOL", "lighter", "hyperliquid", 0.2628],
      ["PEPE", "hyperliquid", "lighter", 0.1752],
      ["BTC", "lighter", "hyperliquid", 0.03942],
    ]);
  });
});
