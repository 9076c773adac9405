import { describe, expect, it } from "vitest";
import { JsonSyntaxError, parseJsonLossless } from "../src/lossless-json";

describe("parseJsonLossless", () => {
  it("keeps safe integers as numbers and larger ones exact as bigints", () => {
    expect(parseJsonLossless('{"a":9007199254740991,"b":9007199254740993,"c":-9223372036854775808,"d":0}')).toEqual({
      a: 9007199254740991,
      b: 9007199254740993n,
      c: -9223372036854775808n,
      d: 0,
    });
    expect(parseJsonLossless("[1152921504606846975]")).toEqual([1152921504606846975n]);
  });

  it("parses the rest of JSON like JSON.parse", () => {
    const text = ' { "s" : "a\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00" , "t":true, "f":false, "n":null, "arr":[ ], "o":{ } , "nested":[{"x":[1,[2]]}] } ';
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ["a fraction", "1.5"],
    ["an exponent", "1e3"],
    ["a duplicate key", '{"a":1,"a":2}'],
    ["a leading zero", "01"],
    ["a plus sign", "+1"],
    ["trailing text", "{} x"],
    ["a trailing comma", "[1,]"],
    ["an unterminated string", '"abc'],
    ["a raw control character", '"a\nb"'],
    ["a bad escape", '"\\x"'],
    ["single quotes", "{'a':1}"],
    ["NaN", "NaN"],
    ["empty input", ""],
    ["deep nesting", "[".repeat(100) + "]".repeat(100)],
  ])("refuses %s", (_label, text) => {
    expect(() => parseJsonLossless(text)).toThrow(JsonSyntaxError);
  });

  it("keeps a __proto__ key as an ordinary own key", () => {
    const value = parseJsonLossless('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
