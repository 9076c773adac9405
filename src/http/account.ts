import { Hono } from "hono";
import type { AppEnv } from "../app";
import { accountDesk } from "../trading/desk-stub";
import { requireGatewayToken } from "./auth";
import { deskResponse, tradingConfig } from "./orders";

/** GET /account/lighter: the configured account's balances, positions and open orders (needs the token). */
export const accountRoutes = new Hono<AppEnv>().get("/account/lighter", requireGatewayToken, async (c) => {
  const trading = tradingConfig(c);
  return deskResponse(await accountDesk(c.env, trading.lighter.accountIndex).account(trading));
});
