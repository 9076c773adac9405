/**
 * The optional risk caps (MAX_ORDER_NOTIONAL, ALLOWED_MARKETS), checked before anything is signed.
 * Notional = price × size in quote units, from the market's decimals: exact integer arithmetic, no floats.
 * When a notional cap is set but the market's decimals cannot be had, the order is refused: a cap that
 * silently stops capping is worse than an order that waits.
 */
import { HttpError } from "../http/errors";
import type { MarketDecimals } from "../venues/lighter/client";

export interface RiskLimits {
  maxOrderNotional: string | undefined;
  allowedMarkets: number[] | undefined;
}

export interface Exposure {
  marketIndex: bigint;
  baseAmount: bigint;
  price: bigint;
}

/** "2500.50" → { units: 250050n, decimals: 2 } */
function parseDecimal(text: string): { units: bigint; decimals: number } {
  const [whole, fraction = ""] = text.split(".");
  return { units: BigInt(`${whole}${fraction}`), decimals: fraction.length };
}

function formatUnits(units: bigint, decimals: number): string {
  if (decimals === 0) return units.toString();
  const text = units.toString().padStart(decimals + 1, "0");
  return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`.replace(/\.?0+$/, "");
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
  const cap = parseDecimal(limits.maxOrderNotional);
  const scale = market.sizeDecimals + market.priceDecimals;
  // notional = base × price / 10^scale;  cap = cap.units / 10^cap.decimals. Cross-multiply to stay in integers.
  const notionalScaled = exposure.baseAmount * exposure.price * 10n ** BigInt(cap.decimals);
  const capScaled = cap.units * 10n ** BigInt(scale);
  if (notionalScaled > capScaled) {
    throw new HttpError(422, "notional_cap_exceeded", `Order notional ${formatUnits(exposure.baseAmount * exposure.price, scale)} exceeds MAX_ORDER_NOTIONAL ${limits.maxOrderNotional}`, {
      field: `${fieldPrefix}base_amount`,
      notional: formatUnits(exposure.baseAmount * exposure.price, scale),
      max_order_notional: limits.maxOrderNotional,
      market: market.symbol,
    });
  }
}
