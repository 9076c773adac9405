/**
 * Every route of the gateway, described once for the OpenAPI document: method, path (Hono's `:param`
 * form, as mounted in app.ts), who may call it, what it reads and what it answers. Request bodies and
 * order path parameters are the very zod schemas the routes validate with (trading/requests.ts); a test
 * (test/openapi/coverage.test.ts) fails when the app has a route this list lacks, or the reverse.
 *
 * The market and event query schemas are private to their route modules, so their parameters are
 * written out here; test/openapi/behaviour.test.ts checks each documented constraint against the routes.
 */
import * as z from "zod";
import { MAX_HISTORY_HOURS } from "../funding/history";
import { VENUES } from "../funding/types";
import { EVENT_STREAM_PROTOCOL } from "../events/frames";
import { EVENT_TYPES } from "../events/subscription";
import { haltRequest } from "../safety/halt-state";
import { FEED_VENUES } from "../accounts/model";
import { pairRequest, previewRequest } from "../arb/pair";
import { MAX_PAGE } from "../http/fills";
import { batchRequest, cancelAllRequest, cancelOrderRequest, createOrderRequest, modifyOrderRequest } from "../trading/requests";
import {
  hyperliquidBatchRequest,
  hyperliquidCancelTarget,
  hyperliquidLeverageRequest,
  hyperliquidModifyRequest,
  hyperliquidOrderRequest,
  hyperliquidScheduleCancelRequest,
} from "../trading/hyperliquid-requests";
import {
  accountView,
  assetWithHealth,
  boardView,
  errorEnvelope,
  eventFrame,
  fillsView,
  fundingPaymentsView,
  haltAnswer,
  haltView,
  healthView,
  historyView,
  hyperliquidAccountView,
  hyperliquidAnswer,
  openOrdersView,
  arbPreviewView,
  pairView,
  opportunitiesView,
  orderAccepted,
  positionsView,
  resumeAnswer,
} from "./responses";

export type HttpMethod = "get" | "post" | "patch" | "delete";

export interface ResponseDoc {
  description: string;
  /** Absent for answers that are not JSON (the docs page, a WebSocket upgrade). */
  schema?: z.ZodType;
  contentType?: string;
}

export interface ParameterDoc {
  schema: z.ZodType;
  description: string;
  required?: boolean;
}

export interface RouteDoc {
  method: HttpMethod;
  /** As mounted in Hono: `/orders/lighter/:market_index/:order_index`. */
  path: string;
  operationId: string;
  tag: "Funding" | "Orders" | "Arbitrage" | "Account" | "Events" | "Gateway";
  summary: string;
  description?: string;
  /** `bearer`: `Authorization: Bearer <GATEWAY_TOKEN>` is required. */
  auth: "bearer" | "none";
  pathParams?: Record<string, ParameterDoc>;
  query?: Record<string, ParameterDoc>;
  headers?: Record<string, ParameterDoc>;
  body?: { schema: z.ZodType; example: unknown; fieldNotes?: Record<string, string> };
  responses: Record<number, ResponseDoc>;
}

// ----- shared answers ----------------------------------------------------------------------------------

const error = (description: string): ResponseDoc => ({ description, schema: errorEnvelope });

const AUTH_ERRORS = {
  401: error("unauthorized: the Authorization: Bearer <GATEWAY_TOKEN> header is missing or wrong"),
  503: error("not_configured: GATEWAY_TOKEN or the trading configuration is missing or invalid (details name the variables)"),
};

/** 423 halted: what every order that could open or grow a position answers while trading is halted. */
const HALTED = error("halted: trading is halted (POST /halt) and this order could open or grow a position; nothing was signed. details: reason, set_by, at, and field for the batch element");

