import { TxFieldError } from "./errors";
import { MAX_CLIENT_ORDER_INDEX, MAX_ORDER_INDEX, MIN_CLIENT_ORDER_INDEX, MIN_ORDER_INDEX } from "./limits";

/**
 * The `Index` of CancelOrder/ModifyOrder names the order either by its client order index
 * (1..2^48-1) or by the exchange's order index (2^48..2^60-1): together one range 1..2^60-1.
 */
export function validateOrderIndex(index: bigint): void {
  if (index < MIN_CLIENT_ORDER_INDEX || index > MAX_ORDER_INDEX) {
    throw new TxFieldError(
      "Index",
      `Index must be between ${MIN_CLIENT_ORDER_INDEX} and ${MAX_ORDER_INDEX}: a client order index ` +
        `(${MIN_CLIENT_ORDER_INDEX}..${MAX_CLIENT_ORDER_INDEX}) or an order index (${MIN_ORDER_INDEX}..${MAX_ORDER_INDEX})`,
    );
  }
}
