import { describe, expect, it } from "vitest";
import { attributeFunding, type PairSize } from "../../src/arb/attribution";
import { add, formatDecimal, parseDecimal } from "../../src/trading/decimal";

function sum(amounts: { amount: string }[]): string {
  return formatDecimal(amounts.reduce((total, { amount }) => add(total, parseDecimal(amount)), { units: 0n, scale: 0 }));
}

describe("funding attribution among an asset's open pairs", () => {
  it("shares in proportion to size: −0.012345 by 5 : 3 : 2, the leftover micro-dollar to the tie's lower pair_id", () => {
    // 12345 µUSD × 5/10 = 6172.5, × 3/10 = 3703.5, × 2/10 = 2469: one unit left, p1 and p2 tie on .5.
    const parts = attributeFunding("-0.012345", [
      { pair_id: "p1", size: "0.5" },
      { pair_id: "p2", size: "0.3" },
      { pair_id: "p3", size: "0.2" },
    ]);
    expect(parts).toEqual([
      { pair_id: "p1", amount: "-0.006173" },
      { pair_id: "p2", amount: "-0.003703" },
      { pair_id: "p3", amount: "-0.002469" },
    ]);
    expect(sum(parts)).toBe("-0.012345");
  });

  it("gives the leftover units to the largest remainders first", () => {
    // 10 µUSD by 1 : 2 : 4 (of 7): 10/7 = 1 r3, 20/7 = 2 r6, 40/7 = 5 r5; two left go to b (r6) and c (r5).
    const parts = attributeFunding("0.00001", [
      { pair_id: "a", size: "1" },
      { pair_id: "b", size: "2" },
      { pair_id: "c", size: "4" },
    ]);
    expect(parts.map(({ amount }) => amount)).toEqual(["0.000001", "0.000003", "0.000006"]);
    expect(sum(parts)).toBe("0.00001");
  });

  it("a venue's 1 is shared to the micro-dollar, and the same pairs in any order get the same parts", () => {
    const pairs: PairSize[] = [
      { pair_id: "b", size: "1" },
      { pair_id: "a", size: "1" },
      { pair_id: "c", size: "1" },
    ];
    const parts = attributeFunding("1", pairs);
    expect(parts).toEqual([
      { pair_id: "b", amount: "0.333333" },
      { pair_id: "a", amount: "0.333334" },
      { pair_id: "c", amount: "0.333333" },
    ]);
    const reversed = attributeFunding("1", [...pairs].reverse());
    expect(Object.fromEntries(reversed.map(({ pair_id, amount }) => [pair_id, amount]))).toEqual(Object.fromEntries(parts.map(({ pair_id, amount }) => [pair_id, amount])));
  });

  it("keeps a payment's finer precision", () => {
    expect(attributeFunding("0.1234567", [
      { pair_id: "x", size: "2" },
      { pair_id: "y", size: "2" },
    ])).toEqual([
      { pair_id: "x", amount: "0.0617284" },
      { pair_id: "y", amount: "0.0617283" },
    ]);
  });

  it("shares by magnitude when a short leg's size comes signed", () => {
    expect(attributeFunding("3", [
      { pair_id: "short", size: "-2" },
      { pair_id: "other", size: "1" },
    ])).toEqual([
      { pair_id: "short", amount: "2" },
      { pair_id: "other", amount: "1" },
    ]);
  });

  it("one pair takes the whole payment; no pairs take nothing; pairs of no size cannot share it", () => {
    expect(attributeFunding("-7.5", [{ pair_id: "only", size: "0.001" }])).toEqual([{ pair_id: "only", amount: "-7.5" }]);
    expect(attributeFunding("-7.5", [])).toEqual([]);
    expect(() => attributeFunding("-7.5", [{ pair_id: "flat", size: "0" }])).toThrow(RangeError);
    expect(() => attributeFunding("1e-3", [{ pair_id: "p", size: "1" }])).toThrow(RangeError);
  });
});
