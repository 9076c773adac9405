/**
 * What the gateway refuses before anything is signed: the coin's rules from `meta` (size decimals, five
 * significant figures and the decimals of a price, trigger prices, the $10 minimum), the risk caps
 * (MAX_ORDER_NOTIONAL, HYPERLIQUID_ALLOWED_COINS), unknown and delisted coins, and hundreds of malformed
 * or hostile bodies. Every refusal names the field; nothing is signed or sent for any of them.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { subscribe, type Frame } from "../../events/helpers";
import { hostileBodyFailures } from "../harness";
import {
  accountOf,
  actionsOf,
  BAD_JSON_VALUES,
  bodyWith,
  createOrder,
  exchangeRequests,
  fieldCases,
  freshCloid,
  hlOrder,
  hyperliquidHealth,
  liveAgent,
  resetHyperliquid,
  type HostileCase,
} from "./harness";

beforeEach(async () => {
  await resetHyperliquid();
});

interface RuleCase {
  name: string;
  order: Record<string, unknown>;
  vars?: Record<string, string>;
  status: number;
  code: string;
  field: string;
  allowedStep?: string | null;
  /** Parts the message must contain. */
  message: string[];
  details?: Record<string, unknown>;
}

const ruleCases: RuleCase[] = [
  {
    name: "BTC size with 6 decimals (szDecimals 5)",
    order: { size: "0.000011" },
    status: 400,
    code: "invalid_request",
    field: "size",
    allowedStep: "0.00001",
    message: ["size: 0.000011 has more decimals than BTC allows (5)", "multiples of 0.00001"],
  },
  {
    name: "kPEPE size with a decimal (szDecimals 0)",
    order: { coin: "kPEPE", size: "1000.5", price: "0.0125" },
    status: 400,
    code: "invalid_request",
    field: "size",
    allowedStep: "1",
    message: ["size: 1000.5 has more decimals than kPEPE allows (0)", "multiples of 1"],
  },
  {
    name: "BTC size zero",
    order: { size: "0" },
    status: 400,
    code: "invalid_request",
    field: "size",
    allowedStep: "0.00001",
    message: ["size: must be above zero"],
  },
  {
    name: "BTC price with 6 significant figures",
    order: { price: "97010.5" },
    status: 400,
    code: "invalid_request",
    field: "price",
    allowedStep: "1",
    message: ["price: 97010.5 is not a valid BTC price", "at most 5 significant figures", "at most 1 decimals", "the step is 1"],
  },
  {
    name: "SOL price with 6 significant figures",
    order: { coin: "SOL", price: "180.123", size: "1" },
    status: 400,
    code: "invalid_request",
    field: "price",
    allowedStep: "0.01",
    message: ["price: 180.123 is not a valid SOL price", "at most 5 significant figures", "the step is 0.01"],
  },
  {
    name: "SOL price with 5 decimals (szDecimals 2: at most 4)",
    order: { coin: "SOL", price: "0.00001", size: "1000000" },
    status: 400,
    code: "invalid_request",
    field: "price",
    allowedStep: "0.0001",
    message: ["price: 0.00001 is not a valid SOL price", "at most 4 decimals", "the step is 0.0001"],
  },
  {
    name: "kPEPE price with 7 decimals (at most 6)",
    order: { coin: "kPEPE", price: "0.0000125", size: "1000000" },
    status: 400,
    code: "invalid_request",
    field: "price",
    allowedStep: "0.000001",
    message: ["at most 6 decimals"],
  },
  {
    name: "BTC price zero",
    order: { price: "0" },
    status: 400,
    code: "invalid_request",
    field: "price",
    allowedStep: null,
    message: ["price: must be above zero"],
  },
  {
    name: "a stop trigger_price with 6 significant figures",
    order: { order_type: "stop_market", time_in_force: undefined, price: "90000", trigger_price: "95000.5", is_buy: false },
    status: 400,
    code: "invalid_request",
    field: "trigger_price",
    allowedStep: "1",
    message: ["trigger_price: 95000.5 is not a valid BTC price"],
  },
  {
    name: "a take-profit trigger_price with too many decimals for SOL",
    order: { coin: "SOL", size: "1", order_type: "take_profit_limit", time_in_force: undefined, price: "190", trigger_price: "190.00001" },
    status: 400,
    code: "invalid_request",
    field: "trigger_price",
    message: ["trigger_price: 190.00001 is not a valid SOL price", "at most 4 decimals"],
  },
  {
    name: "an order worth $9 (under the $10 minimum)",
    order: { size: "0.0001", price: "90000" },
    status: 400,
    code: "invalid_request",
    field: "size",
    allowedStep: null,
    message: ["the order is worth 9 USD (price × size)", "Hyperliquid's minimum is 10 USD"],
  },
  {
    name: "an unknown coin",
    order: { coin: "DOGEX" },
    status: 422,
    code: "unknown_market",
    field: "coin",
    message: ["Hyperliquid lists no perpetual named DOGEX"],
  },
  {
    name: "a coin in the wrong case",
    order: { coin: "btc" },
    status: 422,
    code: "unknown_market",
    field: "coin",
    message: ["no perpetual named btc", "case-sensitive"],
  },
  {
    name: "a delisted coin (FTT)",
    order: { coin: "FTT", price: "2", size: "10" },
    status: 422,
    code: "unknown_market",
    field: "coin",
    message: ["FTT is delisted on Hyperliquid"],
  },
  {
    name: "a coin outside HYPERLIQUID_ALLOWED_COINS",
    order: {},
    vars: { HYPERLIQUID_ALLOWED_COINS: "ETH, SOL" },
    status: 422,
    code: "market_not_allowed",
    field: "coin",
    message: ["Coin BTC is not in HYPERLIQUID_ALLOWED_COINS"],
    details: { allowed_coins: ["ETH", "SOL"] },
  },
  {
    name: "a cent above MAX_ORDER_NOTIONAL",
    order: { size: "0.01", price: "9001" },
    vars: { MAX_ORDER_NOTIONAL: "90" },
    status: 422,
    code: "notional_cap_exceeded",
    field: "size",
    message: ["Order notional 90.01 exceeds MAX_ORDER_NOTIONAL 90"],
    details: { notional: "90.01", max_order_notional: "90", market: "BTC" },
  },
];

