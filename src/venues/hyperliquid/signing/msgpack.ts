/**
 * A small, strict msgpack encoder for Hyperliquid actions (SPEC §4.1). The action hash is keccak256 of
 * these bytes, so they must equal what Python's `msgpack.packb` emits for the same action:
 *
 * - maps keep insertion order (never sorted): key order is part of the signature;
 * - strings: fixstr below 32 bytes, str8 for 32..255 (cloids and addresses; some encoders pick str16 here),
 *   str16, str32; the length counts UTF-8 bytes;
 * - integers take the smallest encoding: unsigned formats for non-negative values, signed for negative
 *   ones, and u64 (0xcf) for anything at or above 2^32, whether it arrives as a number or a bigint;
 * - Uint8Array is bin (Python `bytes`); no trading action carries one.
 *
 * Everything else is refused rather than encoded, with the path of the offending value: a float in an
 * action is a bug (prices and sizes are decimal strings), `null` is never sent (optional keys are omitted),
 * an `undefined` value must be dropped by the caller (encoding it as nil would sign something other than
 * the JSON body, which omits it), and a Map, Date or class instance has no agreed encoding.
 */

export class MsgpackEncodeError extends Error {
  constructor(
    message: string,
    /** Where the value sits, e.g. `$.orders[0].p`. */
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
    this.name = "MsgpackEncodeError";
  }
}

/** Deeper nesting than any action has; it also stops a cyclic object from overflowing the stack. */
const MAX_DEPTH = 32;
const TWO_POW_32 = 0x1_0000_0000;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Keys JavaScript objects keep in numeric rather than insertion order. */
const ARRAY_INDEX_KEY = /^(?:0|[1-9][0-9]{0,9})$/;

const utf8 = new TextEncoder();

/**
 * A growable output buffer. One instance is reused for every encoding (the encoder is synchronous and
 * never re-entered), so hashing an action allocates no buffer on the order path.
 */
export class MsgpackWriter {
  bytes = new Uint8Array(512);
  view = new DataView(this.bytes.buffer);
  length = 0;

  reset(): this {
    this.length = 0;
    return this;
  }

  ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  u8u8(tag: number, value: number): void {
    this.ensure(2);
    this.bytes[this.length++] = tag;
    this.bytes[this.length++] = value;
  }

  u8u16(tag: number, value: number): void {
    this.ensure(3);
    this.bytes[this.length] = tag;
    this.view.setUint16(this.length + 1, value);
    this.length += 3;
  }

  u8u32(tag: number, value: number): void {
    this.ensure(5);
    this.bytes[this.length] = tag;
    this.view.setUint32(this.length + 1, value);
    this.length += 5;
  }

  /** A big-endian u64 without a tag (the action-hash tail uses it too). */
  u64(value: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.length, value);
    this.length += 8;
  }

  raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** The bytes written so far; a view into the shared buffer, valid until the next encoding. */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

const shared = new MsgpackWriter();

/** msgpack bytes of `value` under the rules above (a fresh copy). */
export function encodeMsgpack(value: unknown): Uint8Array {
  const writer = shared.reset();
  encodeInto(writer, value);
  return writer.written().slice();
}

/** Encodes into the shared writer and returns it, for callers that append to the bytes (action hash). */
export function encodeMsgpackShared(value: unknown): MsgpackWriter {
  const writer = shared.reset();
  encodeInto(writer, value);
  return writer;
}

export function encodeInto(writer: MsgpackWriter, value: unknown): void {
  const path: (string | number)[] = [];
  encodeValue(writer, value, path, 0);
}

function encodeValue(w: MsgpackWriter, value: unknown, path: (string | number)[], depth: number): void {
  switch (typeof value) {
    case "string":
      encodeString(w, value, path);
      return;
    case "number":
      encodeNumber(w, value, path);
      return;
    case "boolean":
      w.u8(value ? 0xc3 : 0xc2);
      return;
    case "bigint":
      encodeBigint(w, value, path);
      return;
    case "undefined":
      throw new MsgpackEncodeError("undefined value (drop the key instead of hashing it)", formatPath(path));
    case "object":
      break;
    default:
      throw new MsgpackEncodeError(`a ${typeof value} cannot be encoded`, formatPath(path));
  }
  if (value === null) throw new MsgpackEncodeError("null value (omit the key instead: null is never sent)", formatPath(path));
  if (depth >= MAX_DEPTH) throw new MsgpackEncodeError(`nesting deeper than ${MAX_DEPTH} levels (or a cycle)`, formatPath(path));
  if (Array.isArray(value)) {
    encodeHeader(w, value.length, 0x90, 0xdc, 0xdd);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      encodeValue(w, value[i], path, depth + 1);
      path.pop();
    }
    return;
  }
  if (value instanceof Uint8Array) {
    if (value.length < 0x100) w.u8u8(0xc4, value.length);
    else if (value.length < 0x10000) w.u8u16(0xc5, value.length);
    else w.u8u32(0xc6, value.length);
    w.raw(value);
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    throw new MsgpackEncodeError(`not a plain object${typeof name === "string" && name !== "" ? ` (${name})` : ""}`, formatPath(path));
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  encodeHeader(w, keys.length, 0x80, 0xde, 0xdf);
  for (const key of keys) {
    path.push(key);
    if (ARRAY_INDEX_KEY.test(key)) {
      throw new MsgpackEncodeError("integer-like key: JavaScript objects do not keep such keys in insertion order", formatPath(path));
    }
    encodeString(w, key, path);
    encodeValue(w, record[key], path, depth + 1);
    path.pop();
  }
}

