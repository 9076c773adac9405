/**
 * zod descriptions of what the routes answer, for the OpenAPI document only (the routes build their
 * answers from TypeScript interfaces, not from these). Two checks keep them true: the type assertions
 * at the bottom fail `tsc` when an interface in funding/types.ts or funding/history.ts changes without
 * its schema, and test/openapi parses real answers of the running app with them.
 */
import * as z from "zod";
import type { AssetHistoryView } from "../funding/history";
import { VENUES, type AssetView, type BoardView, type Opportunity, type VenueHealth } from "../funding/types";
import { EVENT_PAYLOADS } from "../events/event-types";
import { FEED_VENUES, reconcileFindings } from "../accounts/model";
import { HALT_SETTERS, type HaltView } from "../safety/halt-state";
import type { DeadmanRecord, HaltAnswer, ResumeAnswer } from "../safety/safety-desk";
import type { AlertDeskState } from "../safety/alert-desk";
import type { HyperliquidHealth } from "../trading/hyperliquid-desk";
import type { CancelResult, OrderResult } from "../venues/hyperliquid/results";

// ----- the error envelope ---------------------------------------------------------------------------

export const errorEnvelope = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ description: "Stable snake_case identifier to branch on, e.g. invalid_request, unauthorized" }),
      message: z.string().meta({ description: "For people; never carries a secret" }),
      details: z.unknown().optional().meta({ description: "Structured context, e.g. {field} or {parameter} naming the bad input" }),
    }),
  })
  .meta({ id: "Error" });

// ----- funding board --------------------------------------------------------------------------------

const venue = z.enum(VENUES);
const unixMs = z.number().int();

const venueFailure = z.strictObject({
  kind: z.enum(["http_status", "venue_error", "parse_error", "timeout", "network", "budget", "config", "internal"]),
  message: z.string(),
  status: z.number().int().optional(),
  code: z.string().optional(),
  path: z.string().optional(),
  retry_after_seconds: z.number().optional(),
});

export const fundingRow = z
  .strictObject({
    venue,
    symbol: z.string().meta({ description: "The venue's own market name (kPEPE, 1000PEPE, KPEPE_USDT_Perp)" }),
    asset: z.string().meta({ description: "Canonical asset key shared across venues" }),
    multiplier: z.number().meta({ description: "Units of the asset in one contract unit (kPEPE: 1000)" }),
    interval_hours: z.number().meta({ description: "How often funding settles on this market" }),
    raw_rate: z.string().meta({ description: "The rate exactly as the venue reported it" }),
    raw_unit: z.string().meta({ description: "Its unit, e.g. fraction_per_1h, percent_per_8h" }),
    hourly_rate: z.number().meta({ description: "Signed fraction per hour; positive: longs pay shorts" }),
    rate_8h: z.number(),
    apr: z.number().meta({ description: "hourly_rate × 8760, as a fraction (0.1 = 10 % a year)" }),
    mark_price: z.number().nullable(),
    index_price: z.number().nullable(),
    unit_price: z.number().nullable(),
    open_interest_usd: z.number().nullable(),
    volume_24h_usd: z.number().nullable(),
    next_funding_time: unixMs.nullable(),
    updated_at: unixMs,
    stale: z.boolean(),
    market_id: z.number().int().optional(),
  })
  .meta({ id: "FundingRow" });

export const venueHealth = z
  .strictObject({
    venue,
    status: z.enum(["ok", "stale", "never_refreshed"]),
    last_success_at: unixMs.nullable(),
    last_attempt_at: unixMs.nullable(),
    last_error_at: unixMs.nullable(),
    last_error: venueFailure.nullable(),
    age_seconds: z.number().nullable().meta({ description: "Seconds since the last success" }),
    stale_reason: z.string().nullable(),
    markets: z.number().int(),
    last_refresh_subrequests: z.number().int(),
    paused_until: unixMs.nullable(),
  })
  .meta({ id: "VenueHealth" });

