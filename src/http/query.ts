import type * as z from "zod";
import { firstIssueTarget } from "../zod-issue";
import { HttpError } from "./errors";

/** Query parameters (or path parameters) through a schema; the first issue is a 400 that names the parameter. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, fallbackName: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const target = firstIssueTarget(result.error);
  // Query parameters are flat: an issue inside one (an element of a comma list) names the parameter.
  const parameter = target.path[0] ?? fallbackName;
  const message = target.unknownKey ? `unknown query parameter ${parameter}` : target.message;
  throw new HttpError(400, "invalid_parameter", message, { parameter }, { "Cache-Control": "no-store" });
}
