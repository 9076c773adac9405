import { TxFieldError } from "./errors";
import { GO_TYPE, type GoType } from "./limits";

const DECIMAL = /^-?(0|[1-9][0-9]*)$/;

/**
 * Reads one integer as the signer accepts it: a safe-integer JS number, a canonical decimal string or a
 * bigint. A number above 2^53 is refused rather than rounded: JSON.parse has already changed its value,
 * and signing a rounded order index or expiry would be silently wrong.
 */
function toBigInt(field: string, value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return BigInt(value);
    if (Number.isInteger(value)) {
      throw new TxFieldError(
        field,
        `${field} is above 2^53 and cannot be exact as a number: pass it as a decimal string`,
      );
    }
    throw new TxFieldError(field, `${field} must be an integer`);
  }
  if (typeof value === "string") {
    if (DECIMAL.test(value)) return BigInt(value);
    throw new TxFieldError(field, `${field} must be an integer or a decimal string of digits`);
  }
  throw new TxFieldError(field, `${field} must be an integer or a decimal string, not ${describe(value)}`);
}

/** GO_TYPE's bounds as numbers, exact for every safe integer compared against them (the common input). */
const NUMBER_BOUNDS: Readonly<Record<GoType, readonly [number, number]>> = {
  uint8: numberBounds("uint8"),
  int16: numberBounds("int16"),
  uint32: numberBounds("uint32"),
  int64: numberBounds("int64"),
};

function numberBounds(type: GoType): readonly [number, number] {
  const { min, max } = GO_TYPE[type];
  return [Number(min), Number(max)];
}

/** Like Go's json.Unmarshal into a typed struct field: the value must fit the field's Go type. */
export function toGoInteger(field: string, value: unknown, type: GoType): bigint {
  // Fast path (signing hot path): an in-range safe integer needs no bigint comparisons; anything else
  // takes the general path below, which produces the errors.
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    const [min, max] = NUMBER_BOUNDS[type];
    if (value >= min && value <= max) return BigInt(value);
  }
  const n = toBigInt(field, value);
  const { min, max } = GO_TYPE[type];
  if (n < min || n > max) {
    throw new TxFieldError(field, `${field} must be between ${min} and ${max} (${type})`);
  }
  return n;
}

/** Throws `${field} must be between min and max` unless min <= value <= max. */
export function requireRange(field: string, value: bigint, min: bigint, max: bigint): void {
  if (value < min || value > max) throw new TxFieldError(field, `${field} must be between ${min} and ${max}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
