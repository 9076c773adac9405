/** Typed access to the Go known-answer vectors (test/fixtures/lighter/vectors_go.json) for crypto tests. */
import vectors from "../../../fixtures/lighter/vectors_go.json";
import type { Gfp5 } from "../../../../src/venues/lighter/crypto/gfp5.js";

export { vectors };

export function big(x: string): bigint {
  return BigInt(x);
}

export function gfp5(limbs: readonly string[]): Gfp5 {
  if (limbs.length !== 5) throw new Error("fixture GF(p^5) value must have 5 limbs");
  return [BigInt(limbs[0]!), BigInt(limbs[1]!), BigInt(limbs[2]!), BigInt(limbs[3]!), BigInt(limbs[4]!)];
}