/** What every order action may answer besides success. */
const ORDER_ERRORS = {
  400: error("invalid_json | invalid_request: the body or a path parameter is invalid; details.field names it (transactions.3.price in a batch), or lighter_rejected for Lighter's parameter errors"),
  ...AUTH_ERRORS,
  409: error("idempotency_conflict | order_in_progress | outcome_unknown: client_order_index reuse, or lighter_rejected for an invalid nonce after one resync"),
  413: error("body_too_large: the body exceeds 64 KiB"),
  422: error("market_not_allowed | unknown_market | notional_cap_exceeded (risk caps), or lighter_rejected"),
  423: HALTED,
  429: error("lighter_rate_limited: Lighter is rate limiting; or rate_budget_exhausted: the gateway's LIGHTER_RATE_LIMIT_PER_MINUTE budget would be overspent, nothing was signed (details.budget); Retry-After is set either way"),
  500: error("internal_error"),
  502: error("lighter_unavailable | lighter_malformed_response: the order may not have reached Lighter; details carry the tx_hash"),
  504: error("lighter_timeout: outcome unknown; look up details.tx_hash before retrying"),
};

/** What every Hyperliquid action may answer besides success. */
const HYPERLIQUID_ERRORS = {
  400: error("invalid_json | invalid_request: a field breaks the request shape or the coin's rules (size decimals, price step, $10 minimum); details.field names it (orders.3.price in a batch) and details.allowed_step the step"),
  ...AUTH_ERRORS,
  403: error("hyperliquid_rejected: Hyperliquid does not know the signer as an agent of a funded account"),
  409: error("idempotency_conflict | order_in_progress | outcome_unknown: cloid reuse or an earlier attempt whose outcome is still unknown (details.retry_after_seconds), or hyperliquid_rejected for a nonce refused twice"),
  413: error("body_too_large: the body exceeds 64 KiB"),
  422: error("hyperliquid_rejected: Hyperliquid refused the action or the order (its message in details.upstream_message, the order's result in details.result), or market_not_allowed | unknown_market | notional_cap_exceeded"),
  423: HALTED,
  429: error("hyperliquid_rate_limited: Hyperliquid's IP or address limit; or rate_budget_exhausted: the gateway's HYPERLIQUID_RATE_LIMIT_PER_MINUTE budget would be overspent, nothing was signed (details.budget); Retry-After is set either way"),
  500: error("internal_error"),
  502: error("hyperliquid_unavailable | hyperliquid_malformed_response: the outcome is unknown; repeat with the same cloid to have it looked up"),
  503: error("not_configured | market_rules_unavailable: the Hyperliquid configuration is invalid, or meta could not be read to validate the order"),
  504: error("hyperliquid_timeout: no complete answer in time; the outcome is unknown and nothing is resent blindly"),
};

const BAD_PARAMETER = error("invalid_parameter: a query or path parameter is invalid or unknown; details.parameter names it");
const UNKNOWN_ASSET = error("unknown_asset: no venue lists this asset on the funding board");

// ----- parameters ---------------------------------------------------------------------------------------

/** Integers travel as JSON numbers or decimal strings (above 2^53 only strings are exact). */
const integerNote = (range: string) => `Integer, as a JSON number or a decimal string; ${range}`;

const ORDER_FIELD_NOTES: Record<string, string> = {
  market_index: integerNote("a perpetual market 0–254 or a spot market 2048–4094"),
  client_order_index: integerNote("1 to 2^48 − 1; your idempotency key: repeating it with the same order returns the recorded answer"),
  base_amount: integerNote("0 to 2^48 − 1, in the market's size decimals"),
  is_ask: "true sells, false buys",
  price: integerNote("1 to 2^32 − 1, in the market's price decimals; required (or avg_execution_price)"),
  avg_execution_price: "Another name for price (a market order's worst acceptable price); must equal price when both are given",
  trigger_price: integerNote("0 to 2^32 − 1, for stop and take-profit orders"),
  order_expiry: integerNote("unix milliseconds"),
};

const asset: ParameterDoc = {
  schema: z.string().regex(/^[A-Za-z0-9]{1,24}$/),
  description: "Canonical asset, 1 to 24 letters or digits (BTC, PEPE); case-insensitive",
};

const orderPathParams: Record<string, ParameterDoc> = {
  market_index: { schema: cancelOrderRequest.shape.market_index, description: ORDER_FIELD_NOTES.market_index as string },
  order_index: {
    schema: cancelOrderRequest.shape.order_index,
    description: "A client order index (1 to 2^48 − 1) or Lighter's order index (2^48 to 2^60 − 1), as a decimal integer",
  },
};

