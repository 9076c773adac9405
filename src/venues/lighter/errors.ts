/**
 * How Lighter fails, and what each failure means for the gateway's caller. Every upstream failure becomes a
 * `LighterError` with a kind; `toHttpError` maps the kind (and Lighter's result code) to a stable gateway
 * error code and HTTP status, keeping Lighter's own message.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HttpError } from "../../http/errors";

export type LighterErrorKind =
  /** Lighter answered with a result code other than 200: the request was refused. */
  | "rejected"
  /** HTTP 429 or Lighter's rate-limit codes. Nothing was accepted. */
  | "rate_limited"
  /** HTTP 5xx, an HTML error page, or no connection: the request may or may not have arrived. */
  | "unavailable"
  /** A body that is not the JSON Lighter documents. */
  | "malformed"
  /** No answer in time: the outcome is unknown. */
  | "timeout";

/** Lighter result codes the gateway treats specially (lighter/SPEC.md §2.10, §5). */
export const LIGHTER_CODE = {
  OK: 200,
  INVALID_PARAM: 20001,
  INVALID_NONCE: 21104,
  RATE_LIMITED: 23000,
} as const;

export class LighterError extends Error {
  constructor(
    readonly kind: LighterErrorKind,
    message: string,
    readonly detail: {
      httpStatus?: number;
      code?: number;
      endpoint: string;
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
    this.name = "LighterError";
  }

  get isInvalidNonce(): boolean {
    return this.kind === "rejected" && this.detail.code === LIGHTER_CODE.INVALID_NONCE;
  }

  /**
   * Whether Lighter may have accepted the transaction despite the error. Only a definite refusal (a
   * result code, a 429) proves it did not; after anything else the nonce state must be re-read.
   */
  get outcomeUnknown(): boolean {
    return this.kind === "unavailable" || this.kind === "malformed" || this.kind === "timeout";
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
  const details = {
    venue: "lighter",
    endpoint: error.detail.endpoint,
    ...(error.detail.httpStatus === undefined ? {} : { upstream_status: error.detail.httpStatus }),
    ...(error.detail.code === undefined ? {} : { upstream_code: error.detail.code }),
    upstream_message: error.message,
    ...extraDetails,
  };
  switch (error.kind) {
    case "rejected":
      return new HttpError(statusForRejection(error.detail.code, error.detail.httpStatus), "lighter_rejected", `Lighter refused the request: ${error.message}`, details);
    case "rate_limited": {
      const retryAfter = error.detail.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
      return new HttpError(429, "lighter_rate_limited", "Lighter is rate limiting this account or IP", { ...details, retry_after_seconds: retryAfter }, {
        "Retry-After": String(retryAfter),
      });
    }
    case "unavailable":
      return new HttpError(502, "lighter_unavailable", `Lighter did not answer properly: ${error.message}`, details);
    case "malformed":
      return new HttpError(502, "lighter_malformed_response", `Lighter's answer could not be read: ${error.message}`, details);
    case "timeout":
      return new HttpError(504, "lighter_timeout", `Lighter did not answer in time: ${error.message}`, details);
  }
}
