import { describe, expect, it } from "vitest";
import { hyperliquidLegMarket, lighterLegMarket, type LegMarket } from "../../src/arb/leg-rules";
import { commonLot, limitPrice, SizingError, sizePair, type PairSizingRequest } from "../../src/arb/sizing";
import { add, BASIS_POINT, compare, decimalFromNumber, formatDecimal, multiply, parseDecimal, subtract, type Decimal } from "../../src/trading/decimal";
import { checkPrice } from "../../src/venues/hyperliquid/order-rules";

const lighterBtc4 = lighterLegMarket({ marketIndex: 1, symbol: "BTC", sizeDecimals: 4, priceDecimals: 1 });
const lighterBtc5 = lighterLegMarket({ marketIndex: 1, symbol: "BTC", sizeDecimals: 5, priceDecimals: 1 });
const lighterEth = lighterLegMarket({ marketIndex: 0, symbol: "ETH", sizeDecimals: 4, priceDecimals: 2 });
const lighterPepe = lighterLegMarket({ marketIndex: 4, symbol: "1000PEPE", sizeDecimals: 1, priceDecimals: 6, minQuoteAmount: "10" });
const hlBtc = hyperliquidLegMarket({ coin: "BTC", szDecimals: 5 });
const hlPepe = hyperliquidLegMarket({ coin: "kPEPE", szDecimals: 0 });
const ONE: Decimal = { units: 1n, scale: 0 };

function sizingError(run: () => unknown): SizingError {
  try {
    run();
  } catch (error) {
    if (error instanceof SizingError) return error;
    throw error;
  }
  throw new Error("expected a SizingError");
}

/** The leg's venue size × multiplier, in asset units. */
function assetUnits(market: LegMarket, size: string): string {
  return formatDecimal(multiply(parseDecimal(size), parseDecimal(market.multiplier)));
}

describe("leg rules from each venue's market description", () => {
  it("Lighter 1000PEPE: steps of 10^-size_decimals and ticks of 10^-price_decimals, ×1000 PEPE, integers on the wire", () => {
    expect(lighterLegMarket({ marketIndex: 4, symbol: "1000PEPE", sizeDecimals: 1, priceDecimals: 6, minBaseAmount: "10", minQuoteAmount: "10" })).toEqual({
      venue: "lighter",
      market: "4",
      symbol: "1000PEPE",
      asset: "PEPE",
      multiplier: "1000",
      sizeStep: "0.1",
      minSize: "10",
      minNotional: "10",
      priceRule: { kind: "tick", tick: "0.000001" },
      integerOrders: true,
    });
    expect(lighterBtc4).toMatchObject({ market: "1", asset: "BTC", multiplier: "1", sizeStep: "0.0001", minSize: null, minNotional: null, priceRule: { kind: "tick", tick: "0.1" } });
  });

  it("Hyperliquid kPEPE: steps of 10^-szDecimals, 5 significant figures and 6 − szDecimals decimals, $10 minimum", () => {
    expect(hlPepe).toEqual({
      venue: "hyperliquid",
      market: "kPEPE",
      symbol: "kPEPE",
      asset: "PEPE",
      multiplier: "1000",
      sizeStep: "1",
      minSize: null,
      minNotional: "10",
      priceRule: { kind: "significant_figures", significantFigures: 5, maxDecimals: 6 },
      integerOrders: false,
    });
    expect(hlBtc).toMatchObject({ asset: "BTC", sizeStep: "0.00001", priceRule: { kind: "significant_figures", significantFigures: 5, maxDecimals: 1 } });
  });
});

