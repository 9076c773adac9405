/**
 * What the account-feed Durable Object (accounts/account-feed.ts) needs from a venue: how to open and
 * subscribe its account socket, how to read each frame into the normalized model, and how to catch up
 * over REST after a (re)connect. One implementation per venue, in `venues/<venue>/account-feed.ts`; the
 * socket, watchdog, backoff, dedupe, storage and publishing are the DO's and are written once.
 */
import type { FeedVenue, FundingPayment, Fill, Keyed, OrderUpdate, Position } from "./model";

/** Normalized items read from one frame or one REST answer. Fills and funding carry their dedupe key. */
export interface FeedBatch {
  fills: Keyed<Fill>[];
  orders: OrderUpdate[];
  positions: Position[];
  funding: Keyed<FundingPayment>[];
}

/** What one text frame from the venue means to the feed. */
export type FeedFrame =
  /** The venue's greeting (Lighter `connected`, Hyperliquid's text line): subscribe now, when `subscribeOn` is "ready". */
  | { kind: "ready" }
  /** One subscription confirmed (a Lighter `subscribed/*` frame is also `data`; see `acknowledges`). */
  | { kind: "ack"; subscription: string }
  /** The venue pinged: send `reply`. */
  | { kind: "ping"; reply: string }
  | { kind: "pong" }
  /**
   * Account data. `snapshot`: a state replay (Lighter `subscribed/*`, Hyperliquid `isSnapshot`) whose
   * fills may all be known already. `acknowledges`: the subscription this frame confirms, if it does.
   * `positionsComplete`: the batch's positions are every open position of the account (absent = flat).
   */
  | { kind: "data"; batch: FeedBatch; snapshot: boolean; acknowledges?: string; positionsComplete?: boolean }
  /** The venue refused something. `fatal`: the socket is useless as it is (e.g. auth refused): reconnect later. */
  | { kind: "error"; message: string; fatal: boolean }
  /** Understood and deliberately not used (e.g. an unsubscribe ack, a channel this gateway does not read). */
  | { kind: "ignored" };

/** A frame that cannot be read (not JSON, or a known channel with a broken shape). The feed logs it and goes on. */
export class MalformedFrame extends Error {
  override readonly name = "MalformedFrame";
}

/** Where the stored history ends, so a reconciliation asks only for what may be missing. */
export interface FeedCursors {
  /** Time of the newest stored fill (unix ms), or null when none is stored yet. */
  lastFillTime: number | null;
  /** Time of the newest stored funding payment (unix ms), or null. */
  lastFundingTime: number | null;
  /** Trade id of the newest stored fill, when the venue pages by it (Lighter). */
  lastTradeId: string | null;
}

/** The account as REST sees it after a (re)connect. */
export interface Reconciliation {
  /** Fills since the cursor (may overlap what is stored: the feed dedupes). */
  fills: Keyed<Fill>[];
  funding: Keyed<FundingPayment>[];
  /** Every open position (a market absent here is flat). */
  positions: Position[];
  /** Every open order. */
  openOrders: OrderUpdate[];
}

export interface AccountFeedAdapter {
  readonly venue: FeedVenue;
  /** The account watched, as text (Lighter index, Hyperliquid address): names the feed and its events. */
  readonly account: string;
  /** The socket's URL, ws:// or wss://. */
  readonly url: string;
  /** "open": subscribe as soon as the socket is open; "ready": after the venue's greeting frame. */
  readonly subscribeOn: "open" | "ready";
  /** The application-level ping this venue expects. */
  readonly pingFrame: string;
  /** Whether the socket itself carries positions; when not, the feed reads them over REST after fills. */
  readonly socketCarriesPositions: boolean;
  /** Loads what parsing needs (Lighter's market table); cheap once done. Called before every connect. */
  prepare(): Promise<void>;
  /**
   * The subscribe frames, and the subscriptions whose acknowledgement makes the feed live. `renewAt`:
   * when these subscriptions must be sent again (Lighter's auth token expires), or null.
   */
  subscribe(now: number): Promise<{ frames: string[]; expect: string[]; renewAt: number | null }>;
  /** Reads one text frame; throws MalformedFrame for what cannot be read. Never throws anything else. */
  parse(text: string): FeedFrame;
  /** Catches up over REST; throws the venue's error when REST fails (the feed retries later). */
  reconcile(cursors: FeedCursors): Promise<Reconciliation>;
  /** Every open position over REST (for venues whose socket carries none). */
  positions(): Promise<Position[]>;
  /**
   * The final word on orders that were open and are no longer (they ended while the socket was away):
   * one update each, or none for an order the venue no longer knows.
   */
  orderOutcomes(orders: OrderUpdate[]): Promise<OrderUpdate[]>;
}
