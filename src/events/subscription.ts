import * as z from "zod";
import { firstIssueTarget } from "../zod-issue";
import { EVENT_TYPES, VENUE_PATTERN, type EventType } from "./event-types";

/**
 * What one subscriber asked for: where to resume (`since`) and which events it wants (`venue`, `type`).
 * The Worker route parses it from the client's query string (to answer 400 before the upgrade), then
 * hands the same query to the hub, which parses it again with this module: one definition for both.
 */

// The event types the hub carries (a filter naming any other would silently match nothing, so it is
// refused) and the venue names' pattern are defined with the events themselves.
export { EVENT_TYPES, VENUE_PATTERN, type EventType };

/** A filter lists at most this many values: keeps the socket attachment far below its 16 KiB limit. */
const MAX_FILTER_VALUES = 16;

export interface Subscription {
  /** Replay every logged event after this seq before the live ones; undefined = live only. */
  since: number | undefined;
  /** Only events of these venues; undefined = every venue. */
  venues: string[] | undefined;
  /** Only events of these types; undefined = every type. */
  types: EventType[] | undefined;
}

function commaList<T extends z.ZodType<string, string>>(item: T, what: string) {
  return z
    .string()
    .transform((raw) => raw.split(","))
    .pipe(
      z
        .array(item)
        .min(1)
        .max(MAX_FILTER_VALUES, `lists at most ${MAX_FILTER_VALUES} ${what}`)
        .transform((values) => [...new Set(values)]),
    );
}

const querySchema = z.strictObject(
  {
    since: z
      .string()
      .regex(/^\d{1,15}$/, "must be a whole number: the last seq you received (0 for the whole log)")
      .transform(Number)
      .optional(),
    venue: commaList(z.string().regex(VENUE_PATTERN, "must be lowercase venue names separated by commas"), "venues").optional(),
    type: commaList(z.enum(EVENT_TYPES, `must be event types separated by commas (${EVENT_TYPES.join(", ")})`), "types").optional(),
  },
  // Also refuses ?token= and friends: the gateway token must never travel in a URL.
  { error: (issue) => (issue.code === "unrecognized_keys" ? "is not a known parameter (use since, venue, type)" : undefined) },
);

export type ParsedSubscription = { ok: true; value: Subscription } | { ok: false; parameter: string; message: string };

/** Parses `?since=&venue=&type=`. A failure names the offending parameter. */
export function parseSubscription(params: URLSearchParams): ParsedSubscription {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in raw) return { ok: false, parameter: key, message: "is given more than once (use a comma-separated list)" };
    raw[key] = value;
  }
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const target = firstIssueTarget(parsed.error);
    return { ok: false, parameter: target.path[0] ?? "query", message: target.message };
  }
  return { ok: true, value: { since: parsed.data.since, venues: parsed.data.venue, types: parsed.data.type } };
}

/** The query string that `parseSubscription` reads back into the same subscription. */
export function subscriptionParams(subscription: Subscription): URLSearchParams {
  const params = new URLSearchParams();
  if (subscription.since !== undefined) params.set("since", String(subscription.since));
  if (subscription.venues !== undefined) params.set("venue", subscription.venues.join(","));
  if (subscription.types !== undefined) params.set("type", subscription.types.join(","));
  return params;
}

export function wants(subscription: Subscription, event: { type: string; venue: string }): boolean {
  return (
    (subscription.venues === undefined || subscription.venues.includes(event.venue)) &&
    (subscription.types === undefined || (subscription.types as readonly string[]).includes(event.type))
  );
}
