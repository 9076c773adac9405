/**
 * Hyperliquid's price and size rules for perpetuals (hyperliquid/SPEC.md §3.2, docs `tick-and-lot-size`),
 * checked exactly on decimal strings before anything is signed. A value that breaks a rule is refused with
 * the field and the step that would be allowed; nothing is ever rounded for the caller.
 *
 * - size: at most `szDecimals` decimals, above zero;
 * - price: at most 5 significant figures (an integer price is always allowed) and at most
 *   `6 − szDecimals` decimals;
 * - order value (price × size): at least $10.
 * Trailing zeros are dropped from what is signed and sent: Hyperliquid hashes its own re-serialisation of
 * the parsed action, which has none (SPEC §3.1).
 */
import { compare, formatDecimal, multiply, parseDecimal, type Decimal } from "../../trading/decimal";

/** Perpetuals: prices may have at most MAX_DECIMALS − szDecimals decimals. */
export const MAX_PRICE_DECIMALS = 6;
export const MAX_SIGNIFICANT_FIGURES = 5;
export const MINIMUM_ORDER_VALUE = parseDecimal("10");

export class OrderRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** The finest value step allowed for this field at this magnitude, as decimal text. */
    readonly allowedStep?: string,
  ) {
    super(message);
    this.name = "OrderRuleError";
  }
}

function decimalPlaces(value: Decimal): number {
  return formatDecimal(value).split(".")[1]?.length ?? 0;
}

/** Digits from the first non-zero one to the last non-zero decimal (trailing zeros of an integer count). */
function significantFigures(text: string): number {
  const [whole = "", fraction = ""] = text.split(".");
  if (fraction === "") return whole.replace(/^0+/, "").length;
  return `${whole}${fraction}`.replace(/^0+/, "").length;
}

function stepText(decimals: number): string {
  return decimals <= 0 ? "1" : `0.${"0".repeat(decimals - 1)}1`;
}

/** A size valid for a coin with `szDecimals`, as the text to sign (no trailing zeros). */
export function checkSize(text: string, szDecimals: number, field: string, coin: string): string {
  const size = parseDecimal(text);
  if (size.units <= 0n) throw new OrderRuleError(field, `${field}: must be above zero`, stepText(szDecimals));
  if (decimalPlaces(size) > szDecimals) {
    throw new OrderRuleError(field, `${field}: ${text} has more decimals than ${coin} allows (${szDecimals}); sizes must be multiples of ${stepText(szDecimals)}`, stepText(szDecimals));
  }
  return formatDecimal(size);
}

/**
 * The finest price step at this price under a significant-figures rule: the step of the last allowed
 * figure, but never finer than `maxDecimals` decimals, and never coarser than 1 (integer prices are
 * always allowed). Every multiple of it between this price's power of ten and the next is a valid price.
 */
export function significantFigureStep(price: Decimal, figures: number, maxDecimals: number): Decimal {
  const [whole = "0", fraction = ""] = formatDecimal(price).split(".");
  // Decimal exponent of the leading digit: 65000 → 4, 0.0123 → −2.
  const exponent = whole !== "0" ? whole.length - 1 : -((fraction.match(/^0*/)?.[0].length ?? 0) + 1);
  return { units: 1n, scale: Math.max(0, Math.min(maxDecimals, figures - 1 - exponent)) };
}

/** The finest price step at this price for a coin with `szDecimals`, as decimal text. */
export function priceStep(price: Decimal, szDecimals: number): string {
  return formatDecimal(significantFigureStep(price, MAX_SIGNIFICANT_FIGURES, MAX_PRICE_DECIMALS - szDecimals));
}

/** A price valid for a coin with `szDecimals`, as the text to sign. */
export function checkPrice(text: string, szDecimals: number, field: string, coin: string): string {
  const price = parseDecimal(text);
  if (price.units <= 0n) throw new OrderRuleError(field, `${field}: must be above zero`);
  const normalized = formatDecimal(price);
  if (!normalized.includes(".")) return normalized;
  const maxDecimals = MAX_PRICE_DECIMALS - szDecimals;
  const step = priceStep(price, szDecimals);
  if (decimalPlaces(price) > maxDecimals || significantFigures(normalized) > MAX_SIGNIFICANT_FIGURES) {
    throw new OrderRuleError(
      field,
      `${field}: ${text} is not a valid ${coin} price: at most ${MAX_SIGNIFICANT_FIGURES} significant figures (an integer price is always allowed) and at most ${maxDecimals} decimals; at this price the step is ${step}`,
      step,
    );
  }
  return normalized;
}

/** Price × size, exactly. */
export function orderValue(price: string, size: string): Decimal {
  return multiply(parseDecimal(price), parseDecimal(size));
}

/**
 * Hyperliquid refuses orders worth less than $10. A reduce-only order is left to Hyperliquid: closing a
 * position smaller than $10 must stay possible, and the venue's own rule for it is not documented.
 */
export function checkMinimumValue(price: string, size: string, reduceOnly: boolean, field: string): void {
  if (reduceOnly) return;
  const value = orderValue(price, size);
  if (compare(value, MINIMUM_ORDER_VALUE) < 0) {
    throw new OrderRuleError(field, `${field}: the order is worth ${formatDecimal(value)} USD (price × size); Hyperliquid's minimum is 10 USD`);
  }
}
