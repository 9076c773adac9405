/**
 * The JSON-lines loop of the offline tools: one JSON object per input line, one per output line, a bad
 * line answered with an error envelope and the next line still processed.
 */
import { createInterface } from "node:readline";
// The lossless reader lives with the Lighter transactions that first needed it; nothing in it is
// Lighter-specific (exact integers above 2^53, no fractions, no duplicate keys).
import { JsonSyntaxError, parseJsonLossless, type JsonValue } from "../../src/lossless-json";

export type { JsonValue };

/** What one input line produces: a result object, or the error envelope for a bad line. */
export type LineOutput = Record<string, unknown>;

export class LineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "LineError";
  }
}

export function errorLine(code: string, message: string, field?: string): LineOutput {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/**
 * A line's JSON object, read losslessly (integers above 2^53 stay exact). A number with a fraction or an
 * exponent is refused; when the line is otherwise valid JSON, the error names where that number is.
 */
export function parseLineObject(line: string): { [key: string]: JsonValue } {
  let value: JsonValue;
  try {
    value = parseJsonLossless(line);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new LineError("invalid_json", `the line is not valid JSON: ${error.message}`, fractionField(line));
    throw error;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LineError("invalid_line", "each line must be one JSON object");
  }
  return value;
}

/** The path (`a.b[0].c`) of the first number that is not an integer, when the line parses as plain JSON. */
function fractionField(line: string): string | undefined {
  let loose: unknown;
  try {
    loose = JSON.parse(line);
  } catch {
    return undefined;
  }
  const walk = (value: unknown, path: string): string | undefined => {
    if (typeof value === "number") return Number.isInteger(value) ? undefined : path;
    if (typeof value !== "object" || value === null) return undefined;
    for (const [key, child] of Object.entries(value)) {
      const found = walk(child, Array.isArray(value) ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const found = walk(loose, "");
  return found === undefined || found === "" ? undefined : found.slice(0, 120);
}

/** Refuses keys other than `allowed`, so a misspelt key is not silently ignored. */
export function onlyKeys(object: object, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new LineError("invalid_line", `unknown key "${key.slice(0, 40)}" (expected ${allowed.join(", ")})`, key.slice(0, 40));
  }
}

/** A small integer field of a line (Lighter's tx_type, chain_id); `fallback` when the key is absent (undefined = required). */
export function lineInteger(object: { [key: string]: JsonValue }, key: string, min: number, max: number, fallback?: number): number {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "number" || value < min || value > max) {
    throw new LineError("invalid_line", `${key} must be an integer between ${min} and ${max}`, key);
  }
  return value;
}

/**
 * Reads stdin line by line, writes one JSON line per non-blank input line, and goes on after a bad
 * line. Returns the number of lines answered with an error.
 */
export async function runLines(handle: (line: string) => LineOutput): Promise<number> {
  let errors = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    let output: LineOutput;
    try {
      output = handle(line);
    } catch (error) {
      output =
        error instanceof LineError
          ? errorLine(error.code, error.message, error.field)
          : errorLine("internal_error", error instanceof Error ? error.message : "unexpected failure");
    }
    if ("error" in output) errors++;
    if (!process.stdout.write(`${JSON.stringify(output)}\n`)) {
      await new Promise((resolve) => process.stdout.once("drain", resolve));
    }
  }
  return errors;
}
