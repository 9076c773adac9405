/**
 * EIP-712 typed-data hashing for the flat structs Hyperliquid signs (SPEC §5, §6): a domain, one primary
 * type whose fields are atomic (string, bytes, bytesN, address, bool, uintN, intN), and the digest
 * keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)). Nested struct types and arrays are not
 * needed by any Hyperliquid action and are refused rather than guessed.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { addressBytes, bigintToBytes } from "./hex.js";

export interface TypedField {
  readonly name: string;
  readonly type: string;
}

export interface Eip712Domain {
  readonly name: string;
  readonly version: string;
  readonly chainId: number | bigint;
  readonly verifyingContract: string;
}

const utf8 = new TextEncoder();

const DOMAIN_FIELDS: readonly TypedField[] = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$:]*$/;

/** `Name(type1 name1,type2 name2,…)`, the string whose keccak256 is the type hash. */
export function encodeType(primaryType: string, fields: readonly TypedField[]): string {
  if (!IDENTIFIER.test(primaryType)) throw new Error(`invalid EIP-712 type name ${JSON.stringify(primaryType.slice(0, 60))}`);
  return `${primaryType}(${fields.map((f) => `${f.type} ${f.name}`).join(",")})`;
}

export function typeHash(primaryType: string, fields: readonly TypedField[]): Uint8Array {
  return keccak_256(utf8.encode(encodeType(primaryType, fields)));
}

/** hashStruct(message) = keccak256(typeHash ‖ encodeData(field₁) ‖ …); a message key not in `fields` is ignored. */
export function hashStruct(primaryType: string, fields: readonly TypedField[], message: Readonly<Record<string, unknown>>): Uint8Array {
  const out = new Uint8Array(32 * (fields.length + 1));
  out.set(typeHash(primaryType, fields), 0);
  fields.forEach((field, i) => {
    if (!Object.hasOwn(message, field.name)) throw new Error(`EIP-712 message lacks the field "${field.name}" (${field.type})`);
    out.set(encodeField(field, message[field.name]), 32 * (i + 1));
  });
  return keccak_256(out);
}

export function domainSeparator(domain: Eip712Domain): Uint8Array {
  return hashStruct("EIP712Domain", DOMAIN_FIELDS, domain as unknown as Record<string, unknown>);
}

/** keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash): the digest that is signed. */
export function typedDataDigest(domainSeparatorHash: Uint8Array, structHash: Uint8Array): Uint8Array {
  const out = new Uint8Array(66);
  out[0] = 0x19;
  out[1] = 0x01;
  out.set(domainSeparatorHash, 2);
  out.set(structHash, 34);
  return keccak_256(out);
}

const UINT = /^uint(\d{1,3})$/;
const INT = /^int(\d{1,3})$/;
const BYTES_N = /^bytes(\d{1,2})$/;

/** One field's 32-byte word (EIP-712 encodeData for atomic and dynamic types). */
export function encodeField(field: TypedField, value: unknown): Uint8Array {
  const { name, type } = field;
  const what = `EIP-712 field "${name}" (${type})`;
  if (type === "string") {
    if (typeof value !== "string") throw new Error(`${what} must be a string`);
    return keccak_256(utf8.encode(value));
  }
  if (type === "bytes") return keccak_256(hexOrBytes(value, what));
  if (type === "address") {
    const word = new Uint8Array(32);
    word.set(addressBytes(value, what), 12);
    return word;
  }
  if (type === "bool") {
    if (typeof value !== "boolean") throw new Error(`${what} must be a boolean`);
    const word = new Uint8Array(32);
    word[31] = value ? 1 : 0;
    return word;
  }
  let match = UINT.exec(type);
  if (match !== null) {
    const bits = integerBits(match[1]!, type);
    const v = integerValue(value, what);
    if (v < 0n || v >= 1n << BigInt(bits)) throw new Error(`${what} is out of range`);
    return bigintToBytes(v, 32);
  }
  match = INT.exec(type);
  if (match !== null) {
    const bits = integerBits(match[1]!, type);
    const v = integerValue(value, what);
    const limit = 1n << BigInt(bits - 1);
    if (v < -limit || v >= limit) throw new Error(`${what} is out of range`);
    return bigintToBytes(BigInt.asUintN(256, v), 32);
  }
  match = BYTES_N.exec(type);
  if (match !== null) {
    const size = Number(match[1]);
    if (size < 1 || size > 32) throw new Error(`unsupported EIP-712 type ${type}`);
    const bytes = hexOrBytes(value, what);
    if (bytes.length !== size) throw new Error(`${what} must be exactly ${size} bytes`);
    const word = new Uint8Array(32);
    word.set(bytes, 0);
    return word;
  }
  throw new Error(`unsupported EIP-712 type ${JSON.stringify(type.slice(0, 40))} for field "${name}" (only atomic types are supported)`);
}

function integerBits(digits: string, type: string): number {
  const bits = Number(digits);
  if (bits < 8 || bits > 256 || bits % 8 !== 0) throw new Error(`unsupported EIP-712 type ${type}`);
  return bits;
}

function integerValue(value: unknown, what: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  throw new Error(`${what} must be an integer (a safe-integer number or a bigint)`);
}

function hexOrBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string" && /^0x(?:[0-9a-fA-F]{2})*$/.test(value)) {
    const out = new Uint8Array((value.length - 2) / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(value.slice(2 + 2 * i, 4 + 2 * i), 16);
    return out;
  }
  throw new Error(`${what} must be 0x-prefixed hex with an even number of digits, or a Uint8Array`);
}