const HYPERLIQUID_ORDER_NOTES: Record<string, string> = {
  coin: "Hyperliquid's coin name, case-sensitive (BTC, kPEPE)",
  size: "Base units as a decimal string, at most the coin's szDecimals decimals",
  price: "Decimal string: at most 5 significant figures (integers always) and 6 − szDecimals decimals. For market orders the worst price you accept (sent as an IOC limit)",
  trigger_price: "Decimal string, same rules as price; required for stop and take-profit orders",
  cloid: "0x + 32 hex: your idempotency key; repeating it with the same order returns the recorded answer",
};

const hyperliquidOrderPath: Record<string, ParameterDoc> = {
  coin: { schema: hyperliquidCancelTarget.shape.coin, description: HYPERLIQUID_ORDER_NOTES.coin as string },
  order_id: { schema: z.string().regex(/^(\d{1,16}|0x[0-9a-fA-F]{32})$/), description: "Hyperliquid's order id (oid), or the order's cloid (0x + 32 hex)" },
};

const hyperliquidExample = {
  coin: "BTC",
  is_buy: true,
  size: "0.001",
  price: "65000",
  order_type: "limit",
  time_in_force: "gtc",
  reduce_only: false,
  cloid: "0x00000000000000000000000000000001",
};

const createExample = {
  market_index: 0,
  client_order_index: 1001,
  base_amount: 1000,
  price: 405000,
  is_ask: false,
  order_type: "limit",
  time_in_force: "gtt",
  order_expiry: 1893456000000,
};

const PAIR_ID: ParameterDoc = { schema: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), description: "The pair_id given when it was opened" };

const previewExample = { asset: "BTC", notional_usd: "5000", long_venue: "lighter", short_venue: "hyperliquid", max_slippage_bps: 20 };

const ARB_FIELD_NOTES: Record<string, string> = {
  asset: "The funding board's canonical asset (BTC, PEPE: kPEPE and 1000PEPE are PEPE)",
  notional_usd: "USD to put on each leg (decimal string); or size instead",
  size: "Base quantity in asset units (decimal string); or notional_usd instead",
  max_slippage_bps: "The IOC limit's distance from each venue's mark, in basis points (0 to 1000)",
  horizon_hours: "Hours the expected funding covers (default 24)",
  min_net_apr: "Refuse (verdict min_net_apr) unless the expected net APR is at least this fraction",
};

/** What a preview or an opening may answer besides success. */
const ARB_ERRORS = {
  400: error("invalid_json | invalid_request: details.field names the field"),
  ...AUTH_ERRORS,
  404: error("unknown_asset: no venue lists the asset on the funding board"),
  422: error("a leg cannot be sized (size_rounds_to_zero, below_min_size, below_min_notional, invalid_input: details.venue names the leg), or pair_not_allowed (details.verdicts)"),
  500: error("internal_error"),
  502: error("venue_unavailable: a venue's market rules could not be read"),
};

/** The filters and paging of /fills and /funding-payments. */
const ACCOUNT_HISTORY_QUERY: Record<string, ParameterDoc> = {
  venue: { schema: z.enum(FEED_VENUES), description: "Only this venue's" },
  asset: { schema: z.string().regex(/^[A-Za-z0-9]{1,24}$/), description: "Only this canonical asset (BTC, PEPE: kPEPE and 1000PEPE are PEPE); case-insensitive" },
  since: { schema: z.int().min(0), description: "Unix milliseconds, inclusive" },
  limit: { schema: z.int().min(1).max(MAX_PAGE).default(100), description: `Rows per page, 1 to ${MAX_PAGE}` },
  cursor: { schema: z.string(), description: "next_cursor of the previous page, as it was returned" },
};

// ----- the routes -----------------------------------------------------------------------------------------