describe("the common lot, in asset units", () => {
  it("is the coarser venue lot once multipliers are applied", () => {
    // HL kPEPE: 1 × 1000 = 1000 PEPE; Lighter 1000PEPE: 0.1 × 1000 = 100 PEPE.
    expect(formatDecimal(commonLot(hlPepe, lighterPepe))).toBe("1000");
    // HL BTC 0.00001 against Lighter BTC with 4 size decimals (0.0001) or 5 (0.00001).
    expect(formatDecimal(commonLot(hlBtc, lighterBtc4))).toBe("0.0001");
    expect(formatDecimal(commonLot(lighterBtc5, hlBtc))).toBe("0.00001");
  });

  it("is the least common multiple when neither lot divides the other", () => {
    const quarters: LegMarket = { ...lighterBtc4, sizeStep: "0.25" };
    const tenths: LegMarket = { ...hlBtc, sizeStep: "0.1" };
    expect(formatDecimal(commonLot(quarters, tenths))).toBe("0.5");
  });
});

describe("sizing a pair", () => {
  it("BTC by notional: 5000 USD at 65000 is 0.076923… BTC, rounded down to Lighter's 0.0001 lot; both legs priced within 20 bps", () => {
    const sizing = sizePair({
      long: lighterBtc4,
      short: hlBtc,
      amount: { notionalUsd: "5000", assetPrice: "65000" },
      marks: { long: "65001.7", short: "65010" },
      maxSlippageBps: 20,
    });
    expect(sizing).toEqual({
      asset: "BTC",
      asset_size: "0.0769",
      lot: "0.0001",
      long: {
        venue: "lighter",
        market: "1",
        symbol: "BTC",
        side: "buy",
        size: "0.0769",
        asset_size: "0.0769",
        mark: "65001.7",
        // 65001.7 × 1.002 = 65131.7034, down to the 0.1 tick.
        limit_price: "65131.7",
        // 0.0769 × 65131.7
        notional: "5008.62773",
        integer_units: { base_amount: "769", price: "651317" },
      },
      short: {
        venue: "hyperliquid",
        market: "BTC",
        symbol: "BTC",
        side: "sell",
        size: "0.0769",
        asset_size: "0.0769",
        mark: "65010",
        // 65010 × 0.998 = 64879.98: five figures at this magnitude leave a step of 1, rounded up.
        limit_price: "64880",
        notional: "4989.272",
        integer_units: null,
      },
    });
  });

  it("BTC by size with 5 decimals on both venues: 0.123456 BTC becomes 0.12345", () => {
    const sizing = sizePair({ long: hlBtc, short: lighterBtc5, amount: { size: "0.123456" }, marks: { long: "65000", short: "65000" }, maxSlippageBps: 10 });
    expect(sizing.asset_size).toBe("0.12345");
    expect(sizing.long).toMatchObject({ size: "0.12345", limit_price: "65065", integer_units: null });
    // 65000 × 0.999 = 64935 exactly: already on the tick.
    expect(sizing.short).toMatchObject({ size: "0.12345", limit_price: "64935", integer_units: { base_amount: "12345", price: "649350" } });
  });

  it("kPEPE against 1000PEPE by size: 1 234 567 PEPE becomes 1 234 000 PEPE, 1234 of each venue's units", () => {
    const sizing = sizePair({
      long: hlPepe,
      short: lighterPepe,
      amount: { size: "1234567" },
      marks: { long: "0.012345", short: "0.012351" },
      maxSlippageBps: 20,
    });
    expect(sizing.lot).toBe("1000");
    expect(sizing.asset_size).toBe("1234000");
    // 0.012345 × 1.002 = 0.01236969: at 10^-2 five figures reach 10^-6, which 6 − 0 decimals allow; down.
    expect(sizing.long).toMatchObject({ side: "buy", size: "1234", limit_price: "0.012369", notional: "15.263346" });
    // 0.012351 × 0.998 = 0.012326298, up to the 0.000001 tick.
    expect(sizing.short).toMatchObject({
      side: "sell",
      size: "1234",
      limit_price: "0.012327",
      notional: "15.211518",
      integer_units: { base_amount: "12340", price: "12327" },
    });
    for (const [market, leg] of [[hlPepe, sizing.long], [lighterPepe, sizing.short]] as const) {
      expect(assetUnits(market, leg.size)).toBe(sizing.asset_size);
    }
  });

  it("PEPE by notional: 100 USD at 0.0000123 per PEPE is 8 130 081.3 PEPE, rounded down to 8 130 000", () => {
    const sizing = sizePair({
      long: lighterPepe,
      short: hlPepe,
      amount: { notionalUsd: "100", assetPrice: "0.0000123" },
      marks: { long: "0.0123", short: "0.0123" },
      maxSlippageBps: 5,
    });
    expect(sizing.asset_size).toBe("8130000");
    expect(sizing.long.size).toBe("8130");
    expect(sizing.short.size).toBe("8130");
    expect(compare(parseDecimal(assetUnits(lighterPepe, sizing.long.size)), parseDecimal(assetUnits(hlPepe, sizing.short.size)))).toBe(0);
  });
});

