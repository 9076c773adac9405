/**
 * What the alert desk does to an alert before anything else: checks what must be right (a known kind, a
 * subject, a message), fits what may be too long rather than losing the alert (a halt's alert must go out
 * even when its reason is long), and blanks every secret the gateway holds wherever it appears. Callers
 * write alerts themselves and never put a secret in one; this is the second line.
 */
import { MAX_ALERT_MESSAGE_CHARS, MAX_ALERT_SUBJECT_CHARS, VENUE_PATTERN } from "../events/event-types";
import { VENUES } from "../funding/types";
import { ALERT_KINDS, type AlertKind } from "./alert";

export interface NormalizedAlert {
  kind: AlertKind;
  subject: string;
  message: string;
  details?: Record<string, unknown>;
  venue: string;
}

/** Details above this many characters as JSON are replaced by a note (the event and the bodies stay small). */
export const MAX_ALERT_DETAILS_CHARS = 4_096;
export const REDACTED = "[redacted]";

/** Secrets shorter than this are not searched for (a 1-character "secret" would blank every text). */
const MIN_SECRET_CHARS = 8;

/** The text, or its first `max - 1` characters and an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replaces every occurrence of the secrets (case-insensitively: hex keys travel in either case) in a text. */
export class Redactor {
  private readonly pattern: RegExp | undefined;

  constructor(secrets: readonly (string | undefined)[]) {
    const usable = [...new Set(secrets.filter((s): s is string => s !== undefined && s.length >= MIN_SECRET_CHARS))].sort((a, b) => b.length - a.length);
    this.pattern = usable.length === 0 ? undefined : new RegExp(usable.map(escapeRegExp).join("|"), "gi");
  }

  text(value: string): string {
    return this.pattern === undefined ? value : value.replace(this.pattern, REDACTED);
  }

  /** A JSON value with every string (keys included) redacted. */
  json(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.text(key), this.json(item)]));
    }
    return value;
  }
}

/**
 * The secrets worth searching an alert for, from the parsed configuration: a URL's path and query on
 * their own too (a webhook's secret is its path), and a bot token's part after the bot id.
 */
export function secretVariants(secrets: readonly (string | undefined)[]): string[] {
  const variants: string[] = [];
  for (const secret of secrets) {
    if (secret === undefined) continue;
    variants.push(secret);
    if (/^https?:\/\//i.test(secret)) {
      try {
        const url = new URL(secret);
        variants.push(`${url.pathname}${url.search}`, `${url.host}${url.pathname}${url.search}`);
      } catch {
        // Not a URL after all: the whole value is searched for.
      }
    }
    const colon = secret.indexOf(":");
    if (/^\d+:/.test(secret)) variants.push(secret.slice(colon + 1));
    if (/^0x[0-9a-f]+$/i.test(secret)) variants.push(secret.slice(2));
    if (/^[0-9a-f]+$/i.test(secret)) variants.push(`0x${secret}`);
  }
  return variants;
}

function fail(field: string, message: string): never {
  throw new TypeError(`Invalid alert: ${field} ${message}`);
}

function venueOf(venue: unknown, subject: string): string {
  if (typeof venue === "string" && VENUE_PATTERN.test(venue)) return venue;
  return (VENUES as readonly string[]).includes(subject) ? subject : "gateway";
}

function detailsOf(details: unknown, redact: Redactor): Record<string, unknown> | undefined {
  if (details === undefined || details === null) return undefined;
  if (typeof details !== "object" || Array.isArray(details)) return { note: "details omitted: not an object" };
  let json: string;
  try {
    json = JSON.stringify(details);
  } catch {
    return { note: "details omitted: not JSON" };
  }
  if (json.length > MAX_ALERT_DETAILS_CHARS) return { note: `details omitted: ${json.length} characters as JSON, the limit is ${MAX_ALERT_DETAILS_CHARS}` };
  return redact.json(JSON.parse(json)) as Record<string, unknown>;
}

/** The alert as the desk keeps, publishes and sends it; throws a TypeError naming the field it cannot use. */
export function normalizeAlert(input: unknown, redact: Redactor): NormalizedAlert {
  if (input === null || typeof input !== "object") fail("alert", "must be an object");
  const alert = input as Record<string, unknown>;
  if (!(ALERT_KINDS as readonly unknown[]).includes(alert.kind)) fail("kind", `must be one of ${ALERT_KINDS.join(", ")}`);
  if (typeof alert.subject !== "string" || alert.subject.trim() === "") fail("subject", "must be a non-empty string");
  if (typeof alert.message !== "string" || alert.message.trim() === "") fail("message", "must be a non-empty string");
  const subject = clip(redact.text(alert.subject.trim()), MAX_ALERT_SUBJECT_CHARS);
  const details = detailsOf(alert.details, redact);
  return {
    kind: alert.kind as AlertKind,
    subject,
    message: clip(redact.text(alert.message.trim()), MAX_ALERT_MESSAGE_CHARS),
    ...(details === undefined ? {} : { details }),
    venue: venueOf(alert.venue, subject),
  };
}
