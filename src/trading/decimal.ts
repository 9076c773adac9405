/**
 * Exact decimals for money and exchange quantities (DESIGN.md: never floats). A decimal is an integer of
 * units and a scale: 2500.50 is { units: 250050n, scale: 2 }. Used wherever the gateway multiplies,
 * compares or prints prices, sizes and notionals of either venue.
 */

export interface Decimal {
  units: bigint;
  scale: number;
}

/** One basis point, 10^-4: fees and slippage are quoted in them. */
export const BASIS_POINT: Decimal = { units: 1n, scale: 4 };

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

/** Which way a result between two representable values goes: toward −∞ ("floor") or toward +∞ ("ceiling"). */
export type Rounding = "floor" | "ceiling";

/** numerator / denominator as integers, rounded as asked (BigInt division alone truncates toward zero). */
function divideIntegers(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const quotient = numerator / denominator;
  if (numerator % denominator === 0n) return quotient;
  const negative = numerator < 0n !== denominator < 0n;
  if (rounding === "floor") return negative ? quotient - 1n : quotient;
  return negative ? quotient : quotient + 1n;
}

/** a / b as a ratio of integers: (a.units × 10^b.scale) / (b.units × 10^a.scale). */
function quotientTerms(a: Decimal, b: Decimal): { numerator: bigint; denominator: bigint } {
  if (b.units === 0n) throw new RangeError("division by zero");
  return { numerator: a.units * 10n ** BigInt(b.scale), denominator: b.units * 10n ** BigInt(a.scale) };
}

/** a / b with `scale` decimals (scale ≥ 0), rounded toward −∞ or +∞: 10 / 3 at 2 decimals is 3.33 or 3.34. */
export function divide(a: Decimal, b: Decimal, scale: number, rounding: Rounding): Decimal {
  const { numerator, denominator } = quotientTerms(a, b);
  return { units: divideIntegers(numerator * 10n ** BigInt(scale), denominator, rounding), scale };
}

/** a / b when it is a decimal of at most `maxScale` places (1 / 4 = 0.25), null when it is not (1 / 3). */
export function divideExactly(a: Decimal, b: Decimal, maxScale: number): Decimal | null {
  const { numerator, denominator } = quotientTerms(a, b);
  for (let scale = 0; scale <= maxScale; scale += 1) {
    const scaled = numerator * 10n ** BigInt(scale);
    if (scaled % denominator === 0n) return { units: scaled / denominator, scale };
  }
  return null;
}

/** `value` as a whole multiple of `step` (step > 0), rounded toward −∞ or +∞: 0.12345 to 0.001 is 0.123 or 0.124. */
export function roundToStep(value: Decimal, step: Decimal, rounding: Rounding): Decimal {
  return multiply(divide(value, step, 0, rounding), step);
}

/**
 * A finite double as the shortest decimal that reads back as it (what `String` prints, exponent form
 * included): 0.1 is 0.1 and 1.25e-7 is 0.000000125, not the binary neighbours of either. Exact for every
 * figure that was a decimal before it became a double, such as the funding board's rates.
 */
export function decimalFromNumber(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  const [mantissa = "0", exponent = "0"] = String(value).split("e");
  const { units, scale } = parseDecimal(mantissa);
  // value = units × 10^(exponent − scale)
  const shift = Number(exponent) - scale;
  return shift >= 0 ? { units: units * 10n ** BigInt(shift), scale: 0 } : { units, scale: -shift };
}

/** A double (the funding board's marks and rates) as plain decimal text, never exponent form: 1.25e-7 is "0.000000125". */
export function decimalTextOf(value: number): string {
  return formatDecimal(decimalFromNumber(value));
}
