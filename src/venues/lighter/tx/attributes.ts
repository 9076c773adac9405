import { TxFieldError } from "./errors";
import { requireRange, toGoInteger } from "./integer";
import { FEE_TICK, MAX_ACCOUNT_INDEX, MAX_ATTRIBUTES_PER_TX, NIL_MARKET_INDEX } from "./limits";

/**
 * L2TxAttributes (lighter-go `types/txtypes/tx_attributes.go`, SPEC §2.6): optional typed values that
 * every tx type may carry. In tx_info they are `null` or an object keyed by the type in decimal.
 */

interface AttributeRule {
  readonly name: string;
  readonly min: bigint;
  readonly max: bigint;
  /** A value equal to nil counts as absent for the hash and the combination rules. */
  readonly nil: bigint;
}

export const ATTRIBUTE = {
  INTEGRATOR_ACCOUNT_INDEX: 1,
  INTEGRATOR_TAKER_FEE: 2,
  INTEGRATOR_MAKER_FEE: 3,
  SKIP_TX_NONCE: 4,
  CANCEL_ALL_MARKET_INDEX: 5,
  SELF_TRADE_BEHAVIOR_MODE: 6,
  SELF_TRADE_EQUALITY_MODE: 7,
} as const;

const SELF_TRADE_BEHAVIOR_REDUCE = 3n;
const SELF_TRADE_EQUALITY_MASTER_ACCOUNT_INDEX = 1n;

const RULES: ReadonlyMap<number, AttributeRule> = new Map([
  [ATTRIBUTE.INTEGRATOR_ACCOUNT_INDEX, { name: "IntegratorAccountIndex", min: 0n, max: MAX_ACCOUNT_INDEX, nil: 0n }],
  [ATTRIBUTE.INTEGRATOR_TAKER_FEE, { name: "IntegratorTakerFee", min: 0n, max: FEE_TICK, nil: 0n }],
  [ATTRIBUTE.INTEGRATOR_MAKER_FEE, { name: "IntegratorMakerFee", min: 0n, max: FEE_TICK, nil: 0n }],
  // SkipTxNonce has nil 0 but range 1..1: an explicit 0 is rejected, exactly as lighter-go does.
  [ATTRIBUTE.SKIP_TX_NONCE, { name: "SkipTxNonce", min: 1n, max: 1n, nil: 0n }],
  [ATTRIBUTE.CANCEL_ALL_MARKET_INDEX, { name: "CancelAllMarketIndex", min: 0n, max: NIL_MARKET_INDEX, nil: NIL_MARKET_INDEX }],
  [ATTRIBUTE.SELF_TRADE_BEHAVIOR_MODE, { name: "SelfTradeBehaviorMode", min: 0n, max: 3n, nil: 0n }],
  [ATTRIBUTE.SELF_TRADE_EQUALITY_MODE, { name: "SelfTradeEqualityMode", min: 0n, max: 1n, nil: 0n }],
]);

/** Parsed attributes in ascending type order; `null` when tx_info has none (absent or JSON null). */
export type TxAttributes = ReadonlyMap<number, bigint> | null;

const TYPE_KEY = /^(0|[1-9][0-9]*)$/;

export function attributeField(type: number): string {
  return `L2TxAttributes.${type}`;
}

/** Parses and validates like lighter-go's json.Unmarshal into `map[uint8]int` followed by `Validate()`. */
export function parseAttributes(raw: unknown): TxAttributes {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new TxFieldError("L2TxAttributes", "L2TxAttributes must be null or an object keyed by attribute type");
  }
  const entries: [number, bigint][] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!TYPE_KEY.test(key) || Number(key) > 255) {
      throw new TxFieldError("L2TxAttributes", `L2TxAttributes keys must be attribute types in decimal (1..7), got "${key.slice(0, 20)}"`);
    }
    entries.push([Number(key), toGoInteger(attributeField(Number(key)), value, "int64")]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const attrs = new Map(entries);
  validateAttributes(attrs);
  return attrs;
}

function validateAttributes(attrs: ReadonlyMap<number, bigint>): void {
  if (attrs.size > MAX_ATTRIBUTES_PER_TX) {
    throw new TxFieldError("L2TxAttributes", `L2TxAttributes must hold at most ${MAX_ATTRIBUTES_PER_TX} attributes`);
  }
  for (const [type, value] of attrs) {
    const rule = RULES.get(type);
    const field = attributeField(type);
    if (rule === undefined) throw new TxFieldError(field, `${field} is not a known attribute type (1..7)`);
    requireRange(field, value, rule.min, rule.max);
  }
  const present = (type: number) => isPresent(attrs, type);
  const hasFees = present(ATTRIBUTE.INTEGRATOR_TAKER_FEE) || present(ATTRIBUTE.INTEGRATOR_MAKER_FEE);
  if (hasFees && !present(ATTRIBUTE.INTEGRATOR_ACCOUNT_INDEX)) {
    throw new TxFieldError(
      attributeField(ATTRIBUTE.INTEGRATOR_ACCOUNT_INDEX),
      `${attributeField(ATTRIBUTE.INTEGRATOR_ACCOUNT_INDEX)} (IntegratorAccountIndex) must be set when an integrator fee is non-zero`,
    );
  }
  const selfTrade = [ATTRIBUTE.SELF_TRADE_BEHAVIOR_MODE, ATTRIBUTE.SELF_TRADE_EQUALITY_MODE].find(present);
  if (selfTrade !== undefined && hasFees) {
    throw new TxFieldError(
      attributeField(selfTrade),
      `${attributeField(selfTrade)} (${RULES.get(selfTrade)?.name}) is not allowed together with integrator fees`,
    );
  }
  if (
    attrs.get(ATTRIBUTE.SELF_TRADE_BEHAVIOR_MODE) === SELF_TRADE_BEHAVIOR_REDUCE &&
    attrs.get(ATTRIBUTE.SELF_TRADE_EQUALITY_MODE) === SELF_TRADE_EQUALITY_MASTER_ACCOUNT_INDEX
  ) {
    const field = attributeField(ATTRIBUTE.SELF_TRADE_BEHAVIOR_MODE);
    throw new TxFieldError(field, `${field} (SelfTradeBehaviorMode) 3 (reduce) is not allowed with SelfTradeEqualityMode 1 (master account index)`);
  }
}

/** True when the attribute is given with a value other than its nil value. */
function isPresent(attrs: TxAttributes, type: number): boolean {
  const value = attrs?.get(type);
  return value !== undefined && value !== RULES.get(type)?.nil;
}

/**
 * `[t1,v1,…,t4,v4]` of the present (non-nil) attributes in ascending type, missing slots (0,0); `null`
 * when none is present, in which case the tx hash is the inner hash alone (`AggregateTxHash`).
 */
export function attributeHashElements(attrs: TxAttributes): bigint[] | null {
  const elements: bigint[] = [];
  for (const [type, value] of attrs ?? []) {
    if (isPresent(attrs, type)) elements.push(BigInt(type), value);
  }
  if (elements.length === 0) return null;
  while (elements.length < 2 * MAX_ATTRIBUTES_PER_TX) elements.push(0n);
  return elements;
}

/** Go's json.Marshal of the map: `null`, or the entries as given (nil values included) by ascending key. */
export function attributesJson(attrs: TxAttributes): string {
  if (attrs === null) return "null";
  return `{${[...attrs].map(([type, value]) => `"${type}":${value}`).join(",")}}`;
}