describe("IOC limit prices", () => {
  const hl = (szDecimals: number) => hyperliquidLegMarket({ coin: "X", szDecimals });

  it("Hyperliquid: five significant figures at each magnitude, never more decimals than 6 − szDecimals, always within the bound", () => {
    const cases: [szDecimals: number, mark: string, side: "buy" | "sell", bps: number, expected: string][] = [
      // ≥ 100 000: integers are always allowed. 123456 × 0.999 = 123332.544 → up to 123333 (6 figures).
      [5, "123456", "sell", 10, "123333"],
      // 99999 × 1.001 = 100098.999 → down to 100098, not to 5 figures (100090).
      [5, "99999", "buy", 10, "100098"],
      // ETH (szDecimals 4): 3456.78 × 1.0015 = 3461.96517 → 3461.9; × 0.9985 = 3451.59483 → 3451.6.
      [4, "3456.78", "buy", 15, "3461.9"],
      [4, "3456.78", "sell", 15, "3451.6"],
      // SOL (szDecimals 2): 145.67 × 1.002 = 145.96134 → 145.96; × 0.998 = 145.37866 → 145.38.
      [2, "145.67", "buy", 20, "145.96"],
      [2, "145.67", "sell", 20, "145.38"],
      // szDecimals 3 allows 3 decimals where five figures would give 4: 1.2345 × 1.001 = 1.2357345 → 1.235.
      [3, "1.2345", "buy", 10, "1.235"],
      // kPEPE (szDecimals 0): 0.012345 × 0.998 = 0.01232031 → up to 0.012321.
      [0, "0.012345", "sell", 20, "0.012321"],
      // Rounding up may end on the next power of ten: 10.0001 × 0.99999 = 9.999999999 → 10.
      [0, "10.0001", "sell", 0.1, "10"],
    ];
    for (const [szDecimals, mark, side, bps, expected] of cases) {
      const price = limitPrice(hl(szDecimals), mark, side, bps);
      expect(price, `${side} ${mark} ± ${bps} bps with szDecimals ${szDecimals}`).toBe(expected);
      // Valid for the desk that signs it, and never past mark × (1 ± bps/10^4).
      expect(checkPrice(price, szDecimals, "price", "X")).toBe(expected);
      const move = multiply(decimalFromNumber(bps), BASIS_POINT);
      const bound = multiply(parseDecimal(mark), side === "buy" ? add(ONE, move) : subtract(ONE, move));
      expect(compare(parseDecimal(price), bound)).not.toBe(side === "buy" ? 1 : -1);
    }
  });

  it("Lighter: the fixed tick, down for a buy and up for a sell", () => {
    // 3500 × 1.001 = 3503.5 exactly; 3499.99 × 0.999 = 3496.49001 → 3496.50.
    expect(limitPrice(lighterEth, "3500", "buy", 10)).toBe("3503.5");
    expect(limitPrice(lighterEth, "3499.99", "sell", 10)).toBe("3496.5");
    // With no slippage a buy off the tick goes below the mark rather than above it.
    expect(limitPrice(lighterEth, "3500.005", "buy", 0)).toBe("3500");
    expect(limitPrice(lighterEth, "3500.005", "sell", 0)).toBe("3500.01");
  });
});

