/**
 * How a trading venue fails, and what each failure means for the gateway's caller, written once for every
 * venue client. A client turns every failure into a `VenueCallError` with a kind; `venueHttpError` maps
 * the kind to a stable gateway error code (`<venue>_rejected`, `<venue>_timeout`, …) and HTTP status,
 * keeping the venue's own message. Only the status of a refusal is the venue's own business.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HttpError } from "../http/errors";
import { retryAfterSeconds } from "../retry-after";
import { fetchText, TimedFetchError, type FetchedText } from "../timed-fetch";

export type VenueErrorKind =
  /** The venue answered and refused the request. */
  | "rejected"
  /** HTTP 429 or the venue's rate-limit answer. Nothing was accepted. */
  | "rate_limited"
  /** HTTP 5xx, an HTML error page, or no connection: the request may or may not have arrived. */
  | "unavailable"
  /** A body that is not what the venue documents. */
  | "malformed"
  /** No complete answer in time: the outcome is unknown. */
  | "timeout";

export interface VenueErrorDetail {
  httpStatus?: number;
  /** The venue's own result code, where it has numeric ones (Lighter). */
  code?: number;
  endpoint: string;
  retryAfterSeconds?: number;
}

export type VenueId = "lighter" | "hyperliquid";

const VENUE_NAMES: Record<VenueId, string> = { lighter: "Lighter", hyperliquid: "Hyperliquid" };

export class VenueCallError extends Error {
  constructor(
    readonly venue: VenueId,
    readonly kind: VenueErrorKind,
    message: string,
    readonly detail: VenueErrorDetail,
  ) {
    super(message);
    this.name = "VenueCallError";
  }

  /**
   * Whether the venue may have accepted the request despite the error. Only a definite refusal (an
   * error answer, a 429) proves it did not.
   */
  get outcomeUnknown(): boolean {
    return this.kind === "unavailable" || this.kind === "malformed" || this.kind === "timeout";
  }
}

/**
 * Fetches one venue endpoint within `timeoutMs` (answer and whole body). Resolves with any answer but a
 * 429; a 429, a timeout, a dropped connection or a body that broke off becomes a `VenueCallError` made by
 * `fail`, so each venue raises its own subclass.
 */
export async function fetchFromVenue(
  venue: VenueId,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  endpoint: string,
  fail: (kind: VenueErrorKind, message: string, detail: VenueErrorDetail) => VenueCallError,
): Promise<FetchedText> {
  let fetched: FetchedText;
  try {
    fetched = await fetchText(url, init, timeoutMs);
  } catch (error) {
    if (!(error instanceof TimedFetchError)) throw error;
    const within = `within ${timeoutMs} ms`;
    if (error.stage === "body") {
      const message = error.timedOut ? `the answer from ${endpoint} did not complete ${within}` : `the answer from ${endpoint} broke off`;
      throw fail(error.timedOut ? "timeout" : "unavailable", message, { endpoint, httpStatus: error.httpStatus });
    }
    if (error.timedOut) throw fail("timeout", `no answer from ${endpoint} ${within}`, { endpoint });
    throw fail("unavailable", `could not reach ${VENUE_NAMES[venue]} (${error.message})`, { endpoint });
  }
  if (fetched.response.status === 429) {
    throw fail("rate_limited", "HTTP 429 Too Many Requests", { endpoint, httpStatus: 429, retryAfterSeconds: retryAfterSeconds(fetched.response) });
  }
  return fetched;
}

/** Parses a venue's JSON body; an unreadable one is `unavailable` (a 5xx or an HTML page) or `malformed`. */
export function parseVenueBody(
  text: string,
  httpStatus: number,
  endpoint: string,
  parse: (text: string) => unknown,
  fail: (kind: VenueErrorKind, message: string, detail: VenueErrorDetail) => VenueCallError,
): unknown {
  try {
    return parse(text);
  } catch {
    const looksLikeHtml = /^\s*</.test(text);
    if (httpStatus >= 500 || looksLikeHtml) {
      throw fail("unavailable", `HTTP ${httpStatus} with ${looksLikeHtml ? "an HTML page" : "a non-JSON body"}`, { endpoint, httpStatus });
    }
    throw fail("malformed", `HTTP ${httpStatus} with a body that is not JSON`, { endpoint, httpStatus });
  }
}

/** The HTTP answer for a venue failure; `rejectedStatus` is the venue's own judgement of a refusal. */
export function venueHttpError(error: VenueCallError, rejectedStatus: ContentfulStatusCode, defaultRetryAfterSeconds: number, extraDetails: Record<string, unknown> = {}): HttpError {
  const venue = error.venue;
  const name = VENUE_NAMES[venue];
  const details = {
    venue,
    endpoint: error.detail.endpoint,
    ...(error.detail.httpStatus === undefined ? {} : { upstream_status: error.detail.httpStatus }),
    ...(error.detail.code === undefined ? {} : { upstream_code: error.detail.code }),
    upstream_message: error.message,
    ...extraDetails,
  };
  switch (error.kind) {
    case "rejected":
      return new HttpError(rejectedStatus, `${venue}_rejected`, `${name} refused the request: ${error.message}`, details);
    case "rate_limited": {
      const retryAfter = error.detail.retryAfterSeconds ?? defaultRetryAfterSeconds;
      return new HttpError(429, `${venue}_rate_limited`, `${name} is rate limiting this account or IP`, { ...details, retry_after_seconds: retryAfter }, {
        "Retry-After": String(retryAfter),
      });
    }
    case "unavailable":
      return new HttpError(502, `${venue}_unavailable`, `${name} did not answer properly: ${error.message}`, details);
    case "malformed":
      return new HttpError(502, `${venue}_malformed_response`, `${name}'s answer could not be read: ${error.message}`, details);
    case "timeout":
      return new HttpError(504, `${venue}_timeout`, `${name} did not answer in time: ${error.message}`, details);
  }
}
