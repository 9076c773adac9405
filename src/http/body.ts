import type { Context } from "hono";
import type * as z from "zod";
import { firstIssue } from "../trading/requests";
import { HttpError } from "./errors";

/** Order bodies are small; anything larger is a mistake or an attack. (A batch of 50 orders is ~15 KB.) */
const MAX_BODY_BYTES = 64 * 1024;

const utf8 = new TextEncoder();

/** Is the text over the limit in UTF-8? Encoded only when it could be: a UTF-16 unit is at most 3 bytes. */
function overLimit(text: string): boolean {
  return text.length * 3 > MAX_BODY_BYTES && utf8.encode(text).byteLength > MAX_BODY_BYTES;
}

/**
 * A JSON number written as anything but a plain integer (1.5, 1e3, -0.0). No order field takes one, and
 * JSON.parse would quietly turn 1e3 into the integer 1000; keeping the literal makes zod refuse it by name.
 */
class NonIntegerLiteral {
  constructor(readonly source: string) {}
}

function parseStrictJson(text: string): unknown {
  return JSON.parse(text, function revive(this: unknown, _key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === "number" && context?.source !== undefined && !/^-?(0|[1-9]\d*)$/.test(context.source)) {
      return new NonIntegerLiteral(context.source);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

/** Reads a JSON body and validates it; every refusal is a 4xx that names the offending field. */
export async function validatedBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const declaredLength = Number(c.req.header("Content-Length") ?? "0");
  const tooLarge = () => new HttpError(413, "body_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes`, { field: "(body)" });
  if (declaredLength > MAX_BODY_BYTES) throw tooLarge();
  const text = await c.req.text();
  if (overLimit(text)) throw tooLarge();
  let json: unknown;
  try {
    json = parseStrictJson(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The body must be a JSON object", { field: "(body)" });
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new HttpError(400, "invalid_json", "The body must be a JSON object", { field: "(body)" });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new HttpError(400, "invalid_request", `${field}: ${message}`, { field });
  }
  return parsed.data;
}
