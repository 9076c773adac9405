import { describe, expect, it } from "vitest";
import { TX_TYPE, TxFieldError, txHash } from "../../../../src/venues/lighter/tx";

/** Valid inputs, one per tx type; each test changes one thing. */
const COMMON = { AccountIndex: 123456, ApiKeyIndex: 3, ExpiredAt: 1767225600000, Nonce: 7 };
const LIMIT_GTT = {
  ...COMMON,
  MarketIndex: 0,
  ClientOrderIndex: 1001,
  BaseAmount: 1000,
  Price: 350000,
  IsAsk: 0,
  Type: 0,
  TimeInForce: 1,
  ReduceOnly: 0,
  TriggerPrice: 0,
  OrderExpiry: 1769644800000,
};
const CANCEL = { ...COMMON, MarketIndex: 0, Index: 1001 };
const CANCEL_ALL = { ...COMMON, TimeInForce: 0, Time: 0 };
const MODIFY = { ...COMMON, MarketIndex: 0, Index: 1001, BaseAmount: 2000, Price: 351000, TriggerPrice: 0 };

const BASE: Record<number, Record<string, unknown>> = {
  [TX_TYPE.CREATE_ORDER]: LIMIT_GTT,
  [TX_TYPE.CANCEL_ORDER]: CANCEL,
  [TX_TYPE.CANCEL_ALL_ORDERS]: CANCEL_ALL,
  [TX_TYPE.MODIFY_ORDER]: MODIFY,
};
const ALL_TYPES = Object.values(TX_TYPE);
const MAX_INT64 = "9223372036854775807";

