/**
 * How Lighter fails: the shared venue error (`../venue-error.ts`) plus what is Lighter's own, its result
 * codes and which of them is a refusal of which kind. `toHttpError` maps them to the gateway's answer,
 * keeping Lighter's own message.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { HttpError } from "../../http/errors";
import { VenueCallError, venueHttpError, type VenueErrorDetail, type VenueErrorKind } from "../venue-error";

/** Lighter result codes the gateway treats specially (lighter/SPEC.md §2.10, §5). */
export const LIGHTER_CODE = {
  OK: 200,
  INVALID_PARAM: 20001,
  INVALID_NONCE: 21104,
  RATE_LIMITED: 23000,
} as const;

export class LighterError extends VenueCallError {
  constructor(kind: VenueErrorKind, message: string, detail: VenueErrorDetail) {
    super("lighter", kind, message, detail);
    this.name = "LighterError";
  }

  get isInvalidNonce(): boolean {
    return this.kind === "rejected" && this.detail.code === LIGHTER_CODE.INVALID_NONCE;
  }
}

/** Lighter's own retry horizon after a 429 (its firewall cooldown is a static 60 s). */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

function statusForRejection(code: number | undefined, httpStatus: number | undefined): ContentfulStatusCode {
  if (code === LIGHTER_CODE.INVALID_NONCE) return 409;
  if (code === LIGHTER_CODE.INVALID_PARAM || (code !== undefined && code >= 20000 && code < 21000)) return 400;
  if (code !== undefined && code >= 21000 && code < 22000) return 422;
  if (httpStatus === 404) return 404;
  return 422;
}

/** The HTTP answer for a Lighter failure. Lighter's code and message are kept in the details. */
export function toHttpError(error: LighterError, extraDetails: Record<string, unknown> = {}): HttpError {
  return venueHttpError(error, statusForRejection(error.detail.code, error.detail.httpStatus), DEFAULT_RETRY_AFTER_SECONDS, extraDetails);
}
