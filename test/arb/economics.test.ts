import { describe, expect, it } from "vitest";
import { DEFAULT_TAKER_FEE_BPS, pairEconomics, type LegFunding } from "../../src/arb/economics";
import { decimalFromNumber, formatDecimal } from "../../src/trading/decimal";

const HOUR = 3_600_000;
const lighter = (hourlyRate: number): LegFunding => ({ venue: "lighter", hourlyRate, intervalHours: 1, nextFundingTime: 10 * HOUR });
const hyperliquid = (hourlyRate: number): LegFunding => ({ venue: "hyperliquid", hourlyRate, intervalHours: 1, nextFundingTime: 10 * HOUR });

describe("pair economics", () => {
  it("long Lighter at 0.00125 %/h, short Hyperliquid at 0.005 %/h, 5000 USD over a day: the fees take exactly the day's funding", () => {
    expect(pairEconomics({ long: lighter(0.0000125), short: hyperliquid(0.00005), notionalUsd: "5000" })).toEqual({
      long: { venue: "lighter", hourly_rate: 0.0000125, apr: 0.1095, interval_hours: 1, next_funding_time: 10 * HOUR, taker_fee_bps: 0 },
      short: { venue: "hyperliquid", hourly_rate: 0.00005, apr: 0.438, interval_hours: 1, next_funding_time: 10 * HOUR, taker_fee_bps: 4.5 },
      // 0.00005 − 0.0000125; × 8760 = 0.3285
      spread_hourly: 0.0000375,
      spread_apr: 0.3285,
      entry_fee_bps: 4.5,
      exit_fee_bps: 4.5,
      round_trip_fee_bps: 9,
      notional_usd: "5000",
      // 5000 × 9 / 10^4
      fees_usd: "4.5",
      horizon_hours: 24,
      // 5000 × 0.0000375 × 24
      expected_funding_usd: "4.5",
      expected_net_usd: "0",
      expected_net_apr: 0,
      // 4.5 / (5000 × 0.0000375) = 4.5 / 0.1875
      break_even_hours: 24,
    });
  });

  it("over a week the same pair nets 27 USD: 27 / 5000 × 8760 / 168", () => {
    const economics = pairEconomics({ long: lighter(0.0000125), short: hyperliquid(0.00005), notionalUsd: "5000", horizonHours: 168 });
    expect(economics.expected_funding_usd).toBe("31.5");
    expect(economics.expected_net_usd).toBe("27");
    // 236520 / 840000 = 0.28157142857…, to 10 decimals
    expect(economics.expected_net_apr).toBe(0.2815714285);
    expect(economics.break_even_hours).toBe(24);
  });

  it("the wrong way round pays funding and never breaks even", () => {
    const economics = pairEconomics({ long: hyperliquid(0.00005), short: lighter(0.0000125), notionalUsd: "5000" });
    expect(economics.spread_hourly).toBe(-0.0000375);
    expect(economics.spread_apr).toBe(-0.3285);
    expect(economics.expected_funding_usd).toBe("-4.5");
    expect(economics.expected_net_usd).toBe("-9");
    // −9 / 5000 × 365
    expect(economics.expected_net_apr).toBe(-0.657);
    expect(economics.break_even_hours).toBeNull();
    // A spread of exactly zero earns nothing either.
    expect(pairEconomics({ long: lighter(0.00001), short: hyperliquid(0.00001), notionalUsd: "5000" }).break_even_hours).toBeNull();
  });

  it("fees from the venue or configuration replace the defaults; rates the board prints in exponent form are read exactly", () => {
    const economics = pairEconomics({ long: lighter(1.2e-7), short: hyperliquid(0.0000125), notionalUsd: "5000", takerFeeBps: { lighter: 2.8, hyperliquid: 4 } });
    expect(economics.long.taker_fee_bps).toBe(2.8);
    expect(economics.short.taker_fee_bps).toBe(4);
    expect(economics.entry_fee_bps).toBe(6.8);
    expect(economics.round_trip_fee_bps).toBe(13.6);
    // 5000 × 13.6 / 10^4
    expect(economics.fees_usd).toBe("6.8");
    // 0.0000125 − 0.00000012 = 0.00001238, not 0.000012380000000000001
    expect(economics.spread_hourly).toBe(0.00001238);
    expect(economics.spread_apr).toBe(0.1084488);
    // 5000 × 0.00001238 × 24 = 1.4856; − 6.8 = −5.3144; / 5000 × 365 = −0.3879512
    expect(economics.expected_funding_usd).toBe("1.4856");
    expect(economics.expected_net_usd).toBe("-5.3144");
    expect(economics.expected_net_apr).toBe(-0.3879512);
    // 6.8 / 0.0619 = 109.8546042…, rounded up to 6 decimals
    expect(economics.break_even_hours).toBe(109.854605);
  });

  it("USD amounts to 6 decimals, rounded against the pair: funding down, fees up", () => {
    const economics = pairEconomics({ long: lighter(0.0000101), short: hyperliquid(0.0000234), notionalUsd: "1234.567" });
    // 1234.567 × 0.0000133 × 24 = 0.3940737864
    expect(economics.expected_funding_usd).toBe("0.394073");
    // 1234.567 × 0.0009 = 1.1111103
    expect(economics.fees_usd).toBe("1.111111");
    expect(economics.expected_net_usd).toBe("-0.717038");
    // −0.717038 × 8760 / (1234.567 × 24) = −0.21199243946…, down at 10 decimals
    expect(economics.expected_net_apr).toBe(-0.2119924395);
    // 1.111111 / 0.0164197411 = 67.66921556…, up at 6 decimals
    expect(economics.break_even_hours).toBe(67.669216);
  });

  it("Lighter's standard accounts trade free; Hyperliquid's base tier pays 4.5 bps taker", () => {
    expect(DEFAULT_TAKER_FEE_BPS).toEqual({ lighter: 0, hyperliquid: 4.5 });
  });

  it("refuses a notional, horizon or fee that is not a number it can use", () => {
    expect(() => pairEconomics({ long: lighter(0), short: hyperliquid(0), notionalUsd: "0" })).toThrow(RangeError);
    expect(() => pairEconomics({ long: lighter(0), short: hyperliquid(0), notionalUsd: "5000", horizonHours: 0 })).toThrow(RangeError);
    expect(() => pairEconomics({ long: lighter(0), short: hyperliquid(0), notionalUsd: "5000", takerFeeBps: { lighter: Number.NaN } })).toThrow(RangeError);
  });
});

describe("reading the board's doubles as decimals", () => {
  it("gives the shortest decimal that is the same double", () => {
    expect(formatDecimal(decimalFromNumber(0.1))).toBe("0.1");
    expect(formatDecimal(decimalFromNumber(1.25e-7))).toBe("0.000000125");
    expect(formatDecimal(decimalFromNumber(-0.0000375))).toBe("-0.0000375");
    expect(formatDecimal(decimalFromNumber(1e21))).toBe("1000000000000000000000");
    expect(formatDecimal(decimalFromNumber(0.39420000000000005))).toBe("0.39420000000000005");
  });
});
