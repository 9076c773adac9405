import { describe, expect, it } from "vitest";
import { parseUpstreamJson } from "../src/upstream-json";

describe("parseUpstreamJson", () => {
  it("keeps integers above 2^53 exact through a parse and stringify round trip", () => {
    const text = '{"order_index":1152921504606846975,"small":42,"price":"3500.12","f":1.5}';
    const parsed = parseUpstreamJson(text) as Record<string, unknown>;
    expect(parsed.small).toBe(42);
    expect(parsed.f).toBe(1.5);
    expect(JSON.stringify(parsed)).toBe(text);
  });

  it("rejects text that is not JSON", () => {
    expect(() => parseUpstreamJson("<html>")).toThrow(SyntaxError);
  });
});
