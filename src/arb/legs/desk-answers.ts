/**
 * How a leg reads what a venue desk answered, the same for every venue: a 200 is the venue's part (read by
 * the leg), anything else is the desk's error envelope, which says whether the order may have reached the
 * venue (then the leg's outcome is unknown) or certainly did not (refused).
 */
import type * as z from "zod";
import type { DeskAnswer } from "../../trading/desk-core";
import { firstIssue } from "../../trading/requests";
import type { LegOutcome } from "../pair-venue";

/** The `httpStatus` of a refusal that never reached a desk or a venue (a bad leg order, dry-run, an order that can no longer land). */
export const NOT_SENT = 0;

export type Refused = Extract<LegOutcome, { status: "refused" }>;
export type Unknown = Extract<LegOutcome, { status: "unknown" }>;

export interface DeskError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** Conflicts over a client id whose first attempt may still have reached the venue. */
const UNSETTLED_CONFLICTS = new Set(["outcome_unknown", "order_in_progress"]);
/**
 * 5xx codes the desks raise before anything is signed (the market rules or decimals a check needs could
 * not be read): nothing was sent, so they are refusals like any 4xx.
 */
const UNSIGNED_FAILURES = new Set(["risk_check_unavailable", "market_rules_unavailable"]);

/** The error envelope of a non-200 answer (`{"error": {code, message, details?}}`). */
export function deskError(answer: DeskAnswer): DeskError {
  const error = (JSON.parse(answer.json) as { error?: Partial<DeskError> }).error;
  return { code: error?.code ?? "unknown_error", message: error?.message ?? `HTTP ${answer.status}`, details: error?.details ?? {} };
}

/**
 * A non-200 answer as an outcome. Unknown: a 5xx (a timeout, a venue that answered badly, a desk that
 * failed mid-way) or a 409 saying an earlier attempt with this id is unsettled. Refused: every other
 * status (validation 400, venue refusal 422, halt 423, rate limit 429, a client id used for another order
 * 409), since the desks send nothing, or nothing the venue accepted, before those.
 */
export function failedOutcome(answer: DeskAnswer, error: DeskError = deskError(answer)): Refused | Unknown {
  const reason = `${error.code}: ${error.message}`;
  const unsettled = (answer.status >= 500 && !UNSIGNED_FAILURES.has(error.code)) || (answer.status === 409 && UNSETTLED_CONFLICTS.has(error.code));
  return unsettled ? { status: "unknown", reason } : { status: "refused", reason, httpStatus: answer.status };
}

/** A leg order the desk's own request schema refuses: refused here, as the desk would, with nothing sent. */
export function invalidOrder(error: z.ZodError): Refused {
  const issue = firstIssue(error);
  return { status: "refused", reason: `invalid_request: ${issue.field} ${issue.message}`, httpStatus: NOT_SENT };
}

/** What a desk in dry-run answers: signed, never sent, so nothing can fill. */
export const DRY_RUN: Refused = { status: "refused", reason: "dry_run: TRADING_MODE is dry-run, so the order was signed and not sent", httpStatus: NOT_SENT };
