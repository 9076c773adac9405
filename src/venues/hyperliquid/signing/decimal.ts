/**
 * Numbers as Hyperliquid hashes them (SPEC §3.1). Prices and sizes are decimal strings; the node hashes
 * its own re-serialisation of what it parsed, so a string with trailing zeros ("2000.0") signs something
 * other than what the node checks. The order path therefore sends decimal strings through
 * normalizeDecimal; floatToWire is the Python SDK's float_to_wire for callers that start from a float.
 *
 * Never String(n): it gives "1e-7" and "1e+21", which are not decimals the node accepts.
 */

const PLAIN_DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]*))?$/;

/**
 * A plain decimal string without trailing fractional zeros, trailing dot or superfluous leading zeros
 * ("2000.0" → "2000", "0.50" → "0.5", "007" → "7"), never in exponent form. Integer digits are kept
 * ("2000" stays "2000"). Like Python's Decimal.normalize() the sign of zero is kept ("-0.0" → "-0");
 * whether zero or a negative number is acceptable is the caller's check.
 */
export function normalizeDecimal(text: string): string {
  const match = typeof text === "string" ? PLAIN_DECIMAL.exec(text) : null;
  if (match === null) {
    const shown = typeof text === "string" ? JSON.stringify(text.slice(0, 40)) : typeof text;
    throw new Error(`${shown} is not a plain decimal number (digits, an optional fraction, no exponent)`);
  }
  const [, sign, integerDigits, fraction = ""] = match;
  const integer = integerDigits!.replace(/^0+(?=[0-9])/, "");
  const kept = fraction.replace(/0+$/, "");
  return `${sign}${integer}${kept === "" ? "" : `.${kept}`}`;
}

/**
 * Python SDK `float_to_wire` (signing.py): `f"{x:.8f}"`, refused when that moved the value by 1e-12 or
 * more ("float_to_wire causes rounding"), then normalised. -0.0 gives "-0", as the SDK does (its "-0"
 * guard never matches "-0.00000000"; vectors.json pins it).
 *
 * Deliberately stricter than the SDK: NaN and ±Infinity are refused (the SDK returns "NaN" and
 * "Infinity"), and so are magnitudes ≥ 1e28, where Python's 28-digit Decimal context starts rounding.
 */
export function floatToWire(x: number): string {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new Error("float_to_wire: not a finite number");
  if (Math.abs(x) >= 1e28) throw new Error("float_to_wire: magnitude of 1e28 or more is not supported");
  const negative = x < 0 || Object.is(x, -0);
  const magnitude = Math.abs(x);
  // toFixed is exact for |x| < 1e21 (correctly rounded from the binary value, as Python's format is;
  // the two differ only on exact ties, which the rounding check below refuses either way). Doubles at
  // or above 2^53 are integers, whose exact digits BigInt gives.
  const fixed = magnitude < 2 ** 53 ? magnitude.toFixed(8) : `${BigInt(magnitude)}.00000000`;
  if (Math.abs(Number(fixed) - magnitude) >= 1e-12) throw new Error("float_to_wire causes rounding");
  return normalizeDecimal(`${negative ? "-" : ""}${fixed}`);
}

/**
 * Python SDK `float_to_int(x, power)`: round(x·10^power), refused when that moves the value by 1e-3 or
 * more ("float_to_int causes rounding"). An integer-valued x is scaled exactly (the SDK's own test passes
 * the Python int 123123123123, whose product is exact; a double product would be 12312312312299999232).
 */
export function floatToInt(x: number, power: number): bigint {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new Error("float_to_int: not a finite number");
  if (!Number.isSafeInteger(power) || power < 0 || power > 18) throw new Error("float_to_int: power must be an integer from 0 to 18");
  if (Number.isInteger(x)) return BigInt(x) * 10n ** BigInt(power);
  const scaled = x * 10 ** power;
  const rounded = Math.round(scaled);
  if (Math.abs(rounded - scaled) >= 1e-3) throw new Error("float_to_int causes rounding");
  return BigInt(rounded);
}

/** Python SDK `float_to_int_for_hashing`: float_to_int(x, 8). */
export function floatToIntForHashing(x: number): bigint {
  return floatToInt(x, 8);
}
