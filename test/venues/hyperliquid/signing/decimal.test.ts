/** Numbers on the wire (SPEC §3.1): the Python SDK's float_to_wire / float_to_int, and decimal-string normalisation. */
import { describe, expect, it } from "vitest";
import { floatToInt, floatToIntForHashing, floatToWire, normalizeDecimal } from "../../../../src/venues/hyperliquid/signing/index.js";
import { vectors } from "./vectors.js";

/** Python float repr → the same double in JS (the repr round-trips, "-0.0" included). */
const pyFloat = (text: string) => Number(text);

describe("floatToWire (every executed case of vectors.json)", () => {
  it("has the 26 cases of SPEC §14", () => {
    expect(vectors.float_to_wire.cases).toHaveLength(26);
  });

  it.each(vectors.float_to_wire.cases)("float_to_wire($input)", ({ input, output, error }) => {
    const x = pyFloat(input);
    if (error !== undefined) expect(() => floatToWire(x)).toThrow(error);
    else expect(floatToWire(x)).toBe(output);
  });

  it("-0.0 gives '-0' like the SDK, and 0.0 gives '0'", () => {
    expect(floatToWire(-0)).toBe("-0");
    expect(floatToWire(0)).toBe("0");
    expect(floatToWire(-1e-13)).toBe("-0"); // rounds to -0.00000000 within 1e-12, as in Python
  });

  it("never gives exponent form where String() would", () => {
    expect(String(1e-7)).toBe("1e-7");
    expect(floatToWire(1e-7)).toBe("0.0000001");
    expect(String(1e21)).toBe("1e+21");
    expect(floatToWire(1e21)).toBe("1000000000000000000000");
    expect(floatToWire(2 ** 60)).toBe("1152921504606846976");
  });

  it("refuses what the SDK would send as NaN or Infinity, and magnitudes where Python's Decimal rounds", () => {
    expect(() => floatToWire(NaN)).toThrow(/finite/);
    expect(() => floatToWire(Infinity)).toThrow(/finite/);
    expect(() => floatToWire(-Infinity)).toThrow(/finite/);
    expect(() => floatToWire(1e28)).toThrow(/1e28/);
  });
});

describe("floatToIntForHashing (the Python SDK test's cases)", () => {
  it.each(vectors.float_to_int_for_hashing.cases)("float_to_int_for_hashing($input)", ({ input, output, error }) => {
    const x = pyFloat(input);
    if (error !== undefined) expect(() => floatToIntForHashing(x)).toThrow(error);
    else expect(floatToIntForHashing(x).toString()).toBe(output);
  });

  it("scales by other powers (float_to_usd_int is power 6) and refuses a bad power", () => {
    expect(floatToInt(2.25, 6)).toBe(2250000n);
    expect(floatToInt(-2.25, 6)).toBe(-2250000n);
    expect(() => floatToInt(0.0000001, 6)).toThrow("float_to_int causes rounding");
    expect(() => floatToInt(1, -1)).toThrow(/power/);
    expect(() => floatToInt(NaN, 6)).toThrow(/finite/);
  });
});

describe("normalizeDecimal", () => {
  it.each([
    ["2000.0", "2000"],
    ["2000", "2000"],
    ["2000.", "2000"],
    ["0.50", "0.5"],
    ["0.0147", "0.0147"],
    ["007", "7"],
    ["00.100", "0.1"],
    ["0", "0"],
    ["0.000", "0"],
    ["-1.500", "-1.5"],
    ["-0.0", "-0"],
    ["123456789012345678901234567890.000000001", "123456789012345678901234567890.000000001"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeDecimal(input)).toBe(expected);
  });

  it("agrees with floatToWire on the SDK's formatted strings", () => {
    for (const { input, output } of vectors.float_to_wire.cases) {
      if (output === undefined) continue;
      const x = pyFloat(input);
      const fixed = x.toFixed(8);
      expect(normalizeDecimal(Object.is(x, -0) ? `-${fixed}` : fixed)).toBe(output);
    }
  });

  it.each(["", ".5", "1e5", "1E-7", "+1", " 1", "1 ", "0x10", "1,5", "--1", "NaN", "Infinity", "1.2.3"])("refuses %j", (input) => {
    expect(() => normalizeDecimal(input)).toThrow(/not a plain decimal/);
  });

  it("refuses a non-string", () => {
    expect(() => normalizeDecimal(1.5 as unknown as string)).toThrow(/not a plain decimal/);
  });
});
