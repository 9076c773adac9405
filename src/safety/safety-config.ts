/**
 * What the safety desk needs to know of the configuration: each venue's trading section (to reach that
 * venue's desk, which signs) and the dead-man's switch. The Worker hands it over with every call, as it
 * does to the venue desks, because the Worker's parsed configuration is the one requests run with; the
 * desk's own `loadConfig(this.env)` is the fallback when nothing was handed over since it started (the
 * alarm after a restart). In a deployment both are the same variables.
 */
import type { Config, HyperliquidTradingConfig, TradingConfig } from "../config";

export interface SafetyDeskConfig {
  /** Lighter's trading section; null when it is not configured (invalid or missing variables). */
  lighter: TradingConfig | null;
  hyperliquid: HyperliquidTradingConfig | null;
  /** DEADMAN_SECONDS; null when the switch is off (or the safety section is invalid). */
  deadmanSeconds: number | null;
}

export const SAFETY_VENUES = ["lighter", "hyperliquid"] as const;
export type SafetyVenue = (typeof SAFETY_VENUES)[number];

const cache = new WeakMap<Config, SafetyDeskConfig>();

export function safetyConfigOf(config: Config): SafetyDeskConfig {
  let safety = cache.get(config);
  if (safety === undefined) {
    safety = {
      lighter: config.trading.ok ? config.trading.value : null,
      hyperliquid: config.hyperliquidTrading.ok ? config.hyperliquidTrading.value : null,
      deadmanSeconds: config.safety.ok ? (config.safety.value.deadmanSeconds ?? null) : null,
    };
    cache.set(config, safety);
  }
  return safety;
}

/** Is the venue's dead-man's switch to be kept: the switch is on, and the venue is configured and live? */
export function deadmanActive(config: SafetyDeskConfig, venue: SafetyVenue): boolean {
  return config.deadmanSeconds !== null && config[venue]?.mode === "live";
}

export function deadmanWanted(config: SafetyDeskConfig): boolean {
  return SAFETY_VENUES.some((venue) => deadmanActive(config, venue));
}