describe("the coin's rules and the caps, before signing", () => {
  for (const testCase of ruleCases) {
    it(`${testCase.name} → ${testCase.status} ${testCase.code} naming ${testCase.field}; nothing signed or sent`, async () => {
      const { vars, user } = await liveAgent(testCase.vars);
      const before = await exchangeRequests();
      const order = hlOrder(testCase.order);
      for (const key of Object.keys(order)) if (order[key] === undefined) delete order[key];
      const res = await createOrder(order, vars);
      expect(res.status, res.text).toBe(testCase.status);
      expect(res.body.error.code).toBe(testCase.code);
      expect(res.body.error.details.field).toBe(testCase.field);
      for (const part of testCase.message) expect(res.body.error.message).toContain(part);
      if (testCase.allowedStep !== undefined) {
        if (testCase.allowedStep === null) expect(res.body.error.details).not.toHaveProperty("allowed_step");
        else expect(res.body.error.details.allowed_step).toBe(testCase.allowedStep);
      }
      if (testCase.details !== undefined) expect(res.body.error.details).toMatchObject(testCase.details);
      expect(res.body.error.details).not.toHaveProperty("gateway");
      expect(await exchangeRequests()).toBe(before);
      expect(await actionsOf(user)).toEqual([]);
      expect((await hyperliquidHealth(vars)).nonce.last).toBeNull();
      // The refusal freed the cloid: a valid order under it goes through.
      const valid = await createOrder(hlOrder({ cloid: order.cloid }), { ...vars, HYPERLIQUID_ALLOWED_COINS: "BTC", MAX_ORDER_NOTIONAL: "100000" });
      expect(valid.status, valid.text).toBe(200);
    });
  }

  it("exactly at MAX_ORDER_NOTIONAL passes and is sent", async () => {
    const { vars, user } = await liveAgent({ MAX_ORDER_NOTIONAL: "90" });
    const res = await createOrder(hlOrder({ size: "0.01", price: "9000" }), vars);
    expect(res.status, res.text).toBe(200);
    expect(res.body.result.status).toBe("resting");
    expect(await actionsOf(user)).toHaveLength(1);
  });

  it("a cap with cents: 1000.50 allows 1000.50 and refuses 1000.51", async () => {
    const { vars } = await liveAgent({ MAX_ORDER_NOTIONAL: "1000.50", TRADING_MODE: "dry-run" });
    const at = await createOrder(hlOrder({ coin: "SOL", size: "5", price: "200.1" }), vars);
    expect(at.status, at.text).toBe(200);
    const over = await createOrder(hlOrder({ coin: "SOL", size: "0.01", price: "100051" }), vars);
    expect(over.status, over.text).toBe(422);
    expect(over.body.error).toMatchObject({ code: "notional_cap_exceeded", details: { field: "size", notional: "1000.51", max_order_notional: "1000.50", market: "SOL" } });
  });

  it("exactly $10 passes; the stand-in takes it", async () => {
    const { vars } = await liveAgent();
    const res = await createOrder(hlOrder({ size: "0.0001", price: "100000", is_buy: false }), vars);
    expect(res.status, res.text).toBe(200);
    expect(res.body.result.status).toBe("resting");
  });

  it("reduce_only skips the $10 minimum: closing a position worth less than $10 at the limit goes through", async () => {
    const { vars, user } = await liveAgent();
    const open = await createOrder(hlOrder({ size: "0.00011", price: "98000", time_in_force: "ioc" }), vars);
    expect(open.body.result.status).toBe("filled");
    // Not reduce-only, $9.90 at the limit is refused by the gateway.
    const plain = await createOrder(hlOrder({ size: "0.00011", price: "90000", is_buy: false }), vars);
    expect(plain.status, plain.text).toBe(400);
    expect(plain.body.error.details.field).toBe("size");
    // Reduce-only, the same order is signed and sent; it closes the whole position, which Hyperliquid allows.
    const close = await createOrder(hlOrder({ size: "0.00011", price: "90000", is_buy: false, reduce_only: true }), vars);
    expect(close.status, close.text).toBe(200);
    expect(close.body.result).toMatchObject({ status: "filled", filled_size: "0.00011" });
    expect((await accountOf(user))?.positions).toEqual([]);
  });

  it("an integer price is always allowed (BTC 123456, six significant figures): it rests above the book, or fills when it crosses", async () => {
    const { vars, user } = await liveAgent();
    const sell = await createOrder(hlOrder({ price: "123456", is_buy: false }), vars);
    expect(sell.status, sell.text).toBe(200);
    expect(sell.body.result.status).toBe("resting");
    expect((await accountOf(user))?.openOrders.map((order) => order.limitPx)).toEqual(["123456.0"]);
    const buy = await createOrder(hlOrder({ price: "123456", time_in_force: "ioc" }), vars);
    expect(buy.status, buy.text).toBe(200);
    expect(buy.body.result).toMatchObject({ status: "filled", filled_size: "0.001" });
    expect(Number(buy.body.result.avg_price)).toBeLessThan(98_000);
  });

  it("trailing zeros are accepted and dropped from what is signed; nothing is rounded", async () => {
    const { vars } = await liveAgent({ TRADING_MODE: "dry-run" });
    const res = await createOrder(hlOrder({ size: "0.00100", price: "90000.0", order_type: "stop_limit", time_in_force: undefined, trigger_price: "91000.00" }), vars);
    expect(res.status, res.text).toBe(200);
    const [wire] = res.body.gateway.request_body.action.orders;
    expect(wire).toMatchObject({ p: "90000", s: "0.001", t: { trigger: { isMarket: false, triggerPx: "91000", tpsl: "sl" } } });
  });

  it("a market order is an IOC limit at the caller's price, and SOL's 4-decimal price passes", async () => {
    const { vars } = await liveAgent({ TRADING_MODE: "dry-run" });
    const market = await createOrder(hlOrder({ order_type: "market", time_in_force: undefined, price: "98000" }), vars);
    expect(market.status, market.text).toBe(200);
    expect(market.body.gateway.request_body.action.orders[0]).toMatchObject({ p: "98000", t: { limit: { tif: "Ioc" } } });
    const sol = await createOrder(hlOrder({ coin: "SOL", price: "0.0001", size: "100000" }), vars);
    expect(sol.status, sol.text).toBe(200);
    expect(sol.body.gateway.request_body.action.orders[0]).toMatchObject({ a: 2, p: "0.0001", s: "100000" });
  });

  it("refusals by the desk are published as order events, unsigned (no gateway part, no nonce)", async () => {
    const { vars, user } = await liveAgent({ MAX_ORDER_NOTIONAL: "90" });
    const watcher = await subscribe("?venue=hyperliquid&type=order");
    const orders = [hlOrder({ coin: "DOGEX" }), hlOrder({ price: "97010.5" }), hlOrder({ size: "0.0001" }), hlOrder({ size: "0.01", price: "9001" })];
    const answers = await Promise.all(orders.map((order) => createOrder(order, vars)));
    expect(answers.map((answer) => answer.status)).toEqual([422, 400, 400, 422]);
    const cloidOf = (frame: Frame) => String((frame.payload as { request?: { cloid?: unknown } }).request?.cloid);
    const ours = new Set(orders.map((order) => order.cloid as string));
    const frames = await watcher.waitForMatching(4, (frame) => ours.has(cloidOf(frame)), "the refusals' events");
    watcher.close();
    for (const frame of frames) {
      const i = orders.findIndex((order) => order.cloid === cloidOf(frame));
      const payload = frame.payload as { request: Record<string, unknown>; response: { status: number; body: Record<string, any> } };
      expect(payload.request).toMatchObject({ action: "create", cloid: orders[i]!.cloid });
      expect(payload.response).toEqual({ status: answers[i]!.status, body: answers[i]!.body });
      expect(JSON.stringify(payload)).not.toContain("gateway");
      expect(JSON.stringify(payload)).not.toContain("nonce");
    }
    expect(await actionsOf(user)).toEqual([]);
    expect((await hyperliquidHealth(vars)).nonce.last).toBeNull();
  });
});