describe("refusals, naming the venue at fault", () => {
  const base: PairSizingRequest = { long: hlPepe, short: lighterPepe, amount: { size: "1234567" }, marks: { long: "0.012345", short: "0.012351" }, maxSlippageBps: 20 };

  it("a quantity under the common lot", () => {
    const error = sizingError(() => sizePair({ ...base, amount: { size: "999" } }));
    expect(error.code).toBe("size_rounds_to_zero");
    expect(error.details).toEqual({ asset: "PEPE", quantity: "999", lot: "1000" });
    expect(error.message).toContain("hyperliquid kPEPE: 1000");
    expect(error.message).toContain("lighter 1000PEPE: 100");
  });

  it("a notional under the common lot: 5 USD of BTC at 65000 is 0.0000769, under 0.0001", () => {
    const error = sizingError(() => sizePair({ long: lighterBtc4, short: hlBtc, amount: { notionalUsd: "5", assetPrice: "65000" }, marks: { long: "65000", short: "65000" }, maxSlippageBps: 20 }));
    expect(error.code).toBe("size_rounds_to_zero");
    expect(error.details.lot).toBe("0.0001");
  });

  it("under Lighter's min_base_amount", () => {
    const strict = lighterLegMarket({ marketIndex: 4, symbol: "1000PEPE", sizeDecimals: 1, priceDecimals: 6, minBaseAmount: "5000" });
    const error = sizingError(() => sizePair({ ...base, short: strict }));
    expect(error.code).toBe("below_min_size");
    expect(error.details).toEqual({ venue: "lighter", size: "1234", min_size: "5000" });
  });

  it("under Hyperliquid's $10 at the limit price: 0.0001 BTC sold at 64935 is 6.4935 USD", () => {
    const error = sizingError(() => sizePair({ long: lighterBtc4, short: hlBtc, amount: { size: "0.0001" }, marks: { long: "65000", short: "65000" }, maxSlippageBps: 10 }));
    expect(error.code).toBe("below_min_notional");
    expect(error.details).toEqual({ venue: "hyperliquid", notional: "6.4935", min_notional: "10" });
  });

  it("under Lighter's min_quote_amount", () => {
    // 123 000 PEPE bought on Lighter (the long leg, checked first) at 0.012351 × 1.002 = 0.012375702 → 0.012375.
    const error = sizingError(() => sizePair({ ...base, long: lighterPepe, short: hlPepe, amount: { size: "123000" }, marks: { long: "0.012351", short: "0.012345" } }));
    expect(error.code).toBe("below_min_notional");
    expect(error.details).toEqual({ venue: "lighter", notional: "1.522125", min_notional: "10" });
  });

  it("legs of different assets, a slippage that would price a sell at zero, a price rule that rounds the bound away", () => {
    expect(sizingError(() => sizePair({ ...base, long: hlBtc, short: lighterEth })).code).toBe("asset_mismatch");
    expect(sizingError(() => sizePair({ ...base, maxSlippageBps: 10_000 })).code).toBe("invalid_input");
    expect(sizingError(() => sizePair({ ...base, amount: { size: "-5" } })).code).toBe("invalid_input");
    // szDecimals 6 leaves no decimals: 0.5 × 1.001 rounds down to 0.
    const error = sizingError(() => limitPrice(hyperliquidLegMarket({ coin: "X", szDecimals: 6 }), "0.5", "buy", 10));
    expect(error.code).toBe("price_rounds_to_zero");
    expect(error.details).toEqual({ venue: "hyperliquid", bound: "0.5005" });
  });
});
