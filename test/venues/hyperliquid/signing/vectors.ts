/**
 * Typed access to the Hyperliquid known-answer vectors (test/fixtures/hyperliquid/vectors.json, a copy of
 * ../shared/hyperliquid/vectors.json; SPEC §14 describes the layout). JSON.parse keeps object key order,
 * and no integer-like keys occur, so every `action` arrives in its signed key order.
 */
import raw from "../../../fixtures/hyperliquid/vectors.json";
import type { Signature, TypedField } from "../../../../src/venues/hyperliquid/signing/index.js";

export interface L1Vector {
  id: string;
  private_key: string;
  signer_address: string;
  is_mainnet: boolean;
  nonce: number;
  action: Record<string, unknown>;
  vault_address: string | null;
  expires_after: number | null;
  msgpack_hex: string;
  action_hash: string;
  eip712_digest: string;
  signature: Signature;
  signature_python_sdk_form?: Signature;
  request_body?: { action: unknown; nonce: number; signature: Signature; vaultAddress?: string | null; expiresAfter?: number | null };
}

export interface UserSignedVector {
  id: string;
  private_key: string;
  signer_address: string;
  action?: Record<string, unknown>;
  primary_type: string;
  types: TypedField[];
  signature_chain_id: string;
  domain_chain_id: number;
  message: Record<string, unknown>;
  eip712_digest: string;
  signature: Signature;
  signature_python_sdk_form?: Signature;
}

export interface HashOnlyVector {
  id: string;
  action: Record<string, unknown>;
  nonce: number;
  vault_address: string | null;
  expires_after: number | null;
  msgpack_hex: string;
  action_hash: string;
}

export interface DigestOnlyVector {
  id: string;
  private_key: string;
  signer_address: string;
  is_mainnet: boolean;
  connection_id: string;
  eip712_digest: string;
  signature: Signature;
}

export interface MultiSigVector {
  id: string;
  kind: "multisig_l1" | "multisig_user";
  inputs: {
    key: string;
    nonce?: number;
    mainnet?: boolean;
    multiSigUser: string;
    chainId?: string;
    primaryType?: string;
    types?: TypedField[];
    action: Record<string, unknown>;
    payloadAction?: Record<string, unknown>;
  };
  expected: { outerSigner?: string; inner: Signature; outer: Signature };
}

export interface Vectors {
  constants: {
    eip712_domain_typehash: string;
    l1_domain: { name: string; version: string; chainId: number; verifyingContract: string };
    l1_domain_separator: string;
    agent_type: string;
    agent_typehash: string;
    keccak_source_a_mainnet: string;
    keccak_source_b_testnet: string;
    user_signed_domain_separator_chain_0x66eee: string;
    user_signed_domain_separator_chain_0xa4b1: string;
  };
  float_to_wire: { cases: { input: string; output?: string; error?: string }[] };
  float_to_int_for_hashing: { cases: { input: string; output?: string; error?: string }[] };
  l1_vectors: L1Vector[];
  user_signed_vectors: UserSignedVector[];
  l1_action_hash_only: HashOnlyVector[];
  l1_digest_only: DigestOnlyVector[];
  msgpack_only: { id: string; value: unknown; msgpack_hex: string }[];
  multisig_vectors: MultiSigVector[];
  not_for_conformance: { id: string; action_as_in_test: Record<string, unknown>; bin_fields: string[]; nonce: number; action_hash: string }[];
}

export const vectors = raw as unknown as Vectors;

export function hex(bytes: Uint8Array): string {
  let out = "0x";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export function unhex(text: string): Uint8Array {
  const body = text.startsWith("0x") ? text.slice(2) : text;
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(body)) throw new Error(`bad hex in fixture: ${text}`);
  const out = new Uint8Array(body.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(body.slice(2 * i, 2 * i + 2), 16);
  return out;
}