// ----- hostile bodies --------------------------------------------------------------------------------

const { anyType, decimalString, boolean, enumWord, cloid, wholeNumber } = BAD_JSON_VALUES;

const badCoin: ReadonlyArray<readonly [string, string]> = [
  ...anyType,
  ["a number", "1"],
  ["true", "true"],
  ["an empty string", '""'],
  ["21 letters", `"${"A".repeat(21)}"`],
  ["a dash", '"BTC-PERP"'],
  ["a slash", '"BTC/USD"'],
  ["a space", '"B TC"'],
  ["an emoji", '"💩"'],
  ["a trailing newline", '"BTC\\n"'],
  ["markup", '"<script>"'],
  ["a path", '"../BTC"'],
  ["a dex prefix", '"xyz:BTC"'],
  ["a NUL", '"BTC\\u0000"'],
];
const badEnum = (...extra: string[]): ReadonlyArray<readonly [string, string]> => [...anyType, ...enumWord, ...extra.map((word) => [word, JSON.stringify(word)] as const)];
const badBoolean: ReadonlyArray<readonly [string, string]> = [...anyType, ...boolean, ["a word", '"buy"']];
const badDecimal: ReadonlyArray<readonly [string, string]> = [...anyType, ...decimalString];
const badCloid: ReadonlyArray<readonly [string, string]> = [...anyType, ...cloid];
const badOrderId: ReadonlyArray<readonly [string, string]> = [
  ["a word", '"abc"'],
  ["a fraction", "1.5"],
  ["a negative", "-1"],
  ["an exponent", "1e3"],
  ["an exponent string", '"1e3"'],
  ["2^53 + 1", "9007199254740993"],
  ["17 digits", '"12345678901234567"'],
  ["a short cloid", '"0x123"'],
  ["an empty string", '""'],
  ["true", "true"],
  ["null", "null"],
  ["an object", '{"oid":1}'],
];

