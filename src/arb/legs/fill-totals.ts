/**
 * What an order's fills add up to: the size, and the size-weighted average price, exactly. A leg's
 * average comes from its fills when the venue does not state one (Lighter), or when a look-up found the
 * order but not its average (Hyperliquid's orderStatus).
 */
import { add, divide, formatDecimal, multiply, parseDecimal, type Decimal } from "../../trading/decimal";

/**
 * The average is exact whenever it ends within this many decimals (a single price, or sizes that divide
 * evenly); otherwise it is cut at the last one, far below any venue's tick.
 */
const AVERAGE_PRICE_DECIMALS = 12;

const ZERO: Decimal = { units: 0n, scale: 0 };

export interface FillTotals {
  size: Decimal;
  /** Null when nothing filled. */
  averagePrice: string | null;
}

export function fillTotals(fills: ReadonlyArray<{ price: string; size: string }>): FillTotals {
  let size = ZERO;
  let notional = ZERO;
  for (const fill of fills) {
    const fillSize = parseDecimal(fill.size);
    size = add(size, fillSize);
    notional = add(notional, multiply(parseDecimal(fill.price), fillSize));
  }
  return { size, averagePrice: size.units === 0n ? null : formatDecimal(divide(notional, size, AVERAGE_PRICE_DECIMALS, "floor")) };
}
