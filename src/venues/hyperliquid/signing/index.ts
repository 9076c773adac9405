/**
 * Hyperliquid signing (SPEC §3–§6): pure functions, no I/O and no Worker APIs, the same in workerd, Node
 * and a browser. Tested bit for bit against ../shared/hyperliquid/vectors.json (test/fixtures copy).
 *
 * Order path: `signL1Action({action, nonce, vaultAddress?, expiresAfter?, isMainnet}, key, {fast: true})`
 * after `precomputeSigningCommitments(n)` has filled the pool off the critical path.
 */
export { actionHash } from "./action-hash.js";
export {
  MAX_SIGNING_COMMITMENTS,
  precomputeSigningCommitments,
  signDigestFast,
  signingCommitmentCount,
} from "./commitments.js";
export { floatToInt, floatToIntForHashing, floatToWire, normalizeDecimal } from "./decimal.js";
export { type Signature, parseSignature, signDigest } from "./ecdsa.js";
export { type Eip712Domain, type TypedField, domainSeparator, encodeType, hashStruct, typeHash, typedDataDigest } from "./eip712.js";
export { toHex0x, toHex32 } from "./hex.js";
export { addressFromPrivateKey, parseAgentKey } from "./keys.js";
export { AGENT_FIELDS, AGENT_TYPE, L1_DOMAIN, type L1ActionRequest, type SignedL1Action, l1Digest, signL1Action } from "./l1.js";
export { MsgpackEncodeError, encodeMsgpack } from "./msgpack.js";
export { recoverSigner } from "./recover.js";
export {
  USER_SIGNED_TYPES,
  type UserSignedType,
  parseSignatureChainId,
  signUserSignedAction,
  userSignedActionDigest,
  userSignedDigest,
  userSignedDomain,
} from "./user-signed.js";