const bestPairShape = {
  long_venue: venue,
  long_symbol: z.string(),
  short_venue: venue,
  short_symbol: z.string(),
  spread_apr: z.number().meta({ description: "(short hourly − long hourly) × 8760, as a fraction" }),
  spread_hourly: z.number(),
  long_apr: z.number(),
  short_apr: z.number(),
  price_gap: z.number(),
  min_open_interest_usd: z.number().nullable(),
};

export const bestPair = z.strictObject(bestPairShape).meta({ id: "BestPair" });

export const assetView = z.strictObject({ asset: z.string(), venues: z.array(fundingRow), best_pair: bestPair.nullable() }).meta({ id: "AssetView" });

export const boardView = z
  .strictObject({
    generated_at: unixMs,
    refresh: z.strictObject({
      step_interval_ms: z.number(),
      stale_after_ms: z.number(),
      last_step: z
        .strictObject({
          venue,
          at: unixMs,
          subrequests: z.number().int(),
          duration_ms: z.number(),
          markets: z.number().int(),
          failures: z.number().int(),
          skipped: z.string().optional(),
        })
        .nullable(),
      max_subrequests_per_step: z.number().int(),
    }),
    venues: z.array(venueHealth),
    assets: z.array(assetView),
  })
  .meta({ id: "FundingBoard" });

export const assetWithHealth = z.strictObject({ ...assetView.shape, venue_health: z.array(venueHealth) });

export const opportunity = z.strictObject({ asset: z.string(), ...bestPairShape }).meta({ id: "Opportunity" });

export const opportunitiesView = z.strictObject({ generated_at: unixMs, venues: z.array(venueHealth), opportunities: z.array(opportunity) });

export const historyView = z.strictObject({
  asset: z.string(),
  hours: z.number().int(),
  from: unixMs,
  to: unixMs,
  venues: z.array(
    z.strictObject({
      venue,
      symbol: z.string(),
      interval_hours: z.number(),
      points: z.array(z.strictObject({ time: unixMs, raw_rate: z.string(), raw_unit: z.string(), hourly_rate: z.number(), apr: z.number() })),
      average_hourly_rate: z.number().nullable(),
      average_apr: z.number().nullable(),
      fetched_at: unixMs.nullable(),
      error: venueFailure.nullable(),
    }),
  ),
});

// ----- trading --------------------------------------------------------------------------------------

/** Lighter's answer to sendTx (or the dry-run stand-in for it), plus what the gateway decided. */
export const orderAccepted = z
  .looseObject({
    code: z.number().int(),
    message: z.string().optional(),
    tx_hash: z.union([z.string(), z.array(z.string())]).meta({ description: "One hash, or one per transaction of a batch" }),
    gateway: z.looseObject({
      mode: z.enum(["dry-run", "live"]),
      api_key_index: z.number().int(),
      tx_type: z.number().int().optional(),
      nonce: z.number().int().optional(),
      client_order_index: z.number().int().optional(),
      transactions: z.array(z.strictObject({ tx_type: z.number().int(), tx_hash: z.string(), nonce: z.number().int() })).optional(),
      tx_info: z.unknown().optional().meta({ description: "dry-run only: the signed tx_info that would have been sent" }),
      idempotent_replay: z.boolean().optional().meta({ description: "true when a repeated client_order_index got the recorded answer" }),
    }),
  })
  .meta({ id: "OrderAccepted" });

export const accountView = z.strictObject({
  account_index: z.number().int(),
  account: z.looseObject({}).nullable().meta({ description: "Lighter's account record (balances, positions), passed through" }),
  open_orders: z.array(z.looseObject({})).meta({ description: "Lighter's active orders, passed through" }),
});

// ----- Hyperliquid -------------------------------------------------------------------------------------

const hyperliquidOrderResult = z
  .strictObject({
    status: z.enum(["resting", "filled", "partially_filled", "canceled", "rejected"]).meta({ description: "canceled only when a lost answer was looked up: accepted, then taken off the book unfilled" }),
    order_id: z.number().int().nullable().meta({ description: "Hyperliquid's oid" }),
    client_id: z.string().nullable().meta({ description: "The order's cloid" }),
    filled_size: z.string().meta({ description: "Base units filled by this answer, decimal string" }),
    avg_price: z.string().nullable(),
    message: z.string().optional().meta({ description: "Hyperliquid's message for a refused order, or its status word (waitingForTrigger)" }),
  })
  .meta({ id: "HyperliquidOrderResult" });

