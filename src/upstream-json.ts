/**
 * JSON.parse for upstream answers that keeps integers above 2^53 exact (floats stay floats). Lighter sends order indices (up to 2^60) and some
 * timestamps as JSON numbers; a plain JSON.parse would round them. Such numbers are kept as raw JSON
 * values (`JSON.rawJSON`), which JSON.stringify writes back digit for digit, so the gateway can pass
 * Lighter's answers on unchanged; the desks' order records store answers the same way. Uses the
 * reviver's source text (V8, workerd).
 */
interface ReviverContext {
  source?: string;
}

interface JsonWithRaw {
  rawJSON(text: string): unknown;
}

export function parseUpstreamJson(text: string): unknown {
  return JSON.parse(text, function revive(this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source)) {
      return (JSON as unknown as JsonWithRaw).rawJSON(context.source);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}
