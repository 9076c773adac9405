/**
 * Exact decimals for money and exchange quantities (DESIGN.md: never floats). A decimal is an integer of
 * units and a scale: 2500.50 is { units: 250050n, scale: 2 }. Used wherever the gateway multiplies,
 * compares or prints prices, sizes and notionals of either venue.
 */

export interface Decimal {
  units: bigint;
  scale: number;
}

/** A plain non-negative decimal as sent by callers and venues: digits, an optional fraction, no exponent. */
export const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/** "2500.50" → { units: 250050n, scale: 2 }. The text must match PLAIN_DECIMAL (or carry a leading minus). */
export function parseDecimal(text: string): Decimal {
  const negative = text.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const units = BigInt(`${whole}${fraction}`);
  return { units: negative ? -units : units, scale: fraction.length };
}

/** Decimal text with no trailing zeros in the fraction and no trailing dot: 2500.50 → "2500.5", 10.0 → "10". */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString();
  if (value.scale === 0) return `${negative ? "-" : ""}${digits}`;
  const padded = digits.padStart(value.scale + 1, "0");
  const text = `${padded.slice(0, -value.scale)}.${padded.slice(-value.scale)}`.replace(/\.?0+$/, "");
  return `${negative && text !== "0" ? "-" : ""}${text}`;
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** −1, 0 or 1 as a is below, equal to or above b. */
export function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.units * 10n ** BigInt(scale - a.scale);
  const right = b.units * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * 10n ** BigInt(scale - a.scale) - b.units * 10n ** BigInt(scale - b.scale), scale };
}

export function add(a: Decimal, b: Decimal): Decimal {
  return subtract(a, { units: -b.units, scale: b.scale });
}

export function absolute(a: Decimal): Decimal {
  return { units: a.units < 0n ? -a.units : a.units, scale: a.scale };
}