export const ROUTES: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/health",
    operationId: "getHealth",
    tag: "Gateway",
    summary: "Trading mode, whether the configured Lighter key is the one Lighter has registered, (hyperliquid) whether Hyperliquid knows the agent as the account's, the halt and the dead-man's switches",
    auth: "none",
    responses: { 200: { description: "The gateway is up; configuration problems are named by variable", schema: healthView } },
  },
  {
    method: "get",
    path: "/markets/funding",
    operationId: "getFundingBoard",
    tag: "Funding",
    summary: "Every asset's funding on Hyperliquid, Lighter and GRVT, normalized, with the best pair and each venue's health",
    description: "Answered from the board's last snapshot (never an upstream call per request); Cache-Control: public, max-age=5.",
    auth: "none",
    responses: { 200: { description: "The board", schema: boardView }, 400: BAD_PARAMETER },
  },
  {
    method: "get",
    path: "/markets/funding/:asset",
    operationId: "getAssetFunding",
    tag: "Funding",
    summary: "One asset's funding rows, best pair and the health of the venues listing it",
    auth: "none",
    pathParams: { asset },
    responses: { 200: { description: "The asset", schema: assetWithHealth }, 400: BAD_PARAMETER, 404: UNKNOWN_ASSET },
  },
  {
    method: "get",
    path: "/markets/funding/:asset/history",
    operationId: "getAssetFundingHistory",
    tag: "Funding",
    summary: "Settled funding per venue, normalized to hourly fractions and APR",
    description: "Fetched from the venues on demand within their rate limits and cached for 5 minutes; a venue that fails has its error in its entry.",
    auth: "none",
    pathParams: { asset },
    query: {
      hours: { schema: z.int().min(1).max(MAX_HISTORY_HOURS).default(24), description: `Look-back window in hours, 1 to ${MAX_HISTORY_HOURS}` },
    },
    responses: { 200: { description: "The history", schema: historyView }, 400: BAD_PARAMETER, 404: UNKNOWN_ASSET },
  },
  {
    method: "get",
    path: "/markets/opportunities",
    operationId: "getOpportunities",
    tag: "Funding",
    summary: "Cross-venue pairs ranked by spread APR (long where funding is lowest, short where highest)",
    auth: "none",
    query: {
      min_apr: { schema: z.number(), description: "Only pairs whose spread APR (a fraction: 0.1 = 10 %) is at least this" },
      min_open_interest_usd: { schema: z.number().min(0), description: "Only pairs whose smaller leg has at least this open interest (USD)" },
      venues: {
        schema: z.string().regex(new RegExp(`^(${VENUES.join("|")})(,(${VENUES.join("|")}))+$`)),
        description: `Comma-separated venues to pair, at least two different (${VENUES.join(", ")})`,
      },
    },
    responses: { 200: { description: "The ranking", schema: opportunitiesView }, 400: BAD_PARAMETER },
  },
  {
    method: "post",
    path: "/orders/lighter",
    operationId: "createLighterOrder",
    tag: "Orders",
    summary: "Sign and send one order (dry-run: sign only, the answer carries the signed tx)",
    auth: "bearer",
    body: { schema: createOrderRequest, example: createExample, fieldNotes: ORDER_FIELD_NOTES },
    responses: { 200: { description: "Accepted by Lighter (or signed, in dry-run)", schema: orderAccepted }, ...ORDER_ERRORS },
  },
  {
    method: "post",
    path: "/orders/lighter/cancel-all",
    operationId: "cancelAllLighterOrders",
    tag: "Orders",
    summary: "Cancel every order now, schedule a dead-man's switch at `time`, or abort a scheduled one",
    auth: "bearer",
    body: {
      schema: cancelAllRequest,
      example: { mode: "scheduled", time: 1893456000000 },
      fieldNotes: { time: integerNote("unix milliseconds; required with mode scheduled, refused otherwise"), market_index: integerNote("0–254; immediate mode only") },
    },
    responses: { 200: { description: "Accepted", schema: orderAccepted }, ...ORDER_ERRORS },
  },
  {
    method: "post",
    path: "/orders/lighter/batch",
    operationId: "batchLighterOrders",
    tag: "Orders",
    summary: "Up to 50 create, cancel and modify transactions in one sendTxBatch, on consecutive nonces",
    auth: "bearer",
    body: {
      schema: batchRequest,
      example: { transactions: [{ action: "create", ...createExample, client_order_index: 1002 }, { action: "cancel", market_index: 0, order_index: 1001 }] },
    },
    responses: { 200: { description: "Accepted (tx_hash has one hash per transaction)", schema: orderAccepted }, ...ORDER_ERRORS },
  },
  {
    method: "delete",
    path: "/orders/lighter/:market_index/:order_index",
    operationId: "cancelLighterOrder",
    tag: "Orders",
    summary: "Cancel one order",
    auth: "bearer",
    pathParams: orderPathParams,
    responses: { 200: { description: "Accepted", schema: orderAccepted }, ...ORDER_ERRORS },
  },
  {
    method: "patch",
    path: "/orders/lighter/:market_index/:order_index",
    operationId: "modifyLighterOrder",
    tag: "Orders",
    summary: "Change an order's size and price (and trigger price)",
    auth: "bearer",
    pathParams: orderPathParams,
    body: {
      schema: modifyOrderRequest.omit({ market_index: true, order_index: true }),
      example: { base_amount: 2000, price: 404000 },
      fieldNotes: { base_amount: ORDER_FIELD_NOTES.base_amount as string, price: integerNote("1 to 2^32 − 1"), trigger_price: ORDER_FIELD_NOTES.trigger_price as string },
    },
    responses: { 200: { description: "Accepted", schema: orderAccepted }, ...ORDER_ERRORS },
  },
  {
    method: "get",
    path: "/account/lighter",
    operationId: "getLighterAccount",
    tag: "Account",
    summary: "The configured account's balances, positions and open orders, read from Lighter",
    auth: "bearer",
    responses: {
      200: { description: "The account", schema: accountView },
      ...AUTH_ERRORS,
      429: error("lighter_rate_limited"),
      500: error("internal_error"),
      502: error("lighter_unavailable | lighter_malformed_response"),
      504: error("lighter_timeout"),
    },
  },
  {
    method: "post",
    path: "/orders/hyperliquid",
    operationId: "createHyperliquidOrder",
    tag: "Orders",
    summary: "Validate, sign and send one Hyperliquid order (dry-run: sign only, the answer carries the signed body)",
    description: "A market order is an IOC limit at your price, the worst you accept: never a hidden slippage. An order Hyperliquid refuses inside an ok answer is a 422 with its message.",
    auth: "bearer",
    body: { schema: hyperliquidOrderRequest, example: hyperliquidExample, fieldNotes: HYPERLIQUID_ORDER_NOTES },
    responses: { 200: { description: "Resting or filled (result), or signed in dry-run", schema: hyperliquidAnswer }, ...HYPERLIQUID_ERRORS },
  },
  {
    method: "post",
    path: "/orders/hyperliquid/batch",
    operationId: "batchHyperliquidOrders",
    tag: "Orders",
    summary: "Up to 50 orders, or up to 50 cancels (all by oid or all by cloid), in one signed action",
    description: "Answered 200 when any element was accepted; results holds one result per element. 422 when none was.",
    auth: "bearer",
    body: {
      schema: hyperliquidBatchRequest,
      example: { orders: [hyperliquidExample, { ...hyperliquidExample, is_buy: false, price: "70000", cloid: "0x00000000000000000000000000000002" }] },
    },
    responses: { 200: { description: "At least one element accepted (or signed, in dry-run)", schema: hyperliquidAnswer }, ...HYPERLIQUID_ERRORS },
  },
  {
    method: "post",
    path: "/orders/hyperliquid/schedule-cancel",
    operationId: "scheduleHyperliquidCancel",
    tag: "Orders",
    summary: "Hyperliquid's dead-man's switch: cancel every open order at time (at least 5 s ahead), or clear it with null",
    description: "Hyperliquid allows 10 triggers per day (reset at 00:00 UTC).",
    auth: "bearer",
    body: { schema: hyperliquidScheduleCancelRequest, example: { time: 1893456000000 }, fieldNotes: { time: "Unix milliseconds, at least 5 seconds from now; null clears the scheduled cancel" } },
    responses: { 200: { description: "Set (or cleared)", schema: hyperliquidAnswer }, ...HYPERLIQUID_ERRORS },
  },
  {
    method: "post",
    path: "/orders/hyperliquid/leverage",
    operationId: "updateHyperliquidLeverage",
    tag: "Orders",
    summary: "Set a coin's leverage, cross or isolated (updateLeverage)",
    auth: "bearer",
    body: { schema: hyperliquidLeverageRequest, example: { coin: "BTC", leverage: 5, margin_mode: "cross" }, fieldNotes: { leverage: "1 to the coin's maxLeverage" } },
    responses: { 200: { description: "Set", schema: hyperliquidAnswer }, ...HYPERLIQUID_ERRORS },
  },
  {
    method: "delete",
    path: "/orders/hyperliquid/:coin/:order_id",
    operationId: "cancelHyperliquidOrder",
    tag: "Orders",
    summary: "Cancel one order by oid or by cloid",
    auth: "bearer",
    pathParams: hyperliquidOrderPath,
    responses: { 200: { description: "Canceled (or signed, in dry-run)", schema: hyperliquidAnswer }, ...HYPERLIQUID_ERRORS },
  },
  {
    method: "patch",
    path: "/orders/hyperliquid/:coin/:order_id",
    operationId: "modifyHyperliquidOrder",
    tag: "Orders",
    summary: "Replace an order's terms (batchModify); the body is the order's new terms without coin",
    auth: "bearer",
    pathParams: hyperliquidOrderPath,
    body: {
      schema: hyperliquidModifyRequest,
      example: { is_buy: true, size: "0.002", price: "64000", order_type: "limit", time_in_force: "gtc", reduce_only: false },
      fieldNotes: { size: HYPERLIQUID_ORDER_NOTES.size as string, price: HYPERLIQUID_ORDER_NOTES.price as string, trigger_price: HYPERLIQUID_ORDER_NOTES.trigger_price as string, cloid: "Optional: a cloid for the modified order" },
    },
    responses: { 200: { description: "Modified (result), or signed in dry-run", schema: hyperliquidAnswer }, ...HYPERLIQUID_ERRORS },
  },
  {
    method: "get",
    path: "/account/hyperliquid",
    operationId: "getHyperliquidAccount",
    tag: "Account",
    summary: "Positions, margin summary and open orders of the account (or the vault it trades for), read from Hyperliquid",
    auth: "bearer",
    responses: {
      200: { description: "The account", schema: hyperliquidAccountView },
      ...AUTH_ERRORS,
      429: error("hyperliquid_rate_limited"),
      500: error("internal_error"),
      502: error("hyperliquid_unavailable | hyperliquid_malformed_response"),
      504: error("hyperliquid_timeout"),
    },
  },
  {
    method: "get",
    path: "/positions",
    operationId: "getPositions",
    tag: "Account",
    summary: "Every open position on both venues as the account feeds last saw them, and per asset the net size across venues",
    description: "Answered from the feeds' storage (no venue call); sources says whether each venue's feed is live. Empty with feed off in dry-run.",
    auth: "bearer",
    query: { venue: { schema: z.enum(FEED_VENUES), description: "Only this venue's positions" } },
    responses: { 200: { description: "Positions, exposures per asset, and each venue's feed", schema: positionsView }, 400: BAD_PARAMETER, ...AUTH_ERRORS },
  },
  {
    method: "get",
    path: "/fills",
    operationId: "getFills",
    tag: "Account",
    summary: "The gateway's own record of the account's fills on both venues (kept 90 days), oldest first, paged",
    auth: "bearer",
    query: ACCOUNT_HISTORY_QUERY,
    responses: { 200: { description: "A page of fills", schema: fillsView }, 400: BAD_PARAMETER, ...AUTH_ERRORS },
  },
  {
    method: "get",
    path: "/funding-payments",
    operationId: "getFundingPayments",
    tag: "Account",
    summary: "Funding paid and received on both venues, oldest first, paged, with totals per venue and asset",
    auth: "bearer",
    query: ACCOUNT_HISTORY_QUERY,
    responses: { 200: { description: "A page of payments and the totals", schema: fundingPaymentsView }, 400: BAD_PARAMETER, ...AUTH_ERRORS },
  },
  {
    method: "get",
    path: "/orders/open",
    operationId: "getOpenOrders",
    tag: "Orders",
    summary: "The account's open orders on both venues, as the feeds know them (reconciled with the venues after every connect)",
    auth: "bearer",
    query: { venue: { schema: z.enum(FEED_VENUES), description: "Only this venue's orders" } },
    responses: { 200: { description: "Open orders and each venue's feed", schema: openOrdersView }, 400: BAD_PARAMETER, ...AUTH_ERRORS },
  },
  {
    method: "post",
    path: "/arb/preview",
    operationId: "previewPair",
    tag: "Arbitrage",
    summary: "A hedged pair exactly as it would be sent (both legs, IOC limits), its funding, costs and risk verdicts; no side effect",
    auth: "bearer",
    body: { schema: previewRequest, example: previewExample, fieldNotes: ARB_FIELD_NOTES },
    responses: { 200: { description: "The preview", schema: arbPreviewView }, ...ARB_ERRORS },
  },
  {
    method: "post",
    path: "/arb/pairs",
    operationId: "openPair",
    tag: "Arbitrage",
    summary: "Open a delta-neutral pair: both legs IOC (sequential or parallel), reconciled until open, failed or unbalanced",
    description: "The preview's body plus pair_id (your idempotency key: a repeat answers the pair, a different body under it is a 409) and execution. Answers once both legs are answered and reconciled.",
    auth: "bearer",
    body: { schema: pairRequest, example: { ...previewExample, pair_id: "btc-2026-12-03-1", execution: "sequential" }, fieldNotes: { ...ARB_FIELD_NOTES, pair_id: "Your idempotency key: 1 to 64 letters, digits, - or _", execution: "sequential (default: the dearer leg first, the second sized to what the first filled) or parallel" } },
    responses: { 200: { description: "The pair after its opening (state open, failed or unbalanced)", schema: pairView }, 409: error("idempotency_conflict: pair_id was used for another pair"), 423: HALTED, ...ARB_ERRORS },
  },
  {
    method: "post",
    path: "/arb/pairs/:pair_id/close",
    operationId: "closePair",
    tag: "Arbitrage",
    summary: "Close both legs reduce-only IOC, with the same reconciliation (one top-up of the leg that closed less)",
    auth: "bearer",
    pathParams: { pair_id: PAIR_ID },
    responses: { 200: { description: "The pair after the close (closed, open if it closed in part, or unbalanced)", schema: pairView }, 404: error("unknown_pair"), 409: error("pair_in_progress: the pair is still opening"), ...AUTH_ERRORS, 500: error("internal_error") },
  },
  {
    method: "get",
    path: "/arb/pairs",
    operationId: "listPairs",
    tag: "Arbitrage",
    summary: "Every pair, newest first, with legs, orders, fills, funding, fees and PnL",
    auth: "bearer",
    responses: { 200: { description: "The pairs", schema: z.strictObject({ pairs: z.array(pairView) }) }, 400: BAD_PARAMETER, ...AUTH_ERRORS },
  },
  {
    method: "get",
    path: "/arb/pairs/:pair_id",
    operationId: "getPair",
    tag: "Arbitrage",
    summary: "One pair: state, legs, every order and fill, entry prices, spread at entry and now, funding per leg, fees, PnL split into price, funding and fees",
    auth: "bearer",
    pathParams: { pair_id: PAIR_ID },
    responses: { 200: { description: "The pair", schema: pairView }, 400: BAD_PARAMETER, 404: error("unknown_pair"), ...AUTH_ERRORS },
  },
  {
    method: "get",
    path: "/ws/events",
    operationId: "subscribeEvents",
    tag: "Events",
    summary: "WebSocket: every order request/response, alert, fill, order update, position, funding payment and feed state as it happens, resumable with since",
    description:
      `Authenticate with Authorization: Bearer <GATEWAY_TOKEN>, or (browsers) with the subprotocols \`${EVENT_STREAM_PROTOCOL}, bearer.<GATEWAY_TOKEN>\`; ` +
      `only \`${EVENT_STREAM_PROTOCOL}\` is echoed. Never put the token in the URL. Each event is one text frame (the Event schema: OrderEvent, AlertEvent, FillEvent, OrderUpdateEvent, PositionEvent, FundingEvent or FeedEvent); ` +
      "control frames have no seq: {type: gap, since, first_seq, missed} when events after since have left the log, " +
      "{type: status, last_seq, oldest_seq} in answer to the message {\"type\":\"status\"}, and {type: error, code, message}. The text ping is answered with pong.",
    auth: "bearer",
    headers: {
      Upgrade: { schema: z.literal("websocket"), description: "websocket", required: true },
      "Sec-WebSocket-Protocol": { schema: z.string(), description: `${EVENT_STREAM_PROTOCOL}, bearer.<GATEWAY_TOKEN> (browsers' way to authenticate)` },
    },
    query: {
      since: { schema: z.int().min(0).max(999_999_999_999_999), description: "Replay every logged event after this seq first (0: the whole log); the last seq you received when resuming" },
      venue: { schema: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}(,[a-z0-9][a-z0-9_-]{0,31})*$/), description: "Only these venues (comma-separated, e.g. lighter)" },
      type: { schema: z.string().regex(new RegExp(`^(${EVENT_TYPES.join("|")})(,(${EVENT_TYPES.join("|")}))*$`)), description: `Only these event types (${EVENT_TYPES.join(", ")})` },
    },
    responses: {
      101: { description: "Switching protocols; event frames follow the Event schema", schema: eventFrame },
      400: error("invalid_query | invalid_protocol: details name the parameter"),
      ...AUTH_ERRORS,
      426: error("upgrade_required: not a WebSocket request"),
    },
  },
  {
    method: "get",
    path: "/halt",
    operationId: "getHalt",
    tag: "Orders",
    summary: "Whether trading is halted, why, who set it (route or automatic) and when (public, as /health shows it too)",
    auth: "none",
    responses: { 200: { description: "The halt state", schema: haltView }, 500: error("internal_error") },
  },
  {
    method: "post",
    path: "/halt",
    operationId: "haltTrading",
    tag: "Orders",
    summary: "Kill switch: refuse every order that could open or grow a position (423 halted), on both venues, and cancel every resting order",
    description:
      "Answered once every venue desk has the halt (each first lets the opening orders it had already signed finish; none is signed after this answer), " +
      "then Lighter's cancel-all and a cancel of every open Hyperliquid order (by oid, 50 per action) have run; cancels.* reports each venue " +
      "(ok, error with its message, not_configured, dry_run) and complete says whether everything succeeded. Cancels, cancel-all, schedule-cancel, " +
      "leverage changes and reduce-only orders still go through; Lighter modifies and non-reduce-only orders and modifies are refused. Halting again replaces the reason.",
    auth: "bearer",
    body: { schema: haltRequest, example: { reason: "funding flipped, stopping for review" }, fieldNotes: { reason: "1 to 200 characters, one line: shown on /health, the dashboard and in alerts" } },
    responses: {
      200: { description: "Halted (complete: false when a desk did not acknowledge or a venue's cancel failed: see desks and cancels)", schema: haltAnswer },
      400: error("invalid_json | invalid_request: the reason is missing, empty, longer than 200 characters or not one line"),
      ...AUTH_ERRORS,
      413: error("body_too_large"),
      500: error("internal_error"),
    },
  },
  {
    method: "post",
    path: "/resume",
    operationId: "resumeTrading",
    tag: "Orders",
    summary: "Lift the halt: orders are accepted again once every desk has been told",
    auth: "bearer",
    responses: { 200: { description: "Resumed (was_halted: false when trading was not halted)", schema: resumeAnswer }, ...AUTH_ERRORS, 500: error("internal_error") },
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApi",
    tag: "Gateway",
    summary: "This document",
    auth: "none",
    responses: { 200: { description: "OpenAPI 3.1", contentType: "application/json" } },
  },
  {
    method: "get",
    path: "/docs",
    operationId: "getDocs",
    tag: "Gateway",
    summary: "This document, rendered for people",
    auth: "none",
    responses: { 200: { description: "HTML page", contentType: "text/html" } },
  },
];
