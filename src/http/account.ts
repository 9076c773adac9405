import { Hono } from "hono";
import type { AppEnv } from "../app";
import { requireGatewayToken } from "./auth";
import { deskResponse, hyperliquidDeskOf, lighterDeskOf } from "./desks";

/**
 * GET /account/lighter: the configured account's balances, positions and open orders.
 * GET /account/hyperliquid: positions, margin summary and open orders of the account (or the vault it
 * trades for). Both need the token.
 */
export const accountRoutes = new Hono<AppEnv>()
  .get("/account/lighter", requireGatewayToken, async (c) => {
    const { trading, desk } = lighterDeskOf(c);
    return deskResponse(await desk.account(trading));
  })
  .get("/account/hyperliquid", requireGatewayToken, async (c) => {
    const { trading, desk } = hyperliquidDeskOf(c);
    return deskResponse(await desk.account(trading));
  });
