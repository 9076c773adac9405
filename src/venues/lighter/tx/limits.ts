/**
 * Transaction constants of lighter-go `types/txtypes/constants.go` (@17f2d60), as BigInt because several
 * exceed 2^53. Only the ones the four order transactions and the auth token use.
 */

export const TX_TYPE = {
  CREATE_ORDER: 14,
  CANCEL_ORDER: 15,
  CANCEL_ALL_ORDERS: 16,
  MODIFY_ORDER: 17,
} as const;

/** Go integer types of the tx structs: JSON values outside these ranges fail to unmarshal in Go. */
export const GO_TYPE = {
  uint8: { min: 0n, max: 255n },
  int16: { min: -(2n ** 15n), max: 2n ** 15n - 1n },
  uint32: { min: 0n, max: 2n ** 32n - 1n },
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
} as const;
export type GoType = keyof typeof GO_TYPE;

// lighter-go's MinAccountIndex is -1, but SPEC §9 (this project's decision) rejects -1 for the order
// transactions: the gateway signs only for real accounts.
export const MIN_ACCOUNT_INDEX = 0n;
export const MAX_ACCOUNT_INDEX = 2n ** 48n - 2n;
export const MIN_API_KEY_INDEX = 0n;
export const MAX_API_KEY_INDEX = 254n;
/** 255: "all API keys"; accepted only by CancelAllOrders. */
export const NIL_API_KEY_INDEX = 255n;

export const MIN_PERPS_MARKET_INDEX = 0n;
export const MAX_PERPS_MARKET_INDEX = 254n;
export const NIL_MARKET_INDEX = 255n;
export const MIN_SPOT_MARKET_INDEX = 2048n;
export const MAX_SPOT_MARKET_INDEX = 4094n;

export const NIL_CLIENT_ORDER_INDEX = 0n;
export const MIN_CLIENT_ORDER_INDEX = 1n;
export const MAX_CLIENT_ORDER_INDEX = 2n ** 48n - 1n;
export const MIN_ORDER_INDEX = MAX_CLIENT_ORDER_INDEX + 1n;
export const MAX_ORDER_INDEX = 2n ** 60n - 1n;

export const NIL_BASE_AMOUNT = 0n;
export const MIN_BASE_AMOUNT = 1n;
export const MAX_BASE_AMOUNT = 2n ** 48n - 1n;

export const MIN_PRICE = 1n;
export const MAX_PRICE = 2n ** 32n - 1n;
export const NIL_TRIGGER_PRICE = 0n;

export const NIL_ORDER_EXPIRY = 0n;
export const MIN_ORDER_EXPIRY = 1n;
export const MAX_ORDER_EXPIRY = 2n ** 63n - 1n;

export const MIN_NONCE = 0n;
/** ExpiredAt (unix ms) upper bound, `MaxTimestamp`. */
export const MAX_TIMESTAMP = 2n ** 48n - 1n;

export const FEE_TICK = 1_000_000n;
export const MAX_ATTRIBUTES_PER_TX = 4;

export const ORDER_TYPE = {
  LIMIT: 0n,
  MARKET: 1n,
  STOP_LOSS: 2n,
  STOP_LOSS_LIMIT: 3n,
  TAKE_PROFIT: 4n,
  TAKE_PROFIT_LIMIT: 5n,
  TWAP: 6n,
} as const;

export const TIME_IN_FORCE = {
  IMMEDIATE_OR_CANCEL: 0n,
  GOOD_TILL_TIME: 1n,
  POST_ONLY: 2n,
} as const;

export const CANCEL_ALL_TIME_IN_FORCE = {
  IMMEDIATE: 0n,
  SCHEDULED: 1n,
  ABORT_SCHEDULED: 2n,
} as const;
