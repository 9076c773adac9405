/**
 * Which desk serves a trading request, with which configuration section, and how its answer becomes the
 * HTTP response. Shared by the order, account and health routes (route files do not import each other).
 */
import type { Context } from "hono";
import type { AppEnv } from "../app";
import type { HyperliquidTradingConfig, TradingConfig } from "../config";
import type { DeskAnswer } from "../trading/desk-core";
import { accountDesk, hyperliquidDeskFor } from "../trading/desk-stub";
import { HttpError } from "./errors";

/** Lighter's trading section, or 503 naming what is wrong with it. */
export function tradingConfig(c: Context<AppEnv>): TradingConfig {
  const { trading } = c.get("config");
  if (!trading.ok) throw new HttpError(503, "not_configured", "Trading is not configured", { errors: trading.errors });
  return trading.value;
}

export function lighterDeskOf(c: Context<AppEnv>) {
  const trading = tradingConfig(c);
  return { trading, desk: accountDesk(c.env, trading.lighter.accountIndex) };
}

/** Hyperliquid's trading section, or 503 naming what is wrong with it (Lighter is unaffected). */
export function hyperliquidTradingConfig(c: Context<AppEnv>): HyperliquidTradingConfig {
  const { hyperliquidTrading } = c.get("config");
  if (!hyperliquidTrading.ok) throw new HttpError(503, "not_configured", "Hyperliquid trading is not configured", { errors: hyperliquidTrading.errors });
  return hyperliquidTrading.value;
}

export function hyperliquidDeskOf(c: Context<AppEnv>) {
  const trading = hyperliquidTradingConfig(c);
  return { trading, desk: hyperliquidDeskFor(c.env, trading) };
}

export function deskResponse(answer: DeskAnswer): Response {
  return new Response(answer.json, { status: answer.status, headers: { "Content-Type": "application/json", ...answer.headers } });
}
