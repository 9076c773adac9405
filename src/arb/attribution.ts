/**
 * A venue pays funding per asset position, not per pair: a payment on an asset is shared among that
 * asset's open pairs on that venue in proportion to their sizes there (issue 14).
 *
 * Exact: each pair's share is rounded toward zero to the payment's precision (at least USD_DECIMALS, as
 * a venue may print 0.1 for 0.100000), and the units left over go one each to the pairs whose shares lost
 * most to that rounding (largest remainder), ties to the lower pair_id. So the parts always sum to the
 * payment, and the same pairs in any order get the same parts.
 */
import { absolute, formatDecimal, parseDecimal, PLAIN_DECIMAL, type Decimal } from "../trading/decimal";
import { USD_DECIMALS } from "./usd";

export interface PairSize {
  pair_id: string;
  /** The pair's position on this venue and asset, in any unit common to all pairs; a short's sign is ignored. */
  size: string;
}

export interface PairFundingShare {
  pair_id: string;
  /** Signed like the payment: positive received, negative paid. */
  amount: string;
}

function signedDecimal(text: string, field: string): Decimal {
  if (!PLAIN_DECIMAL.test(text.replace(/^-/, ""))) throw new RangeError(`${field}: ${JSON.stringify(text)} is not a decimal`);
  return parseDecimal(text);
}

/** `value`'s units at a scale at least its own. */
function unitsAt(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

interface Candidate {
  pairId: string;
  index: number;
  remainder: bigint;
}

/** Largest remainder first; then the lower pair_id; then input order (a pair listed twice). */
function largestRemainderFirst(a: Candidate, b: Candidate): number {
  if (a.remainder !== b.remainder) return a.remainder > b.remainder ? -1 : 1;
  if (a.pairId !== b.pairId) return a.pairId < b.pairId ? -1 : 1;
  return a.index - b.index;
}

export function attributeFunding(payment: string, pairs: readonly PairSize[]): PairFundingShare[] {
  if (pairs.length === 0) return [];
  const amount = signedDecimal(payment, "payment");
  const scale = Math.max(amount.scale, USD_DECIMALS);
  const total = unitsAt(amount, scale);
  const magnitude = total < 0n ? -total : total;

  const sizes = pairs.map((pair) => absolute(signedDecimal(pair.size, `size of ${pair.pair_id}`)));
  const sizeScale = Math.max(...sizes.map((size) => size.scale));
  const weights = sizes.map((size) => unitsAt(size, sizeScale));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) throw new RangeError("every pair's size is zero: there is nothing to share the payment by");

  const parts = weights.map((weight) => (magnitude * weight) / weightSum);
  const remainders = weights.map((weight) => (magnitude * weight) % weightSum);
  // Fewer units are left over than pairs with a remainder: the remainders sum to leftover × weightSum.
  const leftover = magnitude - parts.reduce((sum, part) => sum + part, 0n);
  const byRemainder = pairs
    .map((pair, index): Candidate => ({ pairId: pair.pair_id, index, remainder: remainders[index] ?? 0n }))
    .sort(largestRemainderFirst);
  for (const { index } of byRemainder.slice(0, Number(leftover))) parts[index] = (parts[index] ?? 0n) + 1n;

  const sign = total < 0n ? -1n : 1n;
  return pairs.map((pair, index) => ({ pair_id: pair.pair_id, amount: formatDecimal({ units: sign * (parts[index] ?? 0n), scale }) }));
}
