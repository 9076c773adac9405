/**
 * A hedged pair as the pair desk stores, serves and publishes it: the plan it was opened with, every
 * order each leg sent (written before it is sent, its outcome after), and the state the reconciliation
 * rule leaves it in (DESIGN: arb/). Quantities are decimal strings; a leg's filled quantity is in asset
 * units so the two legs compare directly.
 */
import * as z from "zod";
import type { LegMarket, LegVenue } from "./leg-rules";
import type { LegOrder, LegOutcome } from "./pair-venue";
import type { PairEconomics } from "./economics";
import type { PairSizing } from "./sizing";

export const PAIR_STATES = ["opening", "open", "closing", "closed", "failed", "unbalanced"] as const;
export type PairState = (typeof PAIR_STATES)[number];

/** States from which the pair desk still has work to do (resumed after a restart). */
export const WORKING_STATES: readonly PairState[] = ["opening", "closing"];

export const EXECUTIONS = ["sequential", "parallel"] as const;
export type Execution = (typeof EXECUTIONS)[number];

export type LegName = "long" | "short";

/** Why an order was sent: the legs' entries, the one top-up, the one take-back, the exits. */
export type OrderPurpose = "entry" | "top_up" | "take_back" | "exit" | "exit_top_up";

export interface PairOrder {
  leg: LegName;
  venue: LegVenue;
  market: string;
  purpose: OrderPurpose;
  order: LegOrder;
  sent_at: number;
  /** null until the outcome is known: a restarted desk looks such an order up, never resends it. */
  outcome: LegOutcome | null;
  /** The filled quantity in asset units (the venue's filled size × multiplier), once known. */
  filled_asset_size: string | null;
}

export interface PairStep {
  at: number;
  state: PairState;
  message: string;
}

export interface PairRecord {
  pair_id: string;
  asset: string;
  execution: Execution;
  state: PairState;
  /** What was asked, as validated. */
  request: PairRequest;
  /** The legs exactly as planned at opening (sizes, limits, markets) and the economics then. */
  sizing: PairSizing;
  economics: PairEconomics;
  /** Each leg's market rules as planned (the venue's market, multiplier, steps). */
  markets: Record<LegName, LegMarket>;
  /** Each leg's IOC limits per side within the slippage bound, around the marks at opening. */
  limits: Record<LegName, Record<"buy" | "sell", string>>;
  /** The most orders this pair may send (entries, one top-up, one take-back; exits and one exit top-up). */
  max_orders: number;
  orders: PairOrder[];
  history: PairStep[];
  /** Why the pair needs attention, while `unbalanced`. */
  attention: string | null;
  created_at: number;
  /** When the last entry's outcome was known (unix ms): both legs answered, before the reconciliation's decision. */
  legs_answered_at: number | null;
  opened_at: number | null;
  closed_at: number | null;
}

const decimalText = z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, "must be a positive decimal string such as 5000 or 0.25");
export const LEG_VENUES = ["lighter", "hyperliquid"] as const;

const previewFields = {
  asset: z.string().regex(/^[A-Za-z0-9]{1,24}$/, "must be 1 to 24 letters or digits, e.g. BTC or PEPE").transform((asset) => asset.toUpperCase()),
  notional_usd: decimalText.optional(),
  size: decimalText.optional(),
  long_venue: z.enum(LEG_VENUES, { error: `must be one of ${LEG_VENUES.join(", ")}` }),
  short_venue: z.enum(LEG_VENUES, { error: `must be one of ${LEG_VENUES.join(", ")}` }),
  max_slippage_bps: z.number().min(0).max(1000, "must be at most 1000 (10 %)"),
  horizon_hours: z.number().positive().max(8760).optional(),
  min_net_apr: z.number().optional(),
};

function legsAndAmount(request: { notional_usd?: string | undefined; size?: string | undefined; long_venue: string; short_venue: string }, ctx: z.RefinementCtx): void {
  if ((request.notional_usd === undefined) === (request.size === undefined)) {
    ctx.addIssue({ code: "custom", path: [request.notional_usd === undefined ? "notional_usd" : "size"], message: "give either notional_usd or size (base units), not both" });
  }
  if (request.long_venue === request.short_venue) ctx.addIssue({ code: "custom", path: ["short_venue"], message: "must differ from long_venue: a pair spans two venues" });
}

/** POST /arb/preview (and the base of POST /arb/pairs). */
export const previewRequest = z.strictObject(previewFields).superRefine(legsAndAmount);
export type PreviewRequest = z.output<typeof previewRequest>;

/** POST /arb/pairs: the preview's body, the caller's idempotency key and how to execute. */
export const pairRequest = z
  .strictObject({
    ...previewFields,
    pair_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, - or _ (your idempotency key)"),
    execution: z.enum(EXECUTIONS, { error: `must be one of ${EXECUTIONS.join(", ")}` }).default("sequential"),
  })
  .superRefine(legsAndAmount);
export type PairRequest = z.output<typeof pairRequest>;

export const ARB_STEPS = ["planned", "order_sent", "order_outcome", "state"] as const;

/** One step of a pair on the event stream (`type:"arb"`): a state change, or an order sent or answered. */
export const arbPayload = z.strictObject({
  pair_id: z.string(),
  asset: z.string(),
  state: z.enum(PAIR_STATES),
  step: z.enum(ARB_STEPS),
  message: z.string(),
  /** The order this step is about (as sent, with its outcome once known); null for a state change. */
  order: z.unknown().nullable(),
  orders_sent: z.int().min(0),
  max_orders: z.int().min(0),
});
