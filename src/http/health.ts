import { Hono } from "hono";
import type { AppEnv } from "../app";
import { accountDesk } from "../trading/desk-stub";

/**
 * GET /health (public). `lighter_connected` is true once the public key derived from LIGHTER_PRIVATE_KEY
 * equals the one Lighter has registered for the account and every configured key index (checked by the
 * desk, cached briefly). Configuration problems are reported by variable name, never by value.
 */
export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  const { trading } = c.get("config");
  if (!trading.ok) {
    return c.json({
      status: "ok",
      mode: null,
      trading_configured: false,
      lighter_connected: false,
      reason: "trading configuration is invalid",
      configuration_errors: trading.errors,
    });
  }
  const desk = await accountDesk(c.env, trading.value.lighter.accountIndex).health(trading.value);
  return c.json({
    status: "ok",
    mode: trading.value.mode,
    trading_configured: true,
    lighter_connected: desk.lighter_connected,
    reason: desk.reason,
    account_index: trading.value.lighter.accountIndex,
    nonce_manager: trading.value.lighter.nonceManager,
    public_key: desk.public_key,
    api_keys: desk.api_keys,
    last_upstream_error: desk.last_upstream_error,
  });
});
