/**
 * Hyperliquid's per-element statuses (hyperliquid/SPEC.md §8) as the gateway's normalized results
 * (DESIGN.md, API conventions): one per order or cancel, beside Hyperliquid's own answer. An `error`
 * status inside an `"status":"ok"` answer is a refusal of that order, not a success.
 */
import { compare, formatDecimal, parseDecimal, subtract } from "../../trading/decimal";

export interface OrderResult {
  /** `canceled`: only from a look-up, an order Hyperliquid accepted and later cancelled unfilled. */
  status: "resting" | "filled" | "partially_filled" | "canceled" | "rejected";
  order_id: number | null;
  client_id: string | null;
  /** Base units filled by this order's answer ("0" when resting or refused). */
  filled_size: string;
  avg_price: string | null;
  message?: string;
}

export interface CancelResult {
  status: "canceled" | "rejected";
  order_id: number | null;
  client_id: string | null;
  message?: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * One order's result. `size` is what was asked for: an IOC that filled less is `partially_filled` (its
 * rest was cancelled). A bare string status (`waitingForFill`, `waitingForTrigger`) is an accepted order
 * that has not traded yet: `resting`, with the word as its message.
 */
export function orderResult(status: unknown, size: string, cloid: string | undefined): OrderResult {
  const clientId = cloid ?? null;
  const entry = record(status);
  const resting = record(entry?.resting);
  const filled = record(entry?.filled);
  if (resting !== undefined) return { status: "resting", order_id: Number(resting.oid), client_id: clientId, filled_size: "0", avg_price: null };
  if (filled !== undefined) {
    const total = String(filled.totalSz);
    const complete = compare(parseDecimal(total), parseDecimal(size)) >= 0;
    return { status: complete ? "filled" : "partially_filled", order_id: Number(filled.oid), client_id: clientId, filled_size: total, avg_price: String(filled.avgPx) };
  }
  if (typeof status === "string") return { status: "resting", order_id: null, client_id: clientId, filled_size: "0", avg_price: null, message: status };
  const message = typeof entry?.error === "string" ? entry.error : `unrecognised order status ${JSON.stringify(status)}`;
  return { status: "rejected", order_id: null, client_id: clientId, filled_size: "0", avg_price: null, message };
}

export function cancelResult(status: unknown, target: { order_id: number | string }): CancelResult {
  const ids = typeof target.order_id === "number" ? { order_id: target.order_id, client_id: null } : { order_id: null, client_id: target.order_id };
  if (status === "success") return { status: "canceled", ...ids };
  const error = record(status)?.error;
  return { status: "rejected", ...ids, message: typeof error === "string" ? error : `unrecognised cancel status ${JSON.stringify(status)}` };
}

/**
 * An order looked up by cloid (`orderStatus`, SPEC §10) as a result: how a repeat of an order whose answer
 * was lost learns what became of it. `open` is resting; `filled` filled; only `rejected` and the states
 * ending in `Rejected` were refusals. Every other state (canceled, scheduledCancel, marginCanceled, …)
 * is an order Hyperliquid accepted and later took off the book: `canceled`, or `partially_filled` with
 * what it filled before (`origSz − sz`).
 */
export function lookedUpResult(found: Record<string, unknown>, cloid: string): OrderResult | undefined {
  const outer = record(found.order);
  const order = record(outer?.order);
  const state = outer?.status;
  if (order === undefined || typeof state !== "string") return undefined;
  const oid = Number(order.oid);
  const filled = subtract(parseDecimal(String(order.origSz ?? "0")), parseDecimal(String(order.sz ?? "0")));
  const filledSize = filled.units <= 0n ? "0" : formatDecimal(filled);
  const base = { order_id: oid, client_id: cloid, avg_price: null, message: state };
  if (state === "open" || state === "triggered") return { status: filledSize === "0" ? "resting" : "partially_filled", filled_size: filledSize, ...base };
  if (state === "filled") return { status: "filled", filled_size: String(order.origSz ?? filledSize), ...base };
  if (state.endsWith("Rejected") || state === "rejected") return { status: "rejected", filled_size: "0", ...base };
  return { status: filledSize === "0" ? "canceled" : "partially_filled", filled_size: filledSize, ...base };
}

/** An IOC with nothing to cross at its limit: Hyperliquid refuses it (SPEC §8), and `orderStatus` says so. */
const IOC_UNMATCHED = ["Order could not immediately match against any resting orders.", "iocCancelRejected"];

/**
 * Whether a refusal's message (an order's error, or its looked-up state) is an IOC that found nothing to
 * cross: the order was fine and simply filled nothing.
 */
export function isUnmatchedIoc(message: string | undefined): boolean {
  return message !== undefined && IOC_UNMATCHED.some((word) => message.startsWith(word));
}
