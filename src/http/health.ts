import { Hono } from "hono";
import type { AppEnv } from "../app";
import type { Config } from "../config";
import { accountDesk } from "../trading/desk-stub";
import { hyperliquidDeskFor } from "./desks";

/**
 * GET /health (public). The top-level fields are Lighter's, as they always were: `lighter_connected` is
 * true once the public key derived from LIGHTER_PRIVATE_KEY equals the one Lighter has registered for the
 * account and every configured key index (checked by the desk, cached briefly). `hyperliquid` is the
 * Hyperliquid desk's own section: the agent's address and whether Hyperliquid knows it as an agent of the
 * configured account. Configuration problems are reported by variable name, never by value.
 */
export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  const config = c.get("config");
  const [lighter, hyperliquid] = await Promise.all([lighterHealth(c.env, config), hyperliquidHealth(c.env, config)]);
  return c.json({ status: "ok", ...lighter, hyperliquid });
});

async function lighterHealth(env: Env, { trading }: Config) {
  if (!trading.ok) {
    return { mode: null, trading_configured: false, lighter_connected: false, reason: "trading configuration is invalid", configuration_errors: trading.errors };
  }
  const desk = await accountDesk(env, trading.value.lighter.accountIndex).health(trading.value);
  return {
    mode: trading.value.mode,
    trading_configured: true,
    lighter_connected: desk.lighter_connected,
    reason: desk.reason,
    account_index: trading.value.lighter.accountIndex,
    nonce_manager: trading.value.lighter.nonceManager,
    public_key: desk.public_key,
    api_keys: desk.api_keys,
    last_upstream_error: desk.last_upstream_error,
  };
}

async function hyperliquidHealth(env: Env, { hyperliquidTrading }: Config) {
  if (!hyperliquidTrading.ok) {
    return { configured: false, mode: null, reason: "Hyperliquid trading configuration is invalid", configuration_errors: hyperliquidTrading.errors };
  }
  const trading = hyperliquidTrading.value;
  return { configured: true, mode: trading.mode, ...(await hyperliquidDeskFor(env, trading).health(trading)) };
}
