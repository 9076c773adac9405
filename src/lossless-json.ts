/**
 * A JSON reader that keeps every integer exact: JSON.parse turns 2^60-1 (an order index) into a rounded
 * double. Integers come back as `number` when safe and as `bigint` above 2^53. Non-integer numbers are
 * refused (no Lighter transaction field has a fraction, and Hyperliquid's prices and sizes are strings),
 * and so are duplicate keys (JSON.parse silently keeps the last, which would make a signed tx differ from
 * what its author read). Shared by the Lighter signer and both offline tools.
 */

export class JsonSyntaxError extends Error {
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = "JsonSyntaxError";
  }
}

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 64;
const INTEGER = /-?(?:0|[1-9][0-9]*)/y;
const NUMBER_TAIL = /[.eE]/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export function parseJsonLossless(text: string): JsonValue {
  let pos = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, pos);
  };
  const skipWhitespace = () => {
    while (pos < text.length && " \t\n\r".includes(text.charAt(pos))) pos++;
  };
  const expect = (literal: string) => {
    if (!text.startsWith(literal, pos)) fail(`expected ${literal}`);
    pos += literal.length;
  };

  const parseString = (): string => {
    expect('"');
    let out = "";
    for (;;) {
      if (pos >= text.length) fail("unterminated string");
      const ch = text.charAt(pos++);
      if (ch === '"') return out;
      if (ch < " ") fail("control character in string");
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const esc = text.charAt(pos++);
      if (esc === "u") {
        const hex = text.slice(pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 4;
      } else {
        const decoded = ESCAPES[esc];
        if (decoded === undefined) fail("invalid escape");
        out += decoded;
      }
    }
  };

  const parseNumber = (): number | bigint => {
    INTEGER.lastIndex = pos;
    const match = INTEGER.exec(text);
    if (match === null) return fail("unexpected character");
    pos += match[0].length;
    NUMBER_TAIL.lastIndex = pos;
    if (NUMBER_TAIL.test(text)) fail("only integers are accepted (no fraction or exponent)");
    const value = BigInt(match[0]);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  };

  const parseValue = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail("nesting too deep");
    skipWhitespace();
    const ch = text.charAt(pos);
    if (ch === "{") {
      pos++;
      const object: { [key: string]: JsonValue } = {};
      skipWhitespace();
      if (text.charAt(pos) === "}") {
        pos++;
        return object;
      }
      for (;;) {
        skipWhitespace();
        const key = parseString();
        if (Object.hasOwn(object, key)) fail(`duplicate key "${key.slice(0, 40)}"`);
        skipWhitespace();
        expect(":");
        // defineProperty, not assignment: a "__proto__" key must stay an ordinary key.
        Object.defineProperty(object, key, { value: parseValue(depth + 1), enumerable: true, writable: true, configurable: true });
        skipWhitespace();
        if (text.charAt(pos) === "}") {
          pos++;
          return object;
        }
        expect(",");
      }
    }
    if (ch === "[") {
      pos++;
      const array: JsonValue[] = [];
      skipWhitespace();
      if (text.charAt(pos) === "]") {
        pos++;
        return array;
      }
      for (;;) {
        array.push(parseValue(depth + 1));
        skipWhitespace();
        if (text.charAt(pos) === "]") {
          pos++;
          return array;
        }
        expect(",");
      }
    }
    if (ch === '"') return parseString();
    if (text.startsWith("true", pos)) return (pos += 4), true;
    if (text.startsWith("false", pos)) return (pos += 5), false;
    if (text.startsWith("null", pos)) return (pos += 4), null;
    return parseNumber();
  };

  const value = parseValue(0);
  skipWhitespace();
  if (pos !== text.length) fail("unexpected text after the JSON value");
  return value;
}