const hyperliquidCancelResult = z
  .strictObject({
    status: z.enum(["canceled", "rejected"]),
    order_id: z.number().int().nullable(),
    client_id: z.string().nullable(),
    message: z.string().optional(),
  })
  .meta({ id: "HyperliquidCancelResult" });

/** Any Hyperliquid action's answer: Hyperliquid's own answer, the normalized result(s), and the gateway's part. */
export const hyperliquidAnswer = z
  .looseObject({
    status: z.literal("ok").optional().meta({ description: "Hyperliquid's status (absent in dry-run)" }),
    response: z.unknown().optional().meta({ description: "Hyperliquid's response object, passed through" }),
    message: z.string().optional().meta({ description: "dry-run: signed, not sent" }),
    result: z
      .union([hyperliquidOrderResult, hyperliquidCancelResult, z.looseObject({})])
      .optional()
      .meta({ description: "One order's or cancel's result; for schedule-cancel and leverage, what was set" }),
    results: z.array(z.union([hyperliquidOrderResult, hyperliquidCancelResult])).optional().meta({ description: "A batch: one result per order or cancel, in order" }),
    gateway: z.looseObject({
      mode: z.enum(["dry-run", "live"]),
      nonce: z.number().int().optional(),
      signer: z.string().meta({ description: "The agent's address" }),
      action_hash: z.string().optional(),
      expires_after: z.number().int().optional().meta({ description: "Orders: unix ms after which Hyperliquid refuses the action" }),
      vault_address: z.string().optional(),
      request_body: z.unknown().optional().meta({ description: "dry-run only: the signed /exchange body that would have been sent" }),
      idempotent_replay: z.boolean().optional().meta({ description: "true when a repeated cloid got the recorded answer" }),
      resolved_by_lookup: z.boolean().optional().meta({ description: "true when an earlier unknown outcome was looked up by cloid" }),
    }),
  })
  .meta({ id: "HyperliquidAnswer" });

export const hyperliquidAccountView = z.strictObject({
  account: z.string().meta({ description: "The account queried: the vault when HYPERLIQUID_VAULT_ADDRESS is set" }),
  positions: z.array(z.unknown()).meta({ description: "clearinghouseState.assetPositions, passed through" }),
  margin_summary: z.unknown(),
  cross_margin_summary: z.unknown(),
  withdrawable: z.unknown(),
  open_orders: z.array(z.unknown()).meta({ description: "frontendOpenOrders, passed through" }),
});

const upstreamError = z.strictObject({ at: z.string(), message: z.string() }).nullable();

const rateBudgetState = z
  .strictObject({
    limit_per_minute: z.number().int(),
    cancel_reserve: z.number().int(),
    remaining: z.number().int().meta({ description: "What orders may still spend this minute (cancels may also use the reserve)" }),
    remaining_for_cancels: z.number().int(),
    venue_limited_until: z.number().int().nullable().meta({ description: "While the venue's own 429 holds: only cancels go until then" }),
  })
  .nullable()
  .meta({ description: "The outbound rate budget (LIGHTER_/HYPERLIQUID_RATE_LIMIT_PER_MINUTE); null when none is configured" });

const hyperliquidDeskHealth = z.strictObject({
  signer: z.string(),
  account: z.string(),
  vault_address: z.string().nullable(),
  network: z.string(),
  agent_approved: z.boolean().nullable().meta({ description: "Hyperliquid knows the signer as an agent of the account (userRole); null when it could not be asked" }),
  reason: z.string().nullable(),
  agent_valid_until: z.number().int().nullable(),
  nonce: z.strictObject({ last: z.number().int().nullable() }),
  ready_signing_commitments: z.number().int(),
  last_upstream_error: upstreamError,
});


