import { describe, expect, it } from "vitest";
import { resolveAsset } from "../../src/funding/aliases";

describe("asset alias table", () => {
  it("maps the three spellings of the thousand-PEPE contract to PEPE × 1000", () => {
    expect(resolveAsset("hyperliquid", "kPEPE")).toEqual({ asset: "PEPE", multiplier: 1000 });
    expect(resolveAsset("lighter", "1000PEPE")).toEqual({ asset: "PEPE", multiplier: 1000 });
    expect(resolveAsset("grvt", "KPEPE")).toEqual({ asset: "PEPE", multiplier: 1000 });
  });

  it("never strips letters: KAITO, KAVA, KSM are real tickers", () => {
    expect(resolveAsset("grvt", "KAITO")).toEqual({ asset: "KAITO", multiplier: 1 });
    expect(resolveAsset("grvt", "KSM")).toEqual({ asset: "KSM", multiplier: 1 });
    expect(resolveAsset("hyperliquid", "KAVA")).toEqual({ asset: "KAVA", multiplier: 1 });
  });

  it("aliases are per venue: a Lighter symbol spelled like HL's k-prefix is not assumed to be ×1000", () => {
    expect(resolveAsset("lighter", "kPEPE")).toEqual({ asset: "KPEPE", multiplier: 1 });
    expect(resolveAsset("lighter", "1000XYZ")).toEqual({ asset: "1000XYZ", multiplier: 1 });
  });
});
