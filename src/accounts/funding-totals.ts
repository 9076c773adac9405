/** Funding received and paid per venue and asset, summed exactly (decimal strings in, decimal strings out). */
import { add, compare, formatDecimal, parseDecimal, type Decimal } from "../trading/decimal";
import type { FeedVenue, FundingPayment } from "./model";

export interface FundingTotal {
  venue: FeedVenue;
  asset: string;
  received: string;
  paid: string;
  net: string;
}

export function fundingTotals(payments: FundingPayment[]): FundingTotal[] {
  const totals = new Map<string, { venue: FeedVenue; asset: string; received: Decimal; paid: Decimal }>();
  const zero: Decimal = { units: 0n, scale: 0 };
  for (const payment of payments) {
    const id = `${payment.venue}:${payment.asset}`;
    const total = totals.get(id) ?? { venue: payment.venue, asset: payment.asset, received: zero, paid: zero };
    const amount = parseDecimal(payment.amount);
    if (compare(amount, zero) >= 0) total.received = add(total.received, amount);
    else total.paid = add(total.paid, { units: -amount.units, scale: amount.scale });
    totals.set(id, total);
  }
  return [...totals.values()]
    .sort((a, b) => a.venue.localeCompare(b.venue) || a.asset.localeCompare(b.asset))
    .map((t) => ({ venue: t.venue, asset: t.asset, received: formatDecimal(t.received), paid: formatDecimal(t.paid), net: formatDecimal(add(t.received, { units: -t.paid.units, scale: t.paid.scale })) }));
}

