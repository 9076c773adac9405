/**
 * How Hyperliquid fails (hyperliquid/SPEC.md §8): the shared venue error plus what is Hyperliquid's own.
 * A whole action refused comes back as HTTP 200 `{"status":"err","response":"<message>"}`; the message is
 * all there is, so its kind is read from its wording. `toHttpError` maps it to the gateway's answer.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { HttpError } from "../../http/errors";
import { VenueCallError, venueHttpError, type VenueErrorDetail, type VenueErrorKind } from "../venue-error";

export class HyperliquidError extends VenueCallError {
  constructor(kind: VenueErrorKind, message: string, detail: VenueErrorDetail) {
    super("hyperliquid", kind, message, detail);
    this.name = "HyperliquidError";
  }

  /** `Invalid nonce: duplicate nonce …` / `… nonce too low …`: the action was refused for its nonce. */
  get isInvalidNonce(): boolean {
    return this.kind === "rejected" && /invalid nonce/i.test(this.message);
  }
}

/**
 * The address-based limit (SPEC §9): "Too many cumulative requests sent … Place taker orders to free up
 * 1 request per USDC traded". A limited address gets one request per 10 seconds.
 */
const ADDRESS_RATE_LIMIT = /too many (cumulative )?requests/i;
const ADDRESS_LIMITED_RETRY_SECONDS = 10;
/** The IP limit is 1200 weight per minute; after a 429 the next minute's window is the safe wait. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * The message of Hyperliquid's refusal envelope `{"status":"err","response":…}` (HTTP 200 for /exchange,
 * sometimes a 4xx body), or undefined when the body is something else. A non-text response is shown as JSON.
 */
export function refusalMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body) || (body as { status?: unknown }).status !== "err") return undefined;
  const response = (body as { response?: unknown }).response;
  return typeof response === "string" ? response : JSON.stringify(response);
}

/** The error for a whole-action refusal, by its message. */
export function refusal(message: string, endpoint: string, httpStatus: number): HyperliquidError {
  if (ADDRESS_RATE_LIMIT.test(message)) {
    return new HyperliquidError("rate_limited", message, { endpoint, httpStatus, retryAfterSeconds: ADDRESS_LIMITED_RETRY_SECONDS });
  }
  return new HyperliquidError("rejected", message, { endpoint, httpStatus });
}

/**
 * A refusal's status: a nonce clash is a conflict (409); a signer Hyperliquid does not know, or one with
 * no funds, is the agent not being approved for the account (403); everything else is a business refusal
 * of a well-formed request (422).
 */
function statusForRejection(error: HyperliquidError): ContentfulStatusCode {
  if (error.isInvalidNonce) return 409;
  if (/does not exist|must deposit/i.test(error.message)) return 403;
  return 422;
}

export function toHttpError(error: HyperliquidError, extraDetails: Record<string, unknown> = {}): HttpError {
  return venueHttpError(error, statusForRejection(error), DEFAULT_RETRY_AFTER_SECONDS, extraDetails);
}
