import { describe, expect, it } from "vitest";
import { aprOf, historyHourly, hourlyRate, MAX_PLAUSIBLE_HOURLY, NormalizeError, nextTopOfHour, rate8h, rawUnitLabel, toFundingRow } from "../../src/funding/normalize";
import type { VenueQuote } from "../../src/funding/types";

const quote = (over: Partial<VenueQuote>): VenueQuote => ({
  venue: "hyperliquid",
  symbol: "BTC",
  base: "BTC",
  rawRate: "0.0000125",
  rawUnit: { scale: "fraction", perHours: 1 },
  intervalHours: 1,
  markPrice: 97010,
  indexPrice: 97000,
  openInterest: 1500.5,
  volume24hUsd: 2.5e9,
  nextFundingTime: 1_764_003_600_000,
  ...over,
});

describe("hourly rate per venue unit (SPEC §8)", () => {
  it("Hyperliquid funding is already a fraction per hour", () => {
    // h = 0.0000125 (the 0.01 %/8 h baseline paid hourly: 0.0001 / 8)
    expect(hourlyRate("0.0000125", { scale: "fraction", perHours: 1 })).toBe(0.0000125);
  });

  it("Lighter funding-rates is a fraction per 8 hours", () => {
    // 0.000096 / 8 = 0.000012 per hour
    expect(hourlyRate("0.000096", { scale: "fraction", perHours: 8 })).toBe(0.000012);
    // ccxt's sample 0.00009599999999999999 is the same value after 12 significant digits
    expect(hourlyRate("0.00009599999999999999", { scale: "fraction", perHours: 8 })).toBe(0.000012);
  });

  it("GRVT is percent per the instrument's interval (1 h, 4 h, 8 h)", () => {
    // 0.0005 % per 1 h = 0.0005 / 100 = 0.000005
    expect(hourlyRate("0.0005", { scale: "percent", perHours: 1 })).toBe(0.000005);
    // 0.006 % per 4 h = 0.006 / 100 / 4 = 0.000015
    expect(hourlyRate("0.006", { scale: "percent", perHours: 4 })).toBe(0.000015);
    // 0.02 % per 8 h = 0.02 / 100 / 8 = 0.000025
    expect(hourlyRate("0.02", { scale: "percent", perHours: 8 })).toBe(0.000025);
    // ccxt's BTC sample 0.0037 % per 8 h = 0.0037 / 800 = 0.000004625
    expect(hourlyRate("0.0037", { scale: "percent", perHours: 8 })).toBe(0.000004625);
  });

  it("keeps the sign (negative: shorts pay longs)", () => {
    // -0.0037 % per 1 h = -0.000037
    expect(hourlyRate("-0.0037", { scale: "percent", perHours: 1 })).toBe(-0.000037);
  });

  it("refuses non-numbers and a non-positive basis instead of producing NaN", () => {
    expect(() => hourlyRate("abc", { scale: "fraction", perHours: 1 })).toThrow(NormalizeError);
    expect(() => hourlyRate("", { scale: "fraction", perHours: 1 })).toThrow(NormalizeError);
    expect(() => hourlyRate("0.01", { scale: "percent", perHours: 0 })).toThrow(NormalizeError);
  });

  it("writes the unit out", () => {
    expect(rawUnitLabel({ scale: "percent", perHours: 4 })).toBe("percent_per_4h");
    expect(rawUnitLabel({ scale: "fraction", perHours: 8 })).toBe("fraction_per_8h");
  });
});

describe("8-hour and yearly figures", () => {
  it("rate_8h = hourly × 8 and apr = hourly × 8760, without binary noise", () => {
    // 0.0000125 × 8 = 0.0001
    expect(rate8h(0.0000125)).toBe(0.0001);
    // 0.0000125 × 8760 = 0.1095
    expect(aprOf(0.0000125)).toBe(0.1095);
    // 0.000045 × 8760 = 0.3942 (the raw double product is 0.39420000000000005)
    expect(0.000045 * 8760).not.toBe(0.3942);
    expect(aprOf(0.000045)).toBe(0.3942);
    // -0.00002 × 8760 = -0.1752
    expect(aprOf(-0.00002)).toBe(-0.1752);
  });

  it("never lets a non-finite value through", () => {
    expect(() => aprOf(Number.NaN)).toThrow(NormalizeError);
    expect(() => aprOf(Number.POSITIVE_INFINITY)).toThrow(NormalizeError);
  });
});