const hyperliquidHealth = z.union([
  hyperliquidDeskHealth.safeExtend({ configured: z.literal(true), mode: z.enum(["dry-run", "live"]) }),
  z.strictObject({ configured: z.literal(false), mode: z.null(), reason: z.string(), configuration_errors: z.unknown() }),
]);

const laneState = z.strictObject({
  api_key_index: z.number().int(),
  next_nonce: z.string().nullable(),
  queued: z.number().int(),
  last_error: z.string().nullable(),
  registered: z.boolean().nullable(),
});

// ----- safety: the halt and the dead-man's switches ----------------------------------------------------

export const haltView = z
  .strictObject({
    halted: z.boolean(),
    reason: z.string().nullable().meta({ description: "Why trading is halted; null when it is not" }),
    set_by: z.enum(HALT_SETTERS).nullable().meta({ description: "Who made the last change: the route (POST /halt, /resume) or an automatic halt; null before the first" }),
    at: unixMs.nullable().meta({ description: "When the last change was made (unix ms)" }),
  })
  .meta({ id: "HaltState" });

const deskAcknowledgement = z.strictObject({
  venue: z.enum(["lighter", "hyperliquid"]),
  desk: z.string().meta({ description: "The desk's name: lighter-account:<index> or hyperliquid-signer:<agent address>" }),
  acknowledged: z.boolean().meta({ description: "false: the desk could not be told and may sign opening orders until it restarts" }),
  waited_for: z.number().int().optional().meta({ description: "Opening orders already signed that the desk let finish before acknowledging" }),
  error: z.string().optional(),
});

const venueCancelResult = z.union([
  z.strictObject({
    status: z.literal("ok"),
    message: z.string(),
    tx_hash: z.union([z.string(), z.array(z.string())]).optional().meta({ description: "Lighter: the cancel-all transaction" }),
    open_orders: z.number().int().optional().meta({ description: "Hyperliquid: open orders found" }),
    canceled: z.number().int().optional(),
    already_closed: z.number().int().optional().meta({ description: "Hyperliquid: filled or cancelled between the read and the cancel" }),
  }),
  z.strictObject({
    status: z.literal("error"),
    message: z.string(),
    code: z.string().optional(),
    http_status: z.number().int().optional(),
    open_orders: z.number().int().optional(),
    canceled: z.number().int().optional(),
    failures: z.array(z.strictObject({ coin: z.string(), order_id: z.number().int(), message: z.string() })).optional(),
  }),
  z.strictObject({ status: z.enum(["not_configured", "dry_run"]), message: z.string() }),
]);

export const haltAnswer = z
  .strictObject({
    halt: haltView,
    desks: z.array(deskAcknowledgement).meta({ description: "Every venue desk told of the halt, each after its in-flight opening orders finished" }),
    cancels: z.strictObject({ lighter: venueCancelResult, hyperliquid: venueCancelResult }).meta({ description: "What became of each venue's resting orders" }),
    complete: z.boolean().meta({ description: "Every desk acknowledged and no venue's cancel failed" }),
  })
  .meta({ id: "HaltAnswer" });

export const resumeAnswer = z.strictObject({
  halt: haltView,
  was_halted: z.boolean(),
  desks: z.array(deskAcknowledgement),
  complete: z.boolean(),
});

const deadmanRecord = z.strictObject({
  next_cancel_at: unixMs.nullable().meta({ description: "When the venue cancels the gateway's resting orders unless the switch is pushed forward again" }),
  last_refresh_at: unixMs.nullable(),
  last_error: z.strictObject({ at: unixMs, message: z.string() }).nullable().meta({ description: "The last refresh that failed (kept after later successes: compare at with last_refresh_at)" }),
});

const deadmanVenue = deadmanRecord.safeExtend({ active: z.boolean().meta({ description: "The switch is kept on this venue: DEADMAN_SECONDS is set and the venue trades live" }) });

const deadmanHealth = z.strictObject({
  enabled: z.boolean(),
  seconds: z.number().int().nullable().meta({ description: "DEADMAN_SECONDS: how far ahead the scheduled cancels are kept" }),
  refresh_every_ms: z.number().int().nullable(),
  lighter: deadmanVenue,
  hyperliquid: deadmanVenue,
});