const TOO_LARGE = `"${"9".repeat(70_000)}"`;

function raw(method: string, path: string, rawBody: string, field: string, name: string): HostileCase {
  return { name: `${method} ${path} ${name}`, method, path, rawBody, field };
}

function without(base: Record<string, unknown>, field: string): string {
  const { [field]: _dropped, ...rest } = base;
  return JSON.stringify(rest);
}

function buildHostileCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const create = "/orders/hyperliquid";
  const orderFields = { coin: badCoin, is_buy: badBoolean, size: badDecimal, price: badDecimal, order_type: badEnum("Limit", "stop", "trigger", "stop_loss"), time_in_force: badEnum("GTC", "fok", "gtt", "post_only"), reduce_only: badBoolean, trigger_price: badDecimal, cloid: badCloid };
  cases.push(...fieldCases("POST", create, () => hlOrder(), orderFields));
  for (const field of ["coin", "is_buy", "size", "price", "order_type", "cloid"]) cases.push(raw("POST", create, without(hlOrder(), field), field, `missing ${field}`));
  for (const extra of ["nonce", "signature", "vaultAddress", "expiresAfter", "action", "grouping", "builder", "__proto__", "constructor", "client_order_index", "Coin", "triggerPx", "tif", "x".repeat(5_000)]) {
    cases.push(raw("POST", create, bodyWith(hlOrder(), extra, '"1"'), extra, `unknown field ${extra.slice(0, 20)}`));
  }
  const combos: Array<[string, Record<string, unknown>, string]> = [
    ["stop_market without trigger_price", { order_type: "stop_market", time_in_force: undefined }, "trigger_price"],
    ["take_profit_limit without trigger_price", { order_type: "take_profit_limit", time_in_force: undefined }, "trigger_price"],
    ["limit with trigger_price", { trigger_price: "95000" }, "trigger_price"],
    ["market with trigger_price", { order_type: "market", time_in_force: undefined, trigger_price: "95000" }, "trigger_price"],
    ["stop_limit with time_in_force", { order_type: "stop_limit", trigger_price: "95000", time_in_force: "gtc" }, "time_in_force"],
    ["take_profit_market with ioc", { order_type: "take_profit_market", trigger_price: "95000", time_in_force: "ioc" }, "time_in_force"],
    ["market with gtc", { order_type: "market", time_in_force: "gtc" }, "time_in_force"],
    ["market with alo", { order_type: "market", time_in_force: "alo" }, "time_in_force"],
  ];
  for (const [name, change, field] of combos) cases.push(raw("POST", create, JSON.stringify(hlOrder(change)), field, name));
  const bodies: Array<[string, string]> = [
    ["an array", "[]"],
    ["a string", '"order"'],
    ["a number", "42"],
    ["null", "null"],
    ["true", "true"],
    ["not JSON", "{coin:BTC}"],
    ["empty", ""],
    ["truncated", '{"coin":"BTC",'],
    ["unclosed nesting", "[".repeat(5_000)],
    ["deeply nested arrays", `${"[".repeat(3_000)}${"]".repeat(3_000)}`],
    ["a BOM and garbage", "\uFEFF{]"],
  ];
  for (const path of [create, "/orders/hyperliquid/batch", "/orders/hyperliquid/schedule-cancel", "/orders/hyperliquid/leverage"]) {
    for (const [name, rawBody] of bodies) cases.push(raw("POST", path, rawBody, "(body)", `body is ${name}`));
  }
  for (const field of ["price", "cloid", "coin"]) cases.push(raw("POST", create, bodyWith(hlOrder(), field, TOO_LARGE), "(body)", `${field} = a 70 kB value`));

  // Batches.
  const batch = "/orders/hyperliquid/batch";
  const entryFields = { coin: badCoin.slice(7, 14), size: decimalString.slice(0, 12), price: decimalString.slice(12, 24), cloid, order_type: enumWord, is_buy: boolean };
  for (const [field, values] of Object.entries(entryFields)) {
    for (const [name, value] of values) cases.push(raw("POST", batch, `{"orders":[${JSON.stringify(hlOrder())},${bodyWith(hlOrder(), field, value)}]}`, `orders.1.${field}`, `orders.1.${field} = ${name}`));
  }
  const batchShapes: Array<[string, string, string]> = [
    ["neither orders nor cancels", "{}", "orders"],
    ["orders and cancels", JSON.stringify({ orders: [hlOrder()], cancels: [{ coin: "BTC", order_id: 1 }] }), "cancels"],
    ["orders null", '{"orders":null}', "orders"],
    ["orders an object", `{"orders":${JSON.stringify(hlOrder())}}`, "orders"],
    ["orders a string", '{"orders":"all"}', "orders"],
    ["orders empty", '{"orders":[]}', "orders"],
    ["51 orders", JSON.stringify({ orders: Array.from({ length: 51 }, () => hlOrder()) }), "orders"],
    ["an order that is a string", '{"orders":["BTC"]}', "orders.0"],
    ["an order that is null", '{"orders":[null]}', "orders.0"],
    ["an order that is an array", '{"orders":[[]]}', "orders.0"],
    ["two orders sharing a cloid", JSON.stringify({ orders: [hlOrder({ cloid: "0x000000000000000000000000000000aa" }), hlOrder({ cloid: "0x000000000000000000000000000000AA" })] }), "orders.1.cloid"],
    ["an order with an unknown field", `{"orders":[${bodyWith(hlOrder(), "leverage", "5")}]}`, "orders.0.leverage"],
    ["cancels null", '{"cancels":null}', "cancels"],
    ["cancels empty", '{"cancels":[]}', "cancels"],
    ["51 cancels", JSON.stringify({ cancels: Array.from({ length: 51 }, (_, i) => ({ coin: "BTC", order_id: i + 1 })) }), "cancels"],
    ["cancels mixing oids and cloids", JSON.stringify({ cancels: [{ coin: "BTC", order_id: 1 }, { coin: "BTC", order_id: `0x${"1".repeat(32)}` }] }), "cancels"],
    ["a cancel without coin", '{"cancels":[{"order_id":1}]}', "cancels.0.coin"],
    ["a cancel without order_id", '{"cancels":[{"coin":"BTC"}]}', "cancels.0.order_id"],
    ["a cancel with an unknown field", '{"cancels":[{"coin":"BTC","order_id":1,"asset":0}]}', "cancels.0.asset"],
    ["an unknown top-level field", `{"orders":[${JSON.stringify(hlOrder())}],"grouping":"normalTpsl"}`, "grouping"],
  ];
  for (const [name, rawBody, field] of batchShapes) cases.push(raw("POST", batch, rawBody, field, name));
  for (const [name, value] of badOrderId) cases.push(raw("POST", batch, `{"cancels":[{"coin":"BTC","order_id":${value}}]}`, "cancels.0.order_id", `cancels.0.order_id = ${name}`));
  for (const [name, value] of badCoin.slice(7)) cases.push(raw("POST", batch, `{"cancels":[{"coin":${value},"order_id":5}]}`, "cancels.0.coin", `cancels.0.coin = ${name}`));

  // Schedule-cancel and leverage.
  const scheduleBad = [...anyType.filter(([name]) => name !== "null"), ...wholeNumber];
  cases.push(...fieldCases("POST", "/orders/hyperliquid/schedule-cancel", { time: Date.now() + 60_000 }, { time: scheduleBad }));
  cases.push(raw("POST", "/orders/hyperliquid/schedule-cancel", "{}", "time", "without time"));
  cases.push(raw("POST", "/orders/hyperliquid/schedule-cancel", `{"time":${Date.now() + 60_000},"mode":"scheduled"}`, "mode", "an unknown field"));
  const leverage = { coin: "BTC", leverage: 5, margin_mode: "cross" };
  cases.push(...fieldCases("POST", "/orders/hyperliquid/leverage", leverage, { coin: badCoin, leverage: [...anyType, ...wholeNumber], margin_mode: badEnum("Cross", "isolated ", "portfolio") }));
  for (const field of Object.keys(leverage)) cases.push(raw("POST", "/orders/hyperliquid/leverage", without(leverage, field), field, `missing ${field}`));
  cases.push(raw("POST", "/orders/hyperliquid/leverage", JSON.stringify({ ...leverage, isCross: true }), "isCross", "an unknown field"));

  // Modify: the body has no coin (the path names it).
  const modifyPath = "/orders/hyperliquid/BTC/12345";
  const modify = () => {
    const { coin: _coin, ...rest } = hlOrder();
    return rest;
  };
  cases.push(...fieldCases("PATCH", modifyPath, modify, { is_buy: boolean, size: decimalString.slice(0, 15), price: decimalString.slice(15), order_type: enumWord, time_in_force: enumWord, reduce_only: boolean, trigger_price: decimalString.slice(0, 8), cloid }));
  cases.push(raw("PATCH", modifyPath, JSON.stringify(hlOrder()), "coin", "a coin in the body"));
  cases.push(raw("PATCH", modifyPath, JSON.stringify({ ...modify(), order_type: "stop_market", time_in_force: undefined }), "trigger_price", "stop_market without trigger_price"));

  // Path parameters (cancel and modify).
  const paths: Array<[string, string]> = [
    ["BTC/abc", "order_id"],
    ["BTC/0x123", "order_id"],
    ["BTC/-1", "order_id"],
    ["BTC/1.5", "order_id"],
    ["BTC/1e3", "order_id"],
    ["BTC/12345678901234567", "order_id"],
    ["BTC/9007199254740993", "order_id"],
    [`BTC/0x${"g".repeat(32)}`, "order_id"],
    [`BTC/0x${"a".repeat(33)}`, "order_id"],
    ["BTC/%20", "order_id"],
    ["BTC-PERP/1", "coin"],
    ["B%20TC/1", "coin"],
    [`${"A".repeat(21)}/1`, "coin"],
    ["%F0%9F%92%A9/1", "coin"],
  ];
  for (const [tail, field] of paths) {
    cases.push(raw("DELETE", `/orders/hyperliquid/${tail}`, "", field, "path"));
    cases.push(raw("PATCH", `/orders/hyperliquid/${tail}`, JSON.stringify(modify()), field, "path"));
  }
  return cases;
}

