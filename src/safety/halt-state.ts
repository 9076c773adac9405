/**
 * The halt (kill switch): its state, the request that sets it, and the refusal an order gets while it is in
 * force. The state lives in the safety desk (one Durable Object for the gateway); every venue desk keeps a
 * copy in memory that the safety desk updates before a halt is answered (halt-gate.ts).
 */
import * as z from "zod";
import { HttpError } from "../http/errors";

/** Who set the current state: the POST /halt or /resume route, or (later) an automatic halt. */
export const HALT_SETTERS = ["route", "automatic"] as const;
export type HaltSetter = (typeof HALT_SETTERS)[number];

export interface HaltState {
  halted: boolean;
  /** Why trading is halted; null when it is not. */
  reason: string | null;
  /** Who made the last change (halt or resume); null before the first. */
  set_by: HaltSetter | null;
  /** When the last change was made (unix ms); null before the first. */
  at: number | null;
  /**
   * Counts the changes, so that a desk that hears of two (a reply to its own question and a halt pushed to
   * it) keeps the newer one whatever order they arrive in.
   */
  version: number;
}

/** What GET /halt and /health show (the version is the desks' business). */
export interface HaltView {
  halted: boolean;
  reason: string | null;
  set_by: HaltSetter | null;
  at: number | null;
}

export const NEVER_HALTED: HaltState = { halted: false, reason: null, set_by: null, at: null, version: 0 };

export function haltView(state: HaltState): HaltView {
  return { halted: state.halted, reason: state.reason, set_by: state.set_by, at: state.at };
}

export const HALT_REASON_MAX = 200;

/** POST /halt. The reason is shown on the dashboard and sent in alerts: one line of plain text. */
export const haltRequest = z.strictObject({
  reason: z
    .string({ error: "must be a string: why trading is halted" })
    .trim()
    .min(1, "must not be empty: say why trading is halted")
    .max(HALT_REASON_MAX, `must be at most ${HALT_REASON_MAX} characters`)
    .refine((reason) => !/[\u0000-\u001f\u007f]/.test(reason), "must be one line without control characters"),
});

export type HaltRequest = z.output<typeof haltRequest>;

/**
 * 423 `halted`: the order could open or grow a position and trading is halted. Nothing was signed.
 * `field` names the element of a batch that could open or grow one.
 */
export function haltedError(state: HaltState, field?: string): HttpError {
  const since = state.at === null ? "" : ` since ${new Date(state.at).toISOString()}`;
  const what = field === undefined ? "This order could open or grow a position" : `${field} could open or grow a position`;
  return new HttpError(
    423,
    "halted",
    `Trading is halted${since} (${state.reason ?? "no reason given"}). ${what}, so nothing was signed; cancels and reduce-only orders still go through, POST /resume lifts the halt`,
    { reason: state.reason, set_by: state.set_by, at: state.at, ...(field === undefined ? {} : { field }) },
  );
}
