/**
 * The pair desk's way to its venues' legs: one PairVenue per venue, built from the trading section the
 * Worker parsed. A venue joins (GRVT) by adding its leg here.
 */
import type { HyperliquidTradingConfig, TradingConfig } from "../../config";
import type { LegVenue } from "../leg-rules";
import type { PairVenue } from "../pair-venue";
import { HyperliquidLeg } from "./hyperliquid-leg";
import { LighterLeg } from "./lighter-leg";

/** A leg, and the id its venue knows a leg order by (Lighter's client_order_index as text, the cloid), as fills carry it. */
export interface VenueLeg extends PairVenue {
  venueClientId(clientId: string): string;
}

/** The trading sections the legs are built from (null: that venue is not configured). */
export interface LegConfigs {
  lighter: TradingConfig | null;
  hyperliquid: HyperliquidTradingConfig | null;
}

/** The leg of `venue`; throws when that venue is not configured (a pair is planned only when both are). */
export function legFor(env: Env, venue: LegVenue, configs: LegConfigs): VenueLeg {
  if (venue === "lighter") {
    if (configs.lighter === null) throw new Error("Lighter trading is not configured");
    return new LighterLeg(env, configs.lighter);
  }
  if (configs.hyperliquid === null) throw new Error("Hyperliquid trading is not configured");
  return new HyperliquidLeg(env, configs.hyperliquid);
}