describe("hostile and malformed bodies", () => {
  const cases = buildHostileCases();

  it("are at least 300, all distinct", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(new Set(cases.map((testCase) => `${testCase.method} ${testCase.path} ${testCase.rawBody}`)).size).toBe(cases.length);
  });

  it("each gets a 4xx naming the field; nothing is signed, sent or published", async () => {
    const { vars, user } = await liveAgent();
    const watcher = await subscribe("?venue=hyperliquid&type=order");
    const seqOfCloid = async (cloidValue: string) => {
      const [frame] = await watcher.waitForMatching(1, (frame) => (frame.payload as { request?: { cloid?: string } }).request?.cloid === cloidValue, "a marker event");
      return frame!.seq as number;
    };
    // Markers: refusals the desk publishes (an unknown coin), before and after the hostile bodies.
    const startMarker = freshCloid();
    expect((await createOrder(hlOrder({ coin: "NOPE", cloid: startMarker }), vars)).status).toBe(422);
    const startSeq = await seqOfCloid(startMarker);
    const before = await exchangeRequests();

    const failures = await hostileBodyFailures(cases, vars);
    expect(failures).toEqual([]);

    const endMarker = freshCloid();
    expect((await createOrder(hlOrder({ coin: "NOPE", cloid: endMarker }), vars)).status).toBe(422);
    const endSeq = await seqOfCloid(endMarker);
    watcher.close();
    const between = watcher.frames.filter((frame) => typeof frame.seq === "number" && frame.seq > startSeq && frame.seq < endSeq);
    expect(between).toEqual([]);
    expect(await exchangeRequests()).toBe(before);
    expect(await actionsOf(user)).toEqual([]);
    expect((await hyperliquidHealth(vars)).nonce.last).toBeNull();
  });
});
