import * as z from "zod";

/**
 * Everything the hub sends over a subscriber socket, and the little a subscriber may send back.
 * Event frames carry a numeric `seq`; control frames (`gap`, `status`, `error`) never do, so a client
 * tells them apart by the presence of `seq`.
 */

/** The subprotocol a browser offers (beside `bearer.<token>`) and the only one the gateway echoes. */
export const EVENT_STREAM_PROTOCOL = "gateway-events";

/**
 * Valid subscriber messages are a few dozen bytes; anything above this is refused by closing the socket
 * with 1009 (message too big), so a client cannot make the hub parse megabytes.
 */
export const MAX_SUBSCRIBER_MESSAGE_CHARS = 1024;

export interface LoggedEvent {
  seq: number;
  type: string;
  venue: string;
  /** As validated by the type's payload schema (src/events/event-types.ts), which fixes its keys. */
  payload: unknown;
  created_at: string;
}

/** The wire form of an event: `seq` first, then the original shape. Built once, sent to every socket. */
export function eventFrame(event: LoggedEvent): string {
  return JSON.stringify({ seq: event.seq, type: event.type, venue: event.venue, payload: event.payload, created_at: event.created_at });
}

/**
 * Sent first when a subscriber asks to resume after `since` but events `since+1 .. first_seq-1` have
 * already left the bounded log: the subscriber must know it missed `missed` events.
 */
export function gapFrame(since: number, firstSeq: number): string {
  return JSON.stringify({ type: "gap", since, first_seq: firstSeq, missed: firstSeq - since - 1 });
}

export function errorFrame(code: string, message: string): string {
  return JSON.stringify({ type: "error", code, message });
}

export function statusFrame(lastSeq: number, oldestSeq: number | null): string {
  return JSON.stringify({ type: "status", last_seq: lastSeq, oldest_seq: oldestSeq });
}

const subscriberMessageSchema = z.discriminatedUnion("type", [z.strictObject({ type: z.literal("status") })]);

export type SubscriberMessage = z.infer<typeof subscriberMessageSchema>;

/**
 * What a subscriber sent, or the error frame to answer it with. (The plain text `ping` never gets here:
 * the runtime answers it with `pong` without waking the hub.)
 */
export function parseSubscriberMessage(text: string): { ok: true; value: SubscriberMessage } | { ok: false; frame: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, frame: errorFrame("malformed_message", 'Messages must be JSON such as {"type":"status"}, or the text ping') };
  }
  const parsed = subscriberMessageSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, frame: errorFrame("unknown_message", 'The only message the stream understands is {"type":"status"} (and the text ping)') };
  }
  return { ok: true, value: parsed.data };
}
