import { describe, expect, it } from "vitest";
import { aprClass, formatAge, formatApr, formatInterval, shortHash, spreadClass } from "../../public/js/format.js";

describe("formatApr", () => {
  it("writes a fraction a year as a signed percentage with sensible digits", () => {
    expect(formatApr(0.1)).toBe("+10.0%");
    expect(formatApr(-0.175)).toBe("-17.5%");
    expect(formatApr(0.0701)).toBe("+7.01%");
    expect(formatApr(1.5)).toBe("+150%");
    expect(formatApr(0)).toBe("0.00%");
    expect(formatApr(-0.000001)).toBe("0.00%");
  });

  it("shows a dash for no value", () => {
    expect(formatApr(null)).toBe("–");
    expect(formatApr(undefined)).toBe("–");
    expect(formatApr(Number.NaN)).toBe("–");
  });
});

describe("colour classes", () => {
  it("encode sign and size (under 10 %, under 50 %, above)", () => {
    expect(aprClass(0.05)).toBe("apr-pos-1");
    expect(aprClass(0.1)).toBe("apr-pos-2");
    expect(aprClass(-0.49)).toBe("apr-neg-2");
    expect(aprClass(-0.5)).toBe("apr-neg-3");
    expect(aprClass(0)).toBe("apr-zero");
    expect(aprClass(null)).toBe("apr-zero");
  });

  it("spreads by size only", () => {
    expect(spreadClass(0.02)).toBe("spread-1");
    expect(spreadClass(0.3)).toBe("spread-2");
    expect(spreadClass(0.9)).toBe("spread-3");
    expect(spreadClass(null)).toBe("spread-0");
  });
});

describe("small formats", () => {
  it("ages", () => {
    expect(formatAge(3.4)).toBe("3s");
    expect(formatAge(600)).toBe("10m");
    expect(formatAge(7200)).toBe("2h");
    expect(formatAge(3 * 86400)).toBe("3d");
    expect(formatAge(null)).toBe("never");
  });

  it("intervals and hashes", () => {
    expect(formatInterval(8)).toBe("8h");
    expect(formatInterval(0.5)).toBe("0.5h");
    expect(shortHash("0x0123456789abcdef0123")).toBe("0x012345…ef0123");
    expect(shortHash("abc")).toBe("abc");
  });
});
