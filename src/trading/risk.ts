/**
 * The optional risk caps (MAX_ORDER_NOTIONAL, ALLOWED_MARKETS), checked before anything is signed.
 * Notional = price × size in quote units, from the market's decimals: exact integer arithmetic, no floats.
 * When a notional cap is set but the market's decimals cannot be had, the order is refused: a cap that
 * silently stops capping is worse than an order that waits.
 */
import { HttpError } from "../http/errors";
import type { MarketDecimals } from "../venues/lighter/client";
import { compare, formatDecimal, parseDecimal, type Decimal } from "./decimal";

export interface RiskLimits {
  maxOrderNotional: string | undefined;
  allowedMarkets: number[] | undefined;
}

export interface Exposure {
  marketIndex: bigint;
  baseAmount: bigint;
  price: bigint;
}

export function checkAllowedMarket(limits: RiskLimits, exposure: { marketIndex: bigint }, field = "market_index"): void {
  if (limits.allowedMarkets !== undefined && !limits.allowedMarkets.includes(Number(exposure.marketIndex))) {
    throw new HttpError(422, "market_not_allowed", `Market ${exposure.marketIndex} is not in ALLOWED_MARKETS`, {
      field,
      allowed_markets: limits.allowedMarkets,
    });
  }
}

/** Refuses an exposure over MAX_ORDER_NOTIONAL. `market` is undefined when Lighter does not list it. */
export function checkNotional(limits: RiskLimits, exposure: Exposure, market: MarketDecimals | undefined, fieldPrefix = ""): void {
  if (limits.maxOrderNotional === undefined) return;
  if (market === undefined) {
    throw new HttpError(422, "unknown_market", `Market ${exposure.marketIndex} is not listed by Lighter, so its notional cannot be checked`, {
      field: `${fieldPrefix}market_index`,
    });
  }
  const notional = { units: exposure.baseAmount * exposure.price, scale: market.sizeDecimals + market.priceDecimals };
  checkNotionalCap(limits.maxOrderNotional, notional, { field: `${fieldPrefix}base_amount`, market: market.symbol });
}

/**
 * Refuses a notional over MAX_ORDER_NOTIONAL (quote units: USDC on Lighter, USD on Hyperliquid). `cap` is
 * the configured text; `about` names the field and the market for the caller.
 */
export function checkNotionalCap(cap: string | undefined, notional: Decimal, about: { field: string; market: string }): void {
  if (cap === undefined || compare(notional, parseDecimal(cap)) <= 0) return;
  const shown = formatDecimal(notional);
  throw new HttpError(422, "notional_cap_exceeded", `Order notional ${shown} exceeds MAX_ORDER_NOTIONAL ${cap}`, {
    field: about.field,
    notional: shown,
    max_order_notional: cap,
    market: about.market,
  });
}
