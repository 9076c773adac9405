import * as z from "zod";
import { ALERT_KINDS } from "../safety/alert";
import { arbPayload } from "../arb/pair";
import { feedPayload, fillPayload, fundingPayload, orderUpdatePayload, positionPayload } from "../accounts/model";

/**
 * The events the hub carries: `{type, venue, payload, created_at}` (the hub adds `seq`), one payload
 * schema per type. A new type (fill, order_update, position, funding, …) is one more entry in
 * `EVENT_PAYLOADS`: the hub's validation, the `?type=` filter, the types below and the OpenAPI list of
 * types all follow from it.
 */

/** Venue names are lowercase slugs ("lighter", "hyperliquid", ..., "gateway" for the gateway itself). */
export const VENUE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const present = (what: string) => z.unknown().refine((value) => value !== undefined, `${what} is required (use null for none)`);

/** An alert's subject and message are short texts the gateway writes (DESIGN: never copied from a request). */
export const MAX_ALERT_SUBJECT_CHARS = 128;
export const MAX_ALERT_MESSAGE_CHARS = 1_000;

export const EVENT_PAYLOADS = {
  /** An order request and the gateway's answer, as the desk saw them. */
  order: z.strictObject({ request: present("payload.request"), response: present("payload.response") }),
  /** A delivered alert (src/safety/alert-desk.ts); `suppressed`: how many like it were held back since the last one. */
  alert: z.strictObject({
    kind: z.enum(ALERT_KINDS),
    subject: z.string().min(1).max(MAX_ALERT_SUBJECT_CHARS),
    message: z.string().min(1).max(MAX_ALERT_MESSAGE_CHARS),
    details: z.record(z.string(), z.unknown()).optional(),
    suppressed: z.int().min(0),
  }),
  /** One fill of the account's, on either venue, published once (accounts/model.ts). */
  fill: fillPayload,
  /** An order of the account's changed state on the venue. */
  order_update: orderUpdatePayload,
  /** A position after it changed (size, entry, liquidation price or margin). */
  position: positionPayload,
  /** A funding payment paid or received. */
  funding: fundingPayload,
  /** A venue feed connected, lost, reconnected, reconciled or stopped: the gateway's view of its data's health. */
  feed: feedPayload,
  /** A pair's step: planned, an order sent or answered, a state change (arb/pair.ts). */
  arb: arbPayload,
};

export type EventType = keyof typeof EVENT_PAYLOADS;

/** Every event type, in the order of `EVENT_PAYLOADS`. */
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as [EventType, ...EventType[]];

/** What a publisher hands the hub for one event of type `T`. */
export interface EventInputOf<T extends EventType> {
  type: T;
  venue: string;
  payload: z.input<(typeof EVENT_PAYLOADS)[T]>;
  /** ISO 8601 UTC with milliseconds and Z, e.g. 2026-11-24T12:34:56.789Z. */
  created_at: string;
}

/** Any event a publisher may hand the hub. */
export type EventInput = { [T in EventType]: EventInputOf<T> }[EventType];

function eventSchema<T extends EventType>(type: T) {
  return z.strictObject({
    type: z.literal(type),
    venue: z.string().regex(VENUE_PATTERN, "venue must be a lowercase venue name such as lighter"),
    payload: EVENT_PAYLOADS[type],
    created_at: z.iso.datetime({ precision: 3, offset: false }),
  });
}

type AnyEventSchema = ReturnType<typeof eventSchema<EventType>>;

/** The hub's validation of one published event: the type picks the payload schema. */
export const eventInputSchema = z.discriminatedUnion("type", EVENT_TYPES.map((type) => eventSchema(type)) as [AnyEventSchema, ...AnyEventSchema[]]);