const alertsHealth = z.strictObject({
  destinations: z.strictObject({ webhook: z.boolean(), telegram: z.boolean() }),
  min_interval_seconds: z.number().meta({ description: "ALERT_MIN_INTERVAL_SECONDS: one alert per kind and subject per this long" }),
  last_delivery: z
    .strictObject({ at: unixMs, kind: z.string(), subject: z.string(), ok: z.boolean(), error: z.string().optional() })
    .nullable()
    .meta({ description: "The newest delivery to the destinations; null before the first, and always without destinations" }),
  suppressed_total: z.number().int().meta({ description: "Alerts held back by the interval since the alert desk started" }),
  configuration_errors: z.array(z.string()).optional(),
});

// ----- account state (GET /positions, /fills, /funding-payments, /orders/open) -------------------------

const feedStatus = z.strictObject({
  venue: z.string(),
  account: z.string(),
  state: z.enum(["stopped", "down", "connecting", "subscribing", "reconciling", "live"]),
  connected: z.boolean(),
  last_message_age_ms: z.number().int().nullable(),
  connects: z.number().int(),
  reconnects: z.number().int(),
  last_reconcile: z.strictObject({ at: z.string(), found: reconcileFindings }).nullable(),
  last_lost: z.strictObject({ at: z.string(), reason: z.string() }).nullable(),
  last_error: z.strictObject({ at: z.string(), message: z.string() }).nullable(),
});

const feedSource = z
  .union([z.strictObject({ feed: z.literal("on"), status: feedStatus }), z.strictObject({ feed: z.literal("off"), reason: z.string() })])
  .meta({ id: "FeedSource", description: "The venue's account feed: its state, or why there is none (dry-run, ACCOUNT_FEEDS off, not configured)" });

/** Each selected venue's feed: an answer is only as fresh as its source. */
export const feedSources = z.strictObject({ lighter: feedSource.optional(), hyperliquid: feedSource.optional() });

const assetExposure = z.strictObject({
  asset: z.string(),
  net_size: z.string().meta({ description: "Signed sum of the venues' sizes in the asset's units: 0 when the legs hedge exactly" }),
  gross_notional: z.string().nullable(),
  net_notional: z.string().nullable(),
  unrealized_pnl: z.string().nullable(),
  margin: z.string().nullable(),
  venues: z.array(z.string()),
});

export const positionsView = z.strictObject({ positions: z.array(EVENT_PAYLOADS.position), assets: z.array(assetExposure), sources: feedSources });
const nextCursor = z.string().nullable().meta({ description: "Pass as cursor for the next page; null on the last page" });
export const fillsView = z.strictObject({ fills: z.array(EVENT_PAYLOADS.fill), next_cursor: nextCursor, sources: feedSources });
export const fundingPaymentsView = z.strictObject({
  payments: z.array(EVENT_PAYLOADS.funding),
  totals: z.array(z.strictObject({ venue: z.string(), asset: z.string(), received: z.string(), paid: z.string(), net: z.string() })).meta({ description: "Per venue and asset, over every payment the filters select (not only this page)" }),
  next_cursor: nextCursor,
  sources: feedSources,
});
export const openOrdersView = z.strictObject({ orders: z.array(EVENT_PAYLOADS.order_update), sources: feedSources });

// ----- arbitrage pairs ---------------------------------------------------------------------------------

