/** The 21 transactions and 3 auth tokens of the Go known-answer vectors, with lossless inputs. */
import vectors from "../../../fixtures/lighter/vectors_go.json";
import { parseJsonLossless } from "../../../../src/lossless-json";

export const txVectors = vectors.transactions;
export const authTokenVectors = vectors.auth_tokens;
export type TxVector = (typeof txVectors)[number];

/**
 * The unsigned tx_info of a vector: its exact tx_info parsed losslessly, minus Sig. (The vector's
 * `request` object went through JSON.parse, which rounds OrderExpiry 2^63-1.)
 */
export function unsignedInput(v: TxVector): Record<string, unknown> {
  const parsed = parseJsonLossless(v.tx_info) as Record<string, unknown>;
  const { Sig: _sig, ...rest } = parsed;
  return rest;
}

export function attributeElements(v: TxVector): string[] | undefined {
  return (v as { attribute_hash_elements?: string[] }).attribute_hash_elements;
}

export function attributeHashHex(v: TxVector): string | undefined {
  return (v as { attribute_hash?: { le_hex: string } }).attribute_hash?.le_hex;
}
