/**
 * User-signed actions (SPEC §6): transfers, withdrawals and agent approval are signed by the account key
 * as EIP-712 structs of their own, in the domain {HyperliquidSignTransaction, 1, chainId =
 * action.signatureChainId, 0x0…0}. The struct is `HyperliquidTransaction:<Name>` over the fields listed
 * below, in that order; other keys of the action (`type`, `signatureChainId`) are not signed.
 */
import { type Signature, signDigest } from "./ecdsa.js";
import { type Eip712Domain, type TypedField, domainSeparator, hashStruct, typedDataDigest } from "./eip712.js";
import { toHex0x } from "./hex.js";

export interface UserSignedType {
  readonly primaryType: string;
  readonly fields: readonly TypedField[];
}

/** The user-signed actions the vectors pin (Python SDK signing.py types; SPEC §6). */
export const USER_SIGNED_TYPES: Readonly<Record<string, UserSignedType>> = {
  approveAgent: {
    primaryType: "HyperliquidTransaction:ApproveAgent",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "agentAddress", type: "address" },
      { name: "agentName", type: "string" },
      { name: "nonce", type: "uint64" },
    ],
  },
  usdSend: {
    primaryType: "HyperliquidTransaction:UsdSend",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "destination", type: "string" },
      { name: "amount", type: "string" },
      { name: "time", type: "uint64" },
    ],
  },
  withdraw3: {
    primaryType: "HyperliquidTransaction:Withdraw",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "destination", type: "string" },
      { name: "amount", type: "string" },
      { name: "time", type: "uint64" },
    ],
  },
  approveBuilderFee: {
    primaryType: "HyperliquidTransaction:ApproveBuilderFee",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "maxFeeRate", type: "string" },
      { name: "builder", type: "address" },
      { name: "nonce", type: "uint64" },
    ],
  },
};

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const domainSeparators = new Map<bigint, Uint8Array>();

export function userSignedDomain(chainId: number | bigint): Eip712Domain {
  return { name: "HyperliquidSignTransaction", version: "1", chainId, verifyingContract: ZERO_ADDRESS };
}

/** `signatureChainId` ("0x66eee" in the Python SDK, "0xa4b1" in the docs) as a number. */
export function parseSignatureChainId(value: unknown): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{1,16}$/.test(value)) {
    throw new Error("signatureChainId must be a 0x-prefixed hex chain id such as 0x66eee");
  }
  return BigInt(value);
}

/** The digest of a user-signed struct, given its fields in signing order. */
export function userSignedDigest(
  message: Readonly<Record<string, unknown>>,
  fields: readonly TypedField[],
  primaryType: string,
  chainId: number | bigint,
): Uint8Array {
  const key = BigInt(chainId);
  let separator = domainSeparators.get(key);
  if (separator === undefined) {
    separator = domainSeparator(userSignedDomain(key));
    domainSeparators.set(key, separator);
  }
  return typedDataDigest(separator, hashStruct(primaryType, fields, message));
}

/**
 * The digest of a user-signed action of a type in USER_SIGNED_TYPES, as it goes in the body. An
 * `approveAgent` without `agentName` (the unnamed agent: the SDK omits the key from the body) signs
 * agentName "".
 */
export function userSignedActionDigest(action: Readonly<Record<string, unknown>>): Uint8Array {
  const type = action.type;
  const spec = typeof type === "string" && Object.hasOwn(USER_SIGNED_TYPES, type) ? USER_SIGNED_TYPES[type] : undefined;
  if (spec === undefined) {
    throw new Error(`not a user-signed action this module knows (${Object.keys(USER_SIGNED_TYPES).join(", ")}); use userSignedDigest with its types`);
  }
  const message = type === "approveAgent" && !Object.hasOwn(action, "agentName") ? { ...action, agentName: "" } : action;
  return userSignedDigest(message, spec.fields, spec.primaryType, parseSignatureChainId(action.signatureChainId));
}

/** Deterministic (RFC 6979) signature of a user-signed action with the account key. */
export function signUserSignedAction(action: Readonly<Record<string, unknown>>, privateKey: Uint8Array): { digest: string; signature: Signature } {
  const digest = userSignedActionDigest(action);
  return { digest: toHex0x(digest), signature: signDigest(digest, privateKey) };
}