const sizedLeg = z.strictObject({
  venue: z.enum(FEED_VENUES),
  market: z.string().meta({ description: "Lighter market index as text, or Hyperliquid coin" }),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  size: z.string().meta({ description: "In the venue's units (kPEPE, 1000PEPE)" }),
  asset_size: z.string().meta({ description: "The same quantity in asset units: equal on both legs" }),
  mark: z.string(),
  limit_price: z.string().meta({ description: "The IOC limit: the mark moved by max_slippage_bps against the order, rounded to the venue's price rule toward the mark" }),
  notional: z.string(),
  integer_units: z.strictObject({ base_amount: z.string(), price: z.string() }).nullable().meta({ description: "Lighter's integer base_amount and price; null on Hyperliquid" }),
});
const legEconomics = z.strictObject({ venue: z.string(), hourly_rate: z.number(), apr: z.number(), interval_hours: z.number(), next_funding_time: z.number().int().nullable(), taker_fee_bps: z.number() });
const pairEconomicsView = z.strictObject({
  long: legEconomics,
  short: legEconomics,
  spread_hourly: z.number(),
  spread_apr: z.number(),
  entry_fee_bps: z.number(),
  exit_fee_bps: z.number(),
  round_trip_fee_bps: z.number(),
  notional_usd: z.string(),
  fees_usd: z.string(),
  horizon_hours: z.number(),
  expected_funding_usd: z.string(),
  expected_net_usd: z.string(),
  expected_net_apr: z.number(),
  break_even_hours: z.number().nullable(),
});
const verdict = z.strictObject({ ok: z.boolean(), detail: z.string() });

export const arbPreviewView = z
  .strictObject({
    asset: z.string(),
    legs: z.strictObject({ long: sizedLeg, short: sizedLeg }),
    asset_size: z.string(),
    lot: z.string().meta({ description: "The common lot in asset units: the coarser of the two venues' lots after multipliers" }),
    funding: pairEconomicsView,
    verdicts: z.record(z.string(), verdict).meta({ description: "halt, pair_cap, total_cap, {long,short}_order_cap, {long,short}_live, {long,short}_feed, {long,short}_board, asset_balanced, min_net_apr" }),
    allowed: z.boolean().meta({ description: "Every verdict is ok: POST /arb/pairs with this body would open it" }),
  })
  .meta({ id: "ArbPreview" });

const legView = z.strictObject({
  venue: z.string(),
  market: z.string(),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  asset_size: z.string(),
  entry_price: z.string().nullable(),
  exit_price: z.string().nullable(),
  mark_price: z.string().nullable(),
  fees: z.string(),
  funding: z.string().meta({ description: "This leg's share of the venue's funding payments on the asset since opening (by size among the asset's pairs)" }),
  fills: z.array(EVENT_PAYLOADS.fill),
});

export const pairView = z
  .looseObject({
    pair_id: z.string(),
    asset: z.string(),
    state: z.enum(["opening", "open", "closing", "closed", "failed", "unbalanced"]),
    execution: z.enum(["sequential", "parallel"]),
    attention: z.string().nullable().meta({ description: "Why the pair needs attention, while unbalanced" }),
    orders_sent: z.number().int(),
    max_orders: z.number().int().meta({ description: "The most orders this pair may send: 4 to open, 3 more per close" }),
    orders: z.array(z.unknown()),
    legs: z.strictObject({ long: legView, short: legView }),
    spread_apr: z.strictObject({ entry: z.number(), now: z.number().nullable() }),
    pnl: z.strictObject({ price: z.string().nullable(), funding: z.string(), fees: z.string(), total: z.string().nullable() }),
  })
  .meta({ id: "Pair" });

const safetyHealth = {
  halt: haltView,
  deadman: deadmanHealth,
  alerts: alertsHealth,
  feeds: feedSources,
  rate_budget: z.strictObject({ lighter: rateBudgetState, hyperliquid: rateBudgetState }),
};

export const healthView = z.union([
  z.strictObject({
    status: z.literal("ok"),
    mode: z.enum(["dry-run", "live"]),
    trading_configured: z.literal(true),
    lighter_connected: z.boolean(),
    reason: z.string().nullable(),
    account_index: z.number().int(),
    nonce_manager: z.enum(["optimistic", "api"]),
    public_key: z.string(),
    api_keys: z.array(laneState),
    last_upstream_error: upstreamError,
    hyperliquid: hyperliquidHealth,
    ...safetyHealth,
  }),
  z.strictObject({
    status: z.literal("ok"),
    mode: z.null(),
    trading_configured: z.literal(false),
    lighter_connected: z.literal(false),
    reason: z.string(),
    configuration_errors: z.unknown(),
    hyperliquid: hyperliquidHealth,
    ...safetyHealth,
  }),
]);