function encodeHeader(w: MsgpackWriter, count: number, fix: number, tag16: number, tag32: number): void {
  if (count < 16) w.u8(fix | count);
  else if (count < 0x10000) w.u8u16(tag16, count);
  else w.u8u32(tag32, count);
}

function encodeString(w: MsgpackWriter, text: string, path: (string | number)[]): void {
  const n = text.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // The common case (every string in a trading action): bytes are the char codes.
    writeStringHeader(w, n);
    w.ensure(n);
    const out = w.bytes;
    let at = w.length;
    for (let i = 0; i < n; i++) out[at++] = text.charCodeAt(i);
    w.length = at;
    return;
  }
  if (!text.isWellFormed()) {
    // Python refuses to UTF-8 encode a lone surrogate; TextEncoder would silently replace it.
    throw new MsgpackEncodeError("string with a lone UTF-16 surrogate", formatPath(path));
  }
  const bytes = utf8.encode(text);
  writeStringHeader(w, bytes.length);
  w.raw(bytes);
}

function writeStringHeader(w: MsgpackWriter, byteLength: number): void {
  if (byteLength < 32) w.u8(0xa0 | byteLength);
  else if (byteLength < 0x100) w.u8u8(0xd9, byteLength);
  else if (byteLength < 0x10000) w.u8u16(0xda, byteLength);
  else w.u8u32(0xdb, byteLength);
}

function encodeNumber(w: MsgpackWriter, value: number, path: (string | number)[]): void {
  if (!Number.isFinite(value)) throw new MsgpackEncodeError(`${value} is not a number an action may hold`, formatPath(path));
  if (!Number.isInteger(value)) {
    throw new MsgpackEncodeError(`float ${value} (prices and sizes are decimal strings; a float in an action is a bug)`, formatPath(path));
  }
  if (!Number.isSafeInteger(value)) {
    throw new MsgpackEncodeError("integer beyond 2^53 as a number may have lost precision: pass it as a bigint", formatPath(path));
  }
  writeInteger(w, value);
}

/** A safe integer in its smallest msgpack form. */
function writeInteger(w: MsgpackWriter, value: number): void {
  if (value >= 0) {
    if (value < 0x80) w.u8(value);
    else if (value < 0x100) w.u8u8(0xcc, value);
    else if (value < 0x10000) w.u8u16(0xcd, value);
    else if (value < TWO_POW_32) w.u8u32(0xce, value);
    else {
      w.u8(0xcf);
      w.u64(BigInt(value));
    }
    return;
  }
  if (value >= -32) w.u8(value & 0xff);
  else if (value >= -0x80) w.u8u8(0xd0, value & 0xff);
  else if (value >= -0x8000) w.u8u16(0xd1, value & 0xffff);
  else if (value >= -0x8000_0000) w.u8u32(0xd2, value >>> 0);
  else {
    w.u8(0xd3);
    w.u64(BigInt.asUintN(64, BigInt(value)));
  }
}

function encodeBigint(w: MsgpackWriter, value: bigint, path: (string | number)[]): void {
  if (value < INT64_MIN || value > UINT64_MAX) throw new MsgpackEncodeError("integer outside the 64-bit range", formatPath(path));
  if (value >= -MAX_SAFE && value <= MAX_SAFE) {
    writeInteger(w, Number(value));
  } else if (value > 0n) {
    w.u8(0xcf);
    w.u64(value);
  } else {
    w.u8(0xd3);
    w.u64(BigInt.asUintN(64, value));
  }
}

function formatPath(path: readonly (string | number)[]): string {
  let out = "$";
  for (const part of path) {
    out += typeof part === "number" ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part.slice(0, 40))}]`;
  }
  return out;
}
