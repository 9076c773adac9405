/**
 * The msgpack encoder's rules (SPEC §4.1) beyond what the vectors exercise: format boundaries, u64 for
 * numbers at or above 2^32, and refusal (with the path) of everything that must not be in an action.
 */
import { describe, expect, it } from "vitest";
import { MsgpackEncodeError, actionHash, encodeMsgpack } from "../../../../src/venues/hyperliquid/signing/index.js";
import { hex } from "./vectors.js";

const enc = (value: unknown) => hex(encodeMsgpack(value)).slice(2);

describe("msgpack encoding", () => {
  it("non-negative integers take the smallest unsigned format, as a number or a bigint", () => {
    const cases: [number, string][] = [
      [0, "00"],
      [127, "7f"],
      [128, "cc80"],
      [255, "ccff"],
      [256, "cd0100"],
      [65535, "cdffff"],
      [65536, "ce00010000"],
      [2 ** 32 - 1, "ceffffffff"],
      [2 ** 32, "cf0000000100000000"],
      [361731063972, "cf0000005438da00a4"], // SPEC §4.1: a u64 oid
      [Number.MAX_SAFE_INTEGER, "cf001fffffffffffff"],
    ];
    for (const [value, expected] of cases) {
      expect(enc(value)).toBe(expected);
      expect(enc(BigInt(value))).toBe(expected);
    }
    expect(enc(2n ** 64n - 1n)).toBe("cfffffffffffffffff");
    expect(enc(2n ** 60n + 1n)).toBe("cf1000000000000001");
  });

  it("negative integers take the smallest signed format", () => {
    const cases: [number, string][] = [
      [-1, "ff"],
      [-32, "e0"],
      [-33, "d0df"],
      [-128, "d080"],
      [-129, "d1ff7f"],
      [-32768, "d18000"],
      [-32769, "d2ffff7fff"],
      [-2250000, "d2ffddaaf0"], // SPEC §4.1: ntli
      [-(2 ** 31), "d280000000"],
      [-(2 ** 31) - 1, "d3ffffffff7fffffff"],
    ];
    for (const [value, expected] of cases) {
      expect(enc(value)).toBe(expected);
      expect(enc(BigInt(value))).toBe(expected);
    }
    expect(enc(-(2n ** 63n))).toBe("d38000000000000000");
  });

  it("strings: fixstr below 32 bytes, str8 from 32 (cloids, addresses), str16 from 256, UTF-8 lengths", () => {
    expect(enc("")).toBe("a0");
    expect(enc("a".repeat(31))).toBe(`bf${"61".repeat(31)}`);
    expect(enc("a".repeat(32))).toBe(`d920${"61".repeat(32)}`);
    expect(enc("0x1234567890abcdef1234567890abcdef")).toMatch(/^d922/);
    expect(enc("a".repeat(255))).toMatch(/^d9ff/);
    expect(enc("a".repeat(256))).toMatch(/^da0100/);
    expect(enc("a".repeat(65536))).toMatch(/^db00010000/);
    expect(enc("é")).toBe("a2c3a9");
    expect(enc("€".repeat(11))).toBe(`d921${"e282ac".repeat(11)}`); // 33 UTF-8 bytes from 11 characters
  });

  it("maps keep insertion order; arrays, booleans and headers past 15 entries", () => {
    expect(enc({ b: 1, a: 2 })).toBe("82a16201a16102");
    expect(enc({ a: 2, b: 1 })).toBe("82a16102a16201");
    expect(enc([true, false])).toBe("92c3c2");
    expect(enc([])).toBe("90");
    expect(enc({})).toBe("80");
    expect(enc(new Array(16).fill(0))).toBe(`dc0010${"00".repeat(16)}`);
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i.toString(16)}`, i]));
    expect(enc(sixteen)).toMatch(/^de0010a26b3000/);
    expect(enc(Object.assign(Object.create(null) as object, { x: 1 }))).toBe("81a17801");
  });

  it("Uint8Array is bin", () => {
    expect(enc(new Uint8Array([1, 2, 3]))).toBe("c403010203");
    expect(enc(new Uint8Array(256))).toMatch(/^c50100/);
  });

  it.each([
    ["a float", { p: 1.5 }, /float 1\.5.* at \$\.p$/],
    ["NaN", { a: [NaN] }, /NaN.* at \$\.a\[0\]$/],
    ["Infinity", { x: Infinity }, /Infinity/],
    ["null", { orders: [{ c: null }] }, /null value.* at \$\.orders\[0\]\.c$/],
    ["undefined", { type: "order", builder: undefined }, /undefined value.* at \$\.builder$/],
    ["an array hole", [1, , 3], /undefined value.* at \$\[1\]$/],
    ["a Map", { m: new Map() }, /not a plain object \(Map\) at \$\.m$/],
    ["a Date", { t: new Date(0) }, /not a plain object \(Date\)/],
    ["a class instance", { v: new (class Thing {})() }, /not a plain object \(Thing\)/],
    ["a function", { f: () => 1 }, /a function cannot be encoded/],
    ["a symbol", { s: Symbol("x") }, /a symbol cannot be encoded/],
    ["an unsafe integer number", { o: 2 ** 60 }, /pass it as a bigint/],
    ["a bigint beyond u64", { o: 2n ** 64n }, /64-bit range/],
    ["a bigint below i64", { o: -(2n ** 63n) - 1n }, /64-bit range/],
    ["an integer-like key", { "1": "a", b: "c" }, /integer-like key: .*insertion order at \$\["1"\]$/],
    ["a lone surrogate", { s: "\ud800é" }, /lone UTF-16 surrogate/],
  ])("refuses %s, naming where it is", (_name, value, message) => {
    let error: unknown;
    try {
      encodeMsgpack(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MsgpackEncodeError);
    expect((error as Error).message).toMatch(message);
  });

  it("refuses a cycle instead of overflowing the stack", () => {
    const cyclic: Record<string, unknown> = { type: "x" };
    cyclic.self = cyclic;
    expect(() => encodeMsgpack(cyclic)).toThrow(/deeper than 32 levels/);
  });

  it("a refused action leaves the shared buffer usable for the next one", () => {
    expect(() => actionHash({ type: "order", p: 0.1 }, 1)).toThrow(MsgpackEncodeError);
    expect(enc({ type: "noop" })).toBe("81a474797065a46e6f6f70");
  });

  it("actionHash refuses a bad nonce, vault or expiry before hashing", () => {
    expect(() => actionHash({ type: "noop" }, -1)).toThrow(/nonce/);
    expect(() => actionHash({ type: "noop" }, 1.5)).toThrow(/nonce/);
    expect(() => actionHash({ type: "noop" }, 2n ** 64n)).toThrow(/nonce/);
    expect(() => actionHash({ type: "noop" }, 1, "0x1234")).toThrow(/vaultAddress must be an address/);
    expect(() => actionHash({ type: "noop" }, 1, null, -5)).toThrow(/expiresAfter/);
    expect(hex(actionHash({ type: "noop" }, 1n))).toBe(hex(actionHash({ type: "noop" }, 1, null, null)));
  });

  it("returns a copy: a later encoding does not change an earlier result", () => {
    const first = encodeMsgpack({ a: 1 });
    encodeMsgpack({ b: 2 });
    expect(hex(first)).toBe("0x81a16101");
  });
});
