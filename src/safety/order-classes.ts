/**
 * Which orders a halt refuses: those that could open or grow a position. Written once here, for both
 * venues' desks, so that the rule is the same everywhere:
 *
 * - a create that is not reduce-only could open or grow a position: refused;
 * - a reduce-only create can only shrink one: it passes;
 * - a Lighter modify carries no reduce-only flag and can raise a size: refused;
 * - a Hyperliquid modify carries the order's full new terms: refused unless they are reduce-only;
 * - cancels, cancel-all (immediate, scheduled or abort), Hyperliquid's schedule-cancel and leverage
 *   changes open nothing: they pass (a halt must be able to cancel, and the dead-man's switch must keep
 *   running while halted).
 *
 * A batch is refused as a whole when any of its elements would be; the refusal names the first one.
 */
import type { BatchEntry } from "../trading/requests";

/** An order that could open or grow a position; `field` locates it inside a batch (`transactions.3`). */
export interface Opening {
  field?: string;
}

export function lighterCreateOpens(order: { reduce_only?: boolean | undefined }, field?: string): Opening | undefined {
  if (order.reduce_only === true) return undefined;
  return field === undefined ? {} : { field };
}

/** A modify can raise an order's size and Lighter's modify has no reduce-only flag: always opening. */
export const LIGHTER_MODIFY_OPENS: Opening = {};

export function lighterBatchOpens(entries: readonly BatchEntry[]): Opening | undefined {
  for (const [i, entry] of entries.entries()) {
    if (entry.action === "modify") return { field: `transactions.${i}` };
    if (entry.action === "create" && lighterCreateOpens(entry) !== undefined) return { field: `transactions.${i}` };
  }
  return undefined;
}

/** A Hyperliquid create or modify: opening unless its (new) terms are reduce-only. */
export function hyperliquidOrderOpens(order: { reduce_only?: boolean | undefined }, field?: string): Opening | undefined {
  if (order.reduce_only === true) return undefined;
  return field === undefined ? {} : { field };
}

export function hyperliquidOrdersOpen(orders: ReadonlyArray<{ reduce_only?: boolean | undefined }>): Opening | undefined {
  for (const [i, order] of orders.entries()) {
    const opening = hyperliquidOrderOpens(order, `orders.${i}`);
    if (opening !== undefined) return opening;
  }
  return undefined;
}
