/**
 * L1 ("phantom agent") signing for trading actions (SPEC §5): the action hash becomes the connectionId
 * of an EIP-712 `Agent{source, connectionId}` struct in the fixed domain {Exchange, 1, chainId 1337,
 * 0x0…0}. Mainnet and testnet differ only in source ("a" / "b"), not in the domain.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { hexToBytes } from "@noble/hashes/utils.js";
import { actionHash } from "./action-hash.js";
import { signDigestFast } from "./commitments.js";
import { type Signature, signDigest } from "./ecdsa.js";
import { typedDataDigest } from "./eip712.js";
import { toHex0x } from "./hex.js";

export const L1_DOMAIN = { name: "Exchange", version: "1", chainId: 1337, verifyingContract: "0x0000000000000000000000000000000000000000" } as const;
export const AGENT_TYPE = "Agent";
export const AGENT_FIELDS = [
  { name: "source", type: "string" },
  { name: "connectionId", type: "bytes32" },
] as const;

/**
 * keccak256 values that follow from the definitions above, written out because a fresh isolate would
 * otherwise spend ~8 cold keccak calls (several ms) deriving them before its first signature. The tests
 * derive them again and compare (SPEC §5 lists the same values).
 */
const L1_DOMAIN_SEPARATOR_HEX = "d79297fcdf2ffcd4ae223d01edaa2ba214ff8f401d7c9300d995d17c82aa4040";
const AGENT_TYPEHASH_HEX = "26f05c2f7239b6983075e58321292d77b3aa173d19b27257ac96ab362570f508";
const SOURCE_HASH_HEX = {
  /** keccak256("a"): mainnet. */
  mainnet: "3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb",
  /** keccak256("b"): testnet. */
  testnet: "b5553de315e0edf504d9150af82dafa5c4667fa618ed0a6f19c69b41166c5510",
} as const;

interface L1Constants {
  domainSeparator: Uint8Array;
  /** typeHash ‖ keccak256(source) ‖ (room for the connectionId), per network. */
  mainnetStruct: Uint8Array;
  testnetStruct: Uint8Array;
}

let constants: L1Constants | undefined;

function l1Constants(): L1Constants {
  if (constants !== undefined) return constants;
  const structPrefix = (sourceHashHex: string) => {
    const buffer = new Uint8Array(96);
    buffer.set(hexToBytes(AGENT_TYPEHASH_HEX), 0);
    buffer.set(hexToBytes(sourceHashHex), 32);
    return buffer;
  };
  constants = {
    domainSeparator: hexToBytes(L1_DOMAIN_SEPARATOR_HEX),
    mainnetStruct: structPrefix(SOURCE_HASH_HEX.mainnet),
    testnetStruct: structPrefix(SOURCE_HASH_HEX.testnet),
  };
  return constants;
}

/** The written-out constants, for the tests to compare with their derivation. */
export function l1ConstantsForTest(): { domainSeparator: string; agentTypeHash: string; sourceHashes: { mainnet: string; testnet: string } } {
  return { domainSeparator: `0x${L1_DOMAIN_SEPARATOR_HEX}`, agentTypeHash: `0x${AGENT_TYPEHASH_HEX}`, sourceHashes: { mainnet: `0x${SOURCE_HASH_HEX.mainnet}`, testnet: `0x${SOURCE_HASH_HEX.testnet}` } };
}

/** The EIP-712 digest that an L1 action's signature signs: source "a" on mainnet, "b" on testnet. */
export function l1Digest(connectionId: Uint8Array, isMainnet: boolean): Uint8Array {
  if (!(connectionId instanceof Uint8Array) || connectionId.length !== 32) throw new Error("connectionId must be 32 bytes");
  // A truthy non-boolean ("false") must not silently pick mainnet.
  if (typeof isMainnet !== "boolean") throw new Error("isMainnet must be a boolean");
  const c = l1Constants();
  // A copy, so the cached prefix is never mutated.
  const struct = (isMainnet ? c.mainnetStruct : c.testnetStruct).slice();
  struct.set(connectionId, 64);
  return typedDataDigest(c.domainSeparator, keccak_256(struct));
}

export interface L1ActionRequest {
  /** The action object exactly as it will be sent (key order is signed). */
  action: unknown;
  nonce: number | bigint;
  vaultAddress?: string | null;
  expiresAfter?: number | bigint | null;
  isMainnet: boolean;
}

export interface SignedL1Action {
  /** 0x + 64 hex: the connectionId. */
  actionHash: string;
  signature: Signature;
}

/**
 * Hashes and signs an L1 action. `fast: true` is the order path (random k from the commitment pool,
 * ecdsa.ts / commitments.ts); the default is the deterministic RFC 6979 signature.
 */
export function signL1Action(request: L1ActionRequest, privateKey: Uint8Array, options: { fast?: boolean } = {}): SignedL1Action {
  const hash = actionHash(request.action, request.nonce, request.vaultAddress, request.expiresAfter);
  const digest = l1Digest(hash, request.isMainnet);
  const signature = options.fast === true ? signDigestFast(digest, privateKey) : signDigest(digest, privateKey);
  return { actionHash: toHex0x(hash), signature };
}
