/**
 * Hyperliquid's account objects as its stream and `/info` send them (accounts/SPEC.md §2.4, §2.6): fills,
 * order statuses, funding payments and positions. Read loosely (unknown keys pass and stay in `raw`), with
 * every field the gateway does not need left out and a fill's newer fields optional, since answers from
 * 2023–2024 lack `tid` and `feeToken`. What is read must be exact, though: every amount a decimal string
 * `parseDecimal` takes, every id a safe integer, so the mapping never does arithmetic on a guess.
 */
import * as z from "zod";
import { PLAIN_DECIMAL } from "../../trading/decimal";

const decimal = z.string().refine((text) => PLAIN_DECIMAL.test(text.startsWith("-") ? text.slice(1) : text), "a decimal string");
const unixMs = z.int().nonnegative();
/** Order and trade ids are u64 on the venue; a JSON number beyond 2^53 would already be wrong, so it is refused. */
const id = z.int().nonnegative();
const coin = z.string().min(1);
/** B = bid (buy), A = ask (sell). */
const side = z.enum(["B", "A"]);

export const wireFill = z.looseObject({
  coin,
  px: decimal,
  sz: decimal,
  side,
  time: unixMs,
  hash: z.string(),
  oid: id,
  /** true = taker. */
  crossed: z.boolean(),
  /** Negative = rebate; includes the builder fee. */
  fee: decimal,
  tid: id.optional(),
  feeToken: z.string().min(1).optional(),
  cloid: z.string().nullish(),
  /** Present on the fills of a liquidation: `{liquidatedUser?, markPx, method}`. */
  liquidation: z.looseObject({}).nullish(),
  /** The 2024 shape's mark of a liquidation fill (null on the others). */
  liquidationMarkPx: decimal.nullish(),
});
export type WireFill = z.infer<typeof wireFill>;

/** The order inside an `orderUpdates` item or an `orderStatus` answer, and a `frontendOpenOrders` row. */
export const wireOrder = z.looseObject({
  coin,
  side,
  limitPx: decimal,
  /** What is left to fill. */
  sz: decimal,
  oid: id,
  timestamp: unixMs,
  origSz: decimal,
  cloid: z.string().nullish(),
  reduceOnly: z.boolean().optional(),
});
export type WireOrder = z.infer<typeof wireOrder>;

/** WsOrder: an order with its status word and when it took it. */
export const wireOrderStatus = z.looseObject({ order: wireOrder, status: z.string().min(1), statusTimestamp: unixMs });
export type WireOrderStatus = z.infer<typeof wireOrderStatus>;

export const orderStatusAnswer = z.discriminatedUnion("status", [
  z.looseObject({ status: z.literal("order"), order: wireOrderStatus }),
  z.looseObject({ status: z.literal("unknownOid") }),
]);

/** One funding payment as the stream sends it (REST nests the same fields, but `time`, in `delta`). */
export const wireFunding = z.looseObject({
  time: unixMs,
  coin,
  /** Positive = received, negative = paid. */
  usdc: decimal,
  szi: decimal,
  fundingRate: decimal,
});
export type WireFunding = z.infer<typeof wireFunding>;

export const wireFundingRow = z.looseObject({ time: unixMs, delta: wireFunding.omit({ time: true }) });
export type WireFundingRow = z.infer<typeof wireFundingRow>;

export const wirePosition = z.looseObject({
  coin,
  /** Signed size. */
  szi: decimal,
  entryPx: decimal.nullish(),
  /** |szi| × mark price. */
  positionValue: decimal.nullish(),
  unrealizedPnl: decimal.nullish(),
  liquidationPx: decimal.nullish(),
  marginUsed: decimal.nullish(),
});
export type WirePosition = z.infer<typeof wirePosition>;

export const wireClearinghouseState = z.looseObject({
  assetPositions: z.array(z.looseObject({ position: wirePosition })),
  time: unixMs.optional(),
});
