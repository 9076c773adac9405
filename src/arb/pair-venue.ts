/**
 * One leg's venue as the pair desk sees it (DESIGN: arb/): its market's rules and mark, an IOC order
 * sent through the venue's own desk (so idempotency, risk caps and the halt gate apply to legs as to any
 * order), and what became of it. One implementation per venue in `arb/legs/`; GRVT joins by adding one.
 */
import type { FeedVenue } from "../accounts/model";

/** One IOC order of a leg, in the venue's own units. */
export interface LegOrder {
  side: "buy" | "sell";
  /** Base size in the venue's units (kPEPE on Hyperliquid's kPEPE), as a decimal string. */
  size: string;
  /** The IOC limit price in the venue's price units, as a decimal string within the venue's tick rules. */
  limitPrice: string;
  reduceOnly: boolean;
  /**
   * The order's idempotency key, derived from the pair and the step: sending it again answers the
   * recorded outcome instead of a second order, and a restarted pair desk looks it up by it.
   */
  clientId: string;
}

/** What became of one leg order once its fill is known. */
export type LegOutcome =
  /** The venue took it: `filledSize` (venue units, "0" when nothing crossed) at `averagePrice`. */
  | { status: "done"; filledSize: string; averagePrice: string | null; orderId: string | null }
  /** The venue or the gateway refused it before anything could fill (margin, halt, caps): nothing filled. */
  | { status: "refused"; reason: string; httpStatus: number }
  /** Nobody knows yet (a timeout, a feed that has not said): it may have filled. Never resent blindly. */
  | { status: "unknown"; reason: string };

export interface PairVenue {
  readonly venue: FeedVenue;
  /** Sends the IOC through the venue's desk and waits (bounded) until its fill is known. */
  place(market: string, order: LegOrder): Promise<LegOutcome>;
  /** What became of an order sent earlier under `clientId` (after a restart or an unknown outcome). */
  lookup(market: string, clientId: string): Promise<LegOutcome>;
}
