/**
 * Hundreds of malformed or hostile bodies: every one must get a 4xx whose error names the offending field,
 * and none may reach a 5xx. The cases are generated: every field of every route crossed with bad values.
 */
import { describe, expect, it } from "vitest";
import { freshAccount, hostileBodyFailures, limitOrder, type HostileCase } from "./harness";

const LONG = "9".repeat(10_000);
const OVERSIZED = "9".repeat(100_000);
const badValues: Array<[string, string]> = [
  ["a word", '"abc"'],
  ["true", "true"],
  ["null", "null"],
  ["an array", "[1]"],
  ["an object", '{"n":1}'],
  ["a fraction", "1.5"],
  ["a negative", "-1"],
  ["2^53 + 1 as a JSON number", "9007199254740993"],
  ["an exponent", "1e3"],
  ["a decimal string with a sign", '"+5"'],
  ["a hex string", '"0x10"'],
  ["a long string of digits", `"${LONG}"`],
  ["a long number", LONG],
  ["a string with a trailing space", '"12 "'],
  ["non-ASCII digits", '"١٢"'],
  ["digits then letters", '"12abc"'],
  ["an empty array", "[]"],
  ["an empty object", "{}"],
  ["2^64 as a string", '"18446744073709551616"'],
  ["an empty string", '""'],
];

function bodyWith(base: Record<string, unknown>, field: string, valueJson: string): string {
  const entries = Object.entries(base).filter(([key]) => key !== field).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  entries.push(`${JSON.stringify(field)}:${valueJson}`);
  return `{${entries.join(",")}}`;
}

function fieldCases(method: string, path: string, base: Record<string, unknown>, fields: string[], prefix = ""): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const field of fields) {
    for (const [name, value] of badValues) {
      // Booleans are refused for anything but true/false; enums for anything but their words.
      if (value === "true" && ["is_ask", "reduce_only"].includes(field)) continue;
      cases.push({ name: `${path} ${field} = ${name}`, method, path, rawBody: bodyWith(base, field, value), field: `${prefix}${field}` });
    }
  }
  return cases;
}

function buildCases(): HostileCase[] {
  const create = limitOrder({ trigger_price: 0, reduce_only: false, time_in_force: "gtt" });
  const createFields = ["market_index", "client_order_index", "base_amount", "is_ask", "order_type", "price", "time_in_force", "trigger_price", "order_expiry", "reduce_only"];
  const cases = fieldCases("POST", "/orders/lighter", create, createFields);

  for (const field of ["market_index", "client_order_index", "base_amount", "is_ask", "order_type"]) {
    const { [field]: _dropped, ...rest } = create;
    cases.push({ name: `missing ${field}`, method: "POST", path: "/orders/lighter", rawBody: JSON.stringify(rest), field });
  }
  const outOfRange: Array<[string, unknown]> = [
    ["market_index", 255], ["market_index", 4095], ["market_index", 1000], ["client_order_index", 0], ["client_order_index", 281474976710656],
    ["base_amount", 281474976710656], ["price", 0], ["price", 4294967296], ["trigger_price", 4294967296], ["order_expiry", "281474976710656"],
  ];
  for (const [field, value] of outOfRange) {
    cases.push({ name: `${field} out of range (${String(value)})`, method: "POST", path: "/orders/lighter", rawBody: JSON.stringify({ ...create, [field]: value }), field });
  }
  for (const extra of ["__proto__", "constructor", "nonce", "api_key_index", "account_index", "Sig", "tx_info", "private_key", "MarketIndex", "x".repeat(5000)]) {
    cases.push({ name: `unknown field ${extra.slice(0, 20)}`, method: "POST", path: "/orders/lighter", rawBody: bodyWith(create, extra, "1"), field: extra });
  }
  for (const [name, rawBody] of <Array<[string, string]>>[["an array", "[]"], ["a string", '"order"'], ["a number", "42"], ["null", "null"], ["not JSON", "{market_index:0}"], ["empty", ""], ["truncated", '{"market_index":0,'], ["nested too deep", "[".repeat(5000)]]) {
    cases.push({ name: `body is ${name}`, method: "POST", path: "/orders/lighter", rawBody, field: "(body)" });
  }

  for (const field of ["client_order_index", "price", "order_type"]) {
    cases.push({ name: `${field} = a 100 kB value`, method: "POST", path: "/orders/lighter", rawBody: bodyWith(create, field, `"${OVERSIZED}"`), field: "(body)" });
  }
  cases.push(...fieldCases("POST", "/orders/lighter/cancel-all", { mode: "scheduled", time: Date.now() + 60_000 }, ["mode", "time"]));
  cases.push({ name: "cancel-all scheduled without time", method: "POST", path: "/orders/lighter/cancel-all", rawBody: '{"mode":"scheduled"}', field: "time" });
  cases.push({ name: "cancel-all market with abort", method: "POST", path: "/orders/lighter/cancel-all", rawBody: '{"mode":"abort","market_index":1}', field: "market_index" });
  cases.push(...fieldCases("PATCH", "/orders/lighter/0/55", { base_amount: 10, price: 100, trigger_price: 0 }, ["base_amount", "price", "trigger_price"]));
  for (const [path, field] of [["/orders/lighter/abc/55", "market_index"], ["/orders/lighter/0/abc", "order_index"], ["/orders/lighter/0/0", "order_index"], ["/orders/lighter/0/1152921504606846976", "order_index"], ["/orders/lighter/300/5", "market_index"]] as const) {
    cases.push({ name: `DELETE ${path}`, method: "DELETE", path, rawBody: "", field });
  }
  const batchEntry = { action: "create", ...limitOrder() };
  for (const [name, value] of badValues.slice(0, 10)) {
    cases.push({ name: `batch entry price = ${name}`, method: "POST", path: "/orders/lighter/batch", rawBody: `{"transactions":[{"action":"cancel","market_index":0,"order_index":1},${bodyWith(batchEntry, "price", value)}]}`, field: "transactions.1.price" });
  }
  cases.push({ name: "batch action unknown", method: "POST", path: "/orders/lighter/batch", rawBody: '{"transactions":[{"action":"transfer"}]}', field: "transactions.0.action" });
  cases.push({ name: "batch not an array", method: "POST", path: "/orders/lighter/batch", rawBody: '{"transactions":{"0":1}}', field: "transactions" });
  return cases;
}

describe("hostile and malformed bodies", () => {
  const cases = buildCases();

  it("has at least 300 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it("answers every one with a 4xx naming the field, never a 5xx", async () => {
    const vars = { LIGHTER_ACCOUNT_INDEX: String(freshAccount()) };
    const failures = await hostileBodyFailures(cases, vars);
    expect(failures).toEqual([]);
  });
});