describe("settled history points", () => {
  it("Lighter /fundings: unsigned percent per hour, signed by direction", () => {
    const unit = { scale: "percent", perHours: 1 } as const;
    // long: longs paid, 0.0012 % = +0.000012
    expect(historyHourly({ time: 0, rawRate: "0.0012", rawUnit: unit, direction: "long" })).toBe(0.000012);
    // short: shorts paid, -0.000012
    expect(historyHourly({ time: 0, rawRate: "0.0012", rawUnit: unit, direction: "short" })).toBe(-0.000012);
  });

  it("GRVT funding rows use the row's interval", () => {
    // 0.01 % over 4 h = 0.01 / 100 / 4 = 0.000025
    expect(historyHourly({ time: 0, rawRate: "0.01", rawUnit: { scale: "percent", perHours: 4 } })).toBe(0.000025);
  });
});

describe("next funding time", () => {
  it("is the next UTC top of the hour, strictly after now", () => {
    // 2025-11-24T16:00:00Z = 1764000000000; 16:20 -> 17:00 (1764003600000)
    expect(nextTopOfHour(1_764_000_000_000 + 20 * 60_000)).toBe(1_764_003_600_000);
    expect(nextTopOfHour(1_764_000_000_000)).toBe(1_764_003_600_000);
  });
});

describe("toFundingRow", () => {
  it("converts a Hyperliquid quote", () => {
    const row = toFundingRow(quote({}), 1_764_000_000_000);
    expect(row).toMatchObject({
      venue: "hyperliquid",
      asset: "BTC",
      multiplier: 1,
      interval_hours: 1,
      raw_rate: "0.0000125",
      raw_unit: "fraction_per_1h",
      hourly_rate: 0.0000125,
      rate_8h: 0.0001,
      apr: 0.1095,
      unit_price: 97010,
      // 1500.5 BTC × 97010 = 145,563,505
      open_interest_usd: 145_563_505,
      stale: false,
      updated_at: 1_764_000_000_000,
    });
  });

  it("a thousand-unit contract: unit price and OI use the contract price, the rate is unchanged", () => {
    const row = toFundingRow(quote({ symbol: "kPEPE", base: "kPEPE", rawRate: "0.00005", markPrice: 0.01251, openInterest: 2e9 }), 0);
    expect(row.asset).toBe("PEPE");
    expect(row.multiplier).toBe(1000);
    // 0.01251 / 1000 = 0.00001251 per PEPE
    expect(row.unit_price).toBe(0.00001251);
    // 2e9 kPEPE × 0.01251 = 25,020,000
    expect(row.open_interest_usd).toBe(25_020_000);
    // 0.00005 × 8760 = 0.438
    expect(row.apr).toBe(0.438);
  });

  it("refuses a rate beyond any venue's cap (a unit misread)", () => {
    // GRVT legacy fixed-point "2544" read as percent per 8 h = 0.318 per hour > 0.04
    expect(() => toFundingRow(quote({ venue: "grvt", rawRate: "2544", rawUnit: { scale: "percent", perHours: 8 } }), 0)).toThrow(NormalizeError);
    expect(MAX_PLAUSIBLE_HOURLY).toBe(0.04);
  });

  it("a missing price leaves price-derived fields null, never NaN", () => {
    const row = toFundingRow(quote({ markPrice: null, openInterest: 10 }), 0);
    expect(row.mark_price).toBeNull();
    expect(row.unit_price).toBeNull();
    expect(row.open_interest_usd).toBeNull();
  });
});
