import type { TxAttributes } from "./attributes";
import { TxFieldError } from "./errors";
import { requireRange } from "./integer";
import {
  MAX_ACCOUNT_INDEX,
  MAX_API_KEY_INDEX,
  MAX_PERPS_MARKET_INDEX,
  MAX_SPOT_MARKET_INDEX,
  MAX_TIMESTAMP,
  MIN_ACCOUNT_INDEX,
  MIN_API_KEY_INDEX,
  MIN_NONCE,
  MIN_PERPS_MARKET_INDEX,
  MIN_SPOT_MARKET_INDEX,
  type GoType,
} from "./limits";

/**
 * What distinguishes one tx type: its own fields and its `Validate()` rules. Everything else is shared
 * by the four order transactions (lighter-go structs): tx_info is
 * `AccountIndex, ApiKeyIndex, <fields>, ExpiredAt, Nonce, Sig, L2TxAttributes` and the hash elements are
 * `chainId, txType, Nonce, ExpiredAt, AccountIndex, ApiKeyIndex, <fields>`, both with <fields> in the
 * struct order listed here.
 */
export interface TxDefinition<F extends string = string> {
  readonly txType: number;
  readonly name: string;
  readonly fields: readonly (readonly [F, GoType])[];
  /** lighter-go `Validate()` minus the attribute rules, which run first for every type. */
  validate(tx: TxValues<F>, attributes: TxAttributes): void;
}

export type CommonField = "AccountIndex" | "ApiKeyIndex" | "ExpiredAt" | "Nonce";
export type CommonValues = Readonly<Record<CommonField, bigint>>;
export type TxValues<F extends string> = CommonValues & Readonly<Record<F, bigint>>;

export const LEADING_FIELDS: readonly (readonly [CommonField, GoType])[] = [
  ["AccountIndex", "int64"],
  ["ApiKeyIndex", "uint8"],
];
export const TRAILING_FIELDS: readonly (readonly [CommonField, GoType])[] = [
  ["ExpiredAt", "int64"],
  ["Nonce", "int64"],
];

export function validateAccountIndex(tx: CommonValues): void {
  requireRange("AccountIndex", tx.AccountIndex, MIN_ACCOUNT_INDEX, MAX_ACCOUNT_INDEX);
}

export function validateApiKeyIndex(tx: CommonValues): void {
  requireRange("ApiKeyIndex", tx.ApiKeyIndex, MIN_API_KEY_INDEX, MAX_API_KEY_INDEX);
}

/** Nonce >= 0 and 0 <= ExpiredAt <= 2^48-1. No clock check: see SPEC §9. */
export function validateNonceAndExpiredAt(tx: CommonValues): void {
  if (tx.Nonce < MIN_NONCE) throw new TxFieldError("Nonce", `Nonce must not be less than ${MIN_NONCE}`);
  requireRange("ExpiredAt", tx.ExpiredAt, 0n, MAX_TIMESTAMP);
}

export type MarketKind = "perps" | "spot";

/** MarketIndex must be a perps (0..254) or spot (2048..4094) market. */
export function marketKind(marketIndex: bigint): MarketKind {
  if (marketIndex >= MIN_PERPS_MARKET_INDEX && marketIndex <= MAX_PERPS_MARKET_INDEX) return "perps";
  if (marketIndex >= MIN_SPOT_MARKET_INDEX && marketIndex <= MAX_SPOT_MARKET_INDEX) return "spot";
  throw new TxFieldError(
    "MarketIndex",
    `MarketIndex must be a perps market (${MIN_PERPS_MARKET_INDEX}..${MAX_PERPS_MARKET_INDEX}) or a spot market (${MIN_SPOT_MARKET_INDEX}..${MAX_SPOT_MARKET_INDEX})`,
  );
}
