/**
 * Lighter order transactions (SPEC §2): validation exactly as lighter-go `Validate()`, hashing,
 * signing, verification and the auth token. Pure and synchronous: runs unchanged in workerd and Node.
 *
 * Error fields: the tx_info name (`BaseAmount`, `Index`, ...), `L2TxAttributes` or
 * `L2TxAttributes.<type>` for an attribute, `ChainId`, `TxType`, `tx_info` (not an object), and for the
 * auth token `deadline`, `AccountIndex`, `ApiKeyIndex`.
 */
export { TX_TYPE } from "./limits";
export { TxFieldError } from "./errors";
export { type SignedTx, signTx, txHash, verifyTx } from "./sign";
export { createAuthToken } from "./auth-token";