function rejection(txType: number, input: Record<string, unknown>, chainId = 304): TxFieldError {
  try {
    txHash(chainId, txType, input);
  } catch (error) {
    if (error instanceof TxFieldError) return error;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(input, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`);
}

function expectRejected(txType: number, input: Record<string, unknown>, field: string, chainId = 304): void {
  const error = rejection(txType, input, chainId);
  expect(error.field).toBe(field);
  expect(error.message).toContain(field.startsWith("L2TxAttributes.") ? "L2TxAttributes" : field);
}

function expectAccepted(txType: number, input: Record<string, unknown>): void {
  expect(txHash(304, txType, input)).toMatch(/^[0-9a-f]{80}$/);
}

function without(input: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _removed, ...rest } = input;
  return rest;
}

describe("every tx type: shape and common fields", () => {
  it.each(ALL_TYPES)("type %i: the base input is valid", (type) => {
    expectAccepted(type, BASE[type]!);
  });

  it.each(ALL_TYPES)("type %i: every field is required", (type) => {
    for (const field of Object.keys(BASE[type]!)) expectRejected(type, without(BASE[type]!, field), field);
  });

  it.each(ALL_TYPES)("type %i: unknown fields, Sig and SignedHash are refused", (type) => {
    expectRejected(type, { ...BASE[type], Extra: 1 }, "Extra");
    expectRejected(type, { ...BASE[type], Sig: "AAAA" }, "Sig");
    expectRejected(type, { ...BASE[type], SignedHash: "00" }, "SignedHash");
    expectRejected(type, { ...BASE[type], accountIndex: 1 }, "accountIndex");
  });

  it.each(ALL_TYPES)("type %i: AccountIndex 0..2^48-2 (-1 refused, SPEC §9)", (type) => {
    expectRejected(type, { ...BASE[type], AccountIndex: -1 }, "AccountIndex");
    expectRejected(type, { ...BASE[type], AccountIndex: 2 ** 48 - 1 }, "AccountIndex");
    expectAccepted(type, { ...BASE[type], AccountIndex: 0 });
    expectAccepted(type, { ...BASE[type], AccountIndex: 2 ** 48 - 2 });
  });

  it.each([TX_TYPE.CREATE_ORDER, TX_TYPE.CANCEL_ORDER, TX_TYPE.MODIFY_ORDER])("type %i: ApiKeyIndex 0..254", (type) => {
    expectAccepted(type, { ...BASE[type], ApiKeyIndex: 254 });
    expectRejected(type, { ...BASE[type], ApiKeyIndex: 255 }, "ApiKeyIndex");
    expectRejected(type, { ...BASE[type], ApiKeyIndex: 256 }, "ApiKeyIndex");
    expectRejected(type, { ...BASE[type], ApiKeyIndex: -1 }, "ApiKeyIndex");
  });

  it("CancelAllOrders also accepts ApiKeyIndex 255 (all keys), as lighter-go does", () => {
    expectAccepted(TX_TYPE.CANCEL_ALL_ORDERS, { ...CANCEL_ALL, ApiKeyIndex: 255 });
    expectRejected(TX_TYPE.CANCEL_ALL_ORDERS, { ...CANCEL_ALL, ApiKeyIndex: 256 }, "ApiKeyIndex");
  });

  it.each(ALL_TYPES)("type %i: Nonce >= 0 and ExpiredAt 0..2^48-1, never compared with the clock", (type) => {
    expectRejected(type, { ...BASE[type], Nonce: -1 }, "Nonce");
    expectAccepted(type, { ...BASE[type], Nonce: MAX_INT64 });
    expectRejected(type, { ...BASE[type], Nonce: "9223372036854775808" }, "Nonce");
    expectRejected(type, { ...BASE[type], ExpiredAt: -1 }, "ExpiredAt");
    expectRejected(type, { ...BASE[type], ExpiredAt: 2 ** 48 }, "ExpiredAt");
    expectAccepted(type, { ...BASE[type], ExpiredAt: 0 });
    expectAccepted(type, { ...BASE[type], ExpiredAt: 2 ** 48 - 1 });
  });

  it.each(ALL_TYPES)("type %i: integers only, exact above 2^53 only as strings or bigints", (type) => {
    const base = BASE[type]!;
    for (const bad of [1.5, "1.5", "01", "+1", "", " 1", "0x10", "1e3", true, null, [1], { n: 1 }, Number.NaN, Infinity]) {
      expectRejected(type, { ...base, Nonce: bad }, "Nonce");
    }
    expectRejected(type, { ...base, Nonce: 2 ** 53 + 2 }, "Nonce");
    expect(rejection(type, { ...base, Nonce: 2 ** 53 + 2 }).message).toMatch(/decimal string/);
    expect(txHash(304, type, { ...base, Nonce: "9007199254740993" })).toBe(txHash(304, type, { ...base, Nonce: 9007199254740993n }));
    expect(txHash(304, type, { ...base, Nonce: "7" })).toBe(txHash(304, type, base));
  });

  it("refuses a chain id outside uint32, an unsupported tx type and a non-object tx_info", () => {
    expectRejected(TX_TYPE.CANCEL_ORDER, CANCEL, "ChainId", -1);
    expectRejected(TX_TYPE.CANCEL_ORDER, CANCEL, "ChainId", 2 ** 32);
    expectRejected(TX_TYPE.CANCEL_ORDER, CANCEL, "ChainId", 1.5);
    expect(txHash(300, TX_TYPE.CANCEL_ORDER, CANCEL)).not.toBe(txHash(304, TX_TYPE.CANCEL_ORDER, CANCEL));
    expectRejected(8, CANCEL, "TxType");
    expectRejected(TX_TYPE.CANCEL_ORDER, [] as unknown as Record<string, unknown>, "tx_info");
  });
});

describe("CreateOrder (type 14)", () => {
  const T = TX_TYPE.CREATE_ORDER;
  const order = (changes: Record<string, unknown>) => ({ ...LIMIT_GTT, ...changes });

  it("MarketIndex: perps 0..254 or spot 2048..4094", () => {
    for (const ok of [0, 254, 2048, 4094]) expectAccepted(T, order({ MarketIndex: ok }));
    for (const bad of [-1, 255, 2047, 4095, 32767]) expectRejected(T, order({ MarketIndex: bad }), "MarketIndex");
    expectRejected(T, order({ MarketIndex: 32768 }), "MarketIndex");
  });

  it("ClientOrderIndex: 0 (none) or 1..2^48-1", () => {
    for (const ok of [0, 1, 2 ** 48 - 1]) expectAccepted(T, order({ ClientOrderIndex: ok }));
    for (const bad of [-1, 2 ** 48]) expectRejected(T, order({ ClientOrderIndex: bad }), "ClientOrderIndex");
  });

  it("BaseAmount: 1..2^48-1, 0 only when reduce-only", () => {
    expectAccepted(T, order({ BaseAmount: 2 ** 48 - 1 }));
    expectRejected(T, order({ BaseAmount: 2 ** 48 }), "BaseAmount");
    expectRejected(T, order({ BaseAmount: -1 }), "BaseAmount");
    expectRejected(T, order({ BaseAmount: 0 }), "BaseAmount");
    expectAccepted(T, order({ BaseAmount: 0, ReduceOnly: 1 }));
  });

  it("Price: 1..2^32-1", () => {
    expectAccepted(T, order({ Price: 2 ** 32 - 1 }));
    for (const bad of [0, -1, 2 ** 32]) expectRejected(T, order({ Price: bad }), "Price");
  });

  it("IsAsk, TimeInForce, ReduceOnly, Type: their enumerations", () => {
    expectAccepted(T, order({ IsAsk: 1 }));
    expectRejected(T, order({ IsAsk: 2 }), "IsAsk");
    expectRejected(T, order({ TimeInForce: 3 }), "TimeInForce");
    expectRejected(T, order({ ReduceOnly: 2 }), "ReduceOnly");
    for (const bad of [7, 8, 255]) expectRejected(T, order({ Type: bad }), "Type");
    expectRejected(T, order({ Type: 256 }), "Type");
  });

  it("ReduceOnly is refused on a spot market", () => {
    expectAccepted(T, order({ MarketIndex: 2048 }));
    expectRejected(T, order({ MarketIndex: 2048, ReduceOnly: 1 }), "ReduceOnly");
  });

  it("OrderExpiry: 0 or 1..2^63-1", () => {
    expectAccepted(T, order({ OrderExpiry: MAX_INT64 }));
    expectRejected(T, order({ OrderExpiry: -1 }), "OrderExpiry");
    expectRejected(T, order({ OrderExpiry: "9223372036854775808" }), "OrderExpiry");
  });

  it("Limit: no trigger; IOC without expiry; GTT and post-only with an expiry", () => {
    expectAccepted(T, order({ TimeInForce: 0, OrderExpiry: 0 }));
    expectAccepted(T, order({ TimeInForce: 2 }));
    expectRejected(T, order({ TriggerPrice: 1 }), "TriggerPrice");
    expectRejected(T, order({ TimeInForce: 0 }), "OrderExpiry");
    expectRejected(T, order({ OrderExpiry: 0 }), "OrderExpiry");
    expectRejected(T, order({ TimeInForce: 2, OrderExpiry: 0 }), "OrderExpiry");
  });

  const market = order({ Type: 1, TimeInForce: 0, OrderExpiry: 0 });
  it("Market: IOC only, no expiry, no trigger", () => {
    expectAccepted(T, market);
    expectRejected(T, { ...market, TimeInForce: 1 }, "TimeInForce");
    expectRejected(T, { ...market, TimeInForce: 2 }, "TimeInForce");
    expectRejected(T, { ...market, OrderExpiry: 1769644800000 }, "OrderExpiry");
    expectRejected(T, { ...market, TriggerPrice: 1 }, "TriggerPrice");
  });

  it.each([2, 4])("StopLoss / TakeProfit (Type %i): perps, IOC, trigger and expiry required", (type) => {
    const stop = order({ Type: type, TimeInForce: 0, TriggerPrice: 310000, ReduceOnly: 1 });
    expectAccepted(T, stop);
    expectRejected(T, { ...stop, MarketIndex: 2048, ReduceOnly: 0 }, "Type");
    expectRejected(T, { ...stop, TimeInForce: 1 }, "TimeInForce");
    expectRejected(T, { ...stop, TriggerPrice: 0 }, "TriggerPrice");
    expectRejected(T, { ...stop, OrderExpiry: 0 }, "OrderExpiry");
  });

  it.each([3, 5])("StopLossLimit / TakeProfitLimit (Type %i): perps, trigger and expiry required, any TIF", (type) => {
    const stop = order({ Type: type, TriggerPrice: 399000 });
    for (const tif of [0, 1, 2]) expectAccepted(T, { ...stop, TimeInForce: tif });
    expectRejected(T, { ...stop, MarketIndex: 4094 }, "Type");
    expectRejected(T, { ...stop, TriggerPrice: 0 }, "TriggerPrice");
    expectRejected(T, { ...stop, OrderExpiry: 0 }, "OrderExpiry");
  });

  it("TWAP: GTT only, no trigger, expiry required", () => {
    const twap = order({ Type: 6 });
    expectAccepted(T, twap);
    expectAccepted(T, { ...twap, MarketIndex: 2048 });
    expectRejected(T, { ...twap, TimeInForce: 0 }, "TimeInForce");
    expectRejected(T, { ...twap, TimeInForce: 2 }, "TimeInForce");
    expectRejected(T, { ...twap, TriggerPrice: 1 }, "TriggerPrice");
    expectRejected(T, { ...twap, OrderExpiry: 0 }, "OrderExpiry");
  });

  it("TriggerPrice must fit uint32", () => {
    expectRejected(T, order({ Type: 3, TriggerPrice: 2 ** 32 }), "TriggerPrice");
    expectRejected(T, order({ Type: 3, TriggerPrice: -1 }), "TriggerPrice");
  });

  it("reports the first failing field in lighter-go's order", () => {
    expect(rejection(T, order({ AccountIndex: -1, Price: 0 })).field).toBe("AccountIndex");
    expect(rejection(T, order({ Price: 0, Type: 9 })).field).toBe("Price");
    expect(rejection(T, order({ Price: 0, L2TxAttributes: { "4": 0 } })).field).toBe("L2TxAttributes.4");
  });
});

describe("CancelOrder (type 15) and ModifyOrder (type 17)", () => {
  it.each([TX_TYPE.CANCEL_ORDER, TX_TYPE.MODIFY_ORDER])("type %i: Index is a client (1..2^48-1) or order (2^48..2^60-1) index", (type) => {
    for (const ok of [1, 2 ** 48 - 1, 2 ** 48, "1152921504606846975"]) expectAccepted(type, { ...BASE[type], Index: ok });
    for (const bad of [0, -1, "1152921504606846976"]) expectRejected(type, { ...BASE[type], Index: bad }, "Index");
  });

  it.each([TX_TYPE.CANCEL_ORDER, TX_TYPE.MODIFY_ORDER])("type %i: MarketIndex perps or spot", (type) => {
    expectAccepted(type, { ...BASE[type], MarketIndex: 2048 });
    expectRejected(type, { ...BASE[type], MarketIndex: 255 }, "MarketIndex");
  });

  it("ModifyOrder: BaseAmount 0..2^48-1, Price 1..2^32-1, TriggerPrice any uint32", () => {
    const T = TX_TYPE.MODIFY_ORDER;
    expectAccepted(T, { ...MODIFY, BaseAmount: 0 });
    expectAccepted(T, { ...MODIFY, BaseAmount: 2 ** 48 - 1 });
    expectRejected(T, { ...MODIFY, BaseAmount: -1 }, "BaseAmount");
    expectRejected(T, { ...MODIFY, BaseAmount: 2 ** 48 }, "BaseAmount");
    expectRejected(T, { ...MODIFY, Price: 0 }, "Price");
    expectRejected(T, { ...MODIFY, Price: 2 ** 32 }, "Price");
    expectAccepted(T, { ...MODIFY, TriggerPrice: 2 ** 32 - 1 });
    expectRejected(T, { ...MODIFY, TriggerPrice: 2 ** 32 }, "TriggerPrice");
  });
});

describe("CancelAllOrders (type 16)", () => {
  const T = TX_TYPE.CANCEL_ALL_ORDERS;

  it("immediate and abort need Time 0, scheduled needs Time > 0", () => {
    expectAccepted(T, { ...CANCEL_ALL, TimeInForce: 2, Time: 0 });
    expectAccepted(T, { ...CANCEL_ALL, TimeInForce: 1, Time: 1767229200000 });
    expectAccepted(T, { ...CANCEL_ALL, TimeInForce: 1, Time: MAX_INT64 });
    expectRejected(T, { ...CANCEL_ALL, Time: 1767229200000 }, "Time");
    expectRejected(T, { ...CANCEL_ALL, TimeInForce: 2, Time: 1 }, "Time");
    expectRejected(T, { ...CANCEL_ALL, TimeInForce: 1, Time: 0 }, "Time");
    expectRejected(T, { ...CANCEL_ALL, TimeInForce: 1, Time: -1 }, "Time");
    expectRejected(T, { ...CANCEL_ALL, TimeInForce: 3 }, "TimeInForce");
  });

  it("the market attribute (5) restricts only an immediate cancel-all", () => {
    expectAccepted(T, { ...CANCEL_ALL, L2TxAttributes: { "5": 0 } });
    expectAccepted(T, { ...CANCEL_ALL, L2TxAttributes: { "5": 254 } });
    const scheduled = { ...CANCEL_ALL, TimeInForce: 1, Time: 1767229200000 };
    expectRejected(T, { ...scheduled, L2TxAttributes: { "5": 1 } }, "L2TxAttributes.5");
    expectRejected(T, { ...CANCEL_ALL, TimeInForce: 2, L2TxAttributes: { "5": 1 } }, "L2TxAttributes.5");
    // 255 is the attribute's nil value ("all markets"): allowed with any TimeInForce.
    expectAccepted(T, { ...scheduled, L2TxAttributes: { "5": 255 } });
  });
});

describe("L2TxAttributes", () => {
  const T = TX_TYPE.CREATE_ORDER;
  const withAttrs = (attrs: unknown) => ({ ...LIMIT_GTT, L2TxAttributes: attrs });

  it("null, absent and the nil values hash like no attributes", () => {
    const plain = txHash(304, T, LIMIT_GTT);
    expect(txHash(304, T, withAttrs(null))).toBe(plain);
    expect(txHash(304, T, withAttrs({}))).toBe(plain);
    expect(txHash(304, T, withAttrs({ "1": 0, "2": 0, "6": 0, "7": 0 }))).toBe(plain);
    expect(txHash(304, T, withAttrs({ "5": 255 }))).toBe(plain);
    expect(txHash(304, T, withAttrs({ "4": 1 }))).not.toBe(plain);
  });

  it("at most 4 entries (nil-valued ones count, as in lighter-go)", () => {
    expectAccepted(T, withAttrs({ "1": 0, "4": 1, "6": 1, "7": 0 }));
    expectRejected(T, withAttrs({ "1": 0, "4": 1, "5": 255, "6": 1, "7": 0 }), "L2TxAttributes");
  });

  it("must be an object with decimal type keys 1..7", () => {
    for (const bad of [[], "x", 5, true]) expectRejected(T, withAttrs(bad), "L2TxAttributes");
    for (const key of ["x", "01", "-1", " 4", "256"]) expectRejected(T, withAttrs({ [key]: 1 }), "L2TxAttributes");
    expectRejected(T, withAttrs({ "0": 1 }), "L2TxAttributes.0");
    expectRejected(T, withAttrs({ "8": 1 }), "L2TxAttributes.8");
    expectRejected(T, withAttrs({ "4": "one" }), "L2TxAttributes.4");
    expectRejected(T, withAttrs({ "1": 2 ** 53 + 2 }), "L2TxAttributes.1");
  });

  it("value ranges per type", () => {
    expectAccepted(T, withAttrs({ "1": 2 ** 48 - 2, "2": 1_000_000, "3": 1_000_000 }));
    expectRejected(T, withAttrs({ "1": -1 }), "L2TxAttributes.1");
    expectRejected(T, withAttrs({ "1": 2 ** 48 - 1 }), "L2TxAttributes.1");
    expectRejected(T, withAttrs({ "1": 42, "2": 1_000_001 }), "L2TxAttributes.2");
    expectRejected(T, withAttrs({ "1": 42, "3": -1 }), "L2TxAttributes.3");
    expectRejected(T, withAttrs({ "4": 0 }), "L2TxAttributes.4");
    expectRejected(T, withAttrs({ "4": 2 }), "L2TxAttributes.4");
    expectRejected(T, withAttrs({ "5": 256 }), "L2TxAttributes.5");
    expectRejected(T, withAttrs({ "5": -1 }), "L2TxAttributes.5");
    expectRejected(T, withAttrs({ "6": 4 }), "L2TxAttributes.6");
    expectRejected(T, withAttrs({ "7": 2 }), "L2TxAttributes.7");
  });

  it("fees need an integrator; self-trade modes exclude fees; reduce excludes master-account equality", () => {
    expectRejected(T, withAttrs({ "2": 500 }), "L2TxAttributes.1");
    expectRejected(T, withAttrs({ "1": 0, "3": 100 }), "L2TxAttributes.1");
    expectAccepted(T, withAttrs({ "2": 0, "3": 0 }));
    expectAccepted(T, withAttrs({ "1": 42 }));
    expectRejected(T, withAttrs({ "1": 42, "2": 500, "6": 1 }), "L2TxAttributes.6");
    expectRejected(T, withAttrs({ "1": 42, "3": 100, "7": 1 }), "L2TxAttributes.7");
    expectAccepted(T, withAttrs({ "1": 42, "2": 0, "6": 1 }));
    expectRejected(T, withAttrs({ "6": 3, "7": 1 }), "L2TxAttributes.6");
    expectAccepted(T, withAttrs({ "6": 3, "7": 0 }));
    expectAccepted(T, withAttrs({ "6": 2, "7": 1 }));
  });
});