const eventSeq = z.number().int().meta({ description: "Rises by one per event, across restarts; control frames have none" });
const eventCreatedAt = z.string().meta({ description: "ISO 8601 UTC" });

const orderEvent = z
  .strictObject({
    seq: eventSeq,
    type: z.literal("order"),
    venue: z.string(),
    payload: z.strictObject({
      request: z.unknown().meta({ description: "The order request as the route validated it, with action: create | cancel | modify | cancel_all | batch" }),
      response: z.strictObject({ status: z.number().int(), body: z.unknown() }),
    }),
    created_at: eventCreatedAt,
  })
  .meta({ id: "OrderEvent" });

const alertEvent = z
  .strictObject({
    seq: eventSeq,
    type: z.literal("alert"),
    venue: z.string().meta({ description: "The venue the alert concerns, or gateway" }),
    // The hub's own payload schema, so the document cannot drift from what is published.
    payload: EVENT_PAYLOADS.alert.meta({
      description:
        "kind: what happened; subject: what it is about (one alert per kind and subject per ALERT_MIN_INTERVAL_SECONDS); " +
        "message: one line for people; details: structured context; suppressed: how many alerts like it were held back since the last one",
    }),
    created_at: eventCreatedAt,
  })
  .meta({ id: "AlertEvent" });

/** An account-feed event: the hub's own payload schema (accounts/model.ts), so the document cannot drift. */
function accountEvent<T extends "fill" | "order_update" | "position" | "funding" | "feed">(type: T, id: string, description: string) {
  return z
    .strictObject({ seq: eventSeq, type: z.literal(type), venue: z.enum(FEED_VENUES), payload: EVENT_PAYLOADS[type].meta({ description }), created_at: eventCreatedAt })
    .meta({ id });
}

const accountEvents = [
  accountEvent("fill", "FillEvent", "One fill of the account's, published once: decimal strings, unix ms; raw is the venue's object"),
  accountEvent("order_update", "OrderUpdateEvent", "An order of the account's changed state (venue_status keeps the venue's word)"),
  accountEvent("position", "PositionEvent", "A position after its size, entry, liquidation price or margin changed; size 0 once flat"),
  accountEvent("funding", "FundingEvent", "A funding payment: amount in USD, positive = received"),
  accountEvent("feed", "FeedEvent", "A venue feed connected, lost, reconnected, reconciled (found: what REST and the snapshots brought that the socket had missed) or stopped"),
] as const;

/** One event frame of GET /ws/events (has `seq`). Control frames are described in the route's text. */
export const eventFrame = z.discriminatedUnion("type", [orderEvent, alertEvent, ...accountEvents]).meta({ id: "Event" });


// ----- compile-time agreement with the interfaces the routes serve -----------------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Fails to compile when a schema above and the interface it documents drift apart. */
export type ResponseSchemasAgree = [
  Assert<Same<z.output<typeof boardView>, BoardView>>,
  Assert<Same<z.output<typeof assetView>, AssetView>>,
  Assert<Same<z.output<typeof venueHealth>, VenueHealth>>,
  Assert<Same<z.output<typeof opportunity>, Opportunity>>,
  Assert<Same<z.output<typeof historyView>, AssetHistoryView>>,
  // The desk's rate budget is shown in /health's own rate_budget section, not in the hyperliquid one.
  Assert<Same<z.output<typeof hyperliquidDeskHealth>, Omit<HyperliquidHealth, "rate_budget">>>,
  Assert<Same<z.output<typeof hyperliquidOrderResult>, OrderResult>>,
  Assert<Same<z.output<typeof hyperliquidCancelResult>, CancelResult>>,
  Assert<Same<z.output<typeof haltView>, HaltView>>,
  Assert<Same<z.output<typeof haltAnswer>, HaltAnswer>>,
  Assert<Same<z.output<typeof resumeAnswer>, ResumeAnswer>>,
  Assert<Same<z.output<typeof deadmanRecord>, DeadmanRecord>>,
  Assert<Same<z.output<typeof alertsHealth>, AlertDeskState>>,
];
