/**
 * Lighter order routes (all need the gateway token):
 *   POST   /orders/lighter                                   create an order
 *   DELETE /orders/lighter/:market_index/:order_index        cancel one order
 *   PATCH  /orders/lighter/:market_index/:order_index        modify an order
 *   POST   /orders/lighter/cancel-all                        cancel all (immediate | scheduled | abort)
 *   POST   /orders/lighter/batch                             up to 50 transactions in one sendTxBatch
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app";
import type { TradingConfig } from "../config";
import type { DeskAnswer } from "../trading/desk-core";
import { accountDesk } from "../trading/desk-stub";
import { batchRequest, cancelAllRequest, cancelOrderRequest, createOrderRequest, firstIssue, modifyOrderRequest } from "../trading/requests";
import { requireGatewayToken } from "./auth";
import { validatedBody } from "./body";
import { HttpError } from "./errors";

export function tradingConfig(c: Context<AppEnv>): TradingConfig {
  const { trading } = c.get("config");
  if (!trading.ok) throw new HttpError(503, "not_configured", "Trading is not configured", { errors: trading.errors });
  return trading.value;
}

export function deskResponse(answer: DeskAnswer): Response {
  return new Response(answer.json, { status: answer.status, headers: { "Content-Type": "application/json", ...answer.headers } });
}

/** The order addressed by the path, validated like a body would be. */
function orderInPath(c: Context<AppEnv>) {
  const parsed = cancelOrderRequest.safeParse({ market_index: c.req.param("market_index"), order_index: c.req.param("order_index") });
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new HttpError(400, "invalid_request", `${field}: ${message}`, { field });
  }
  return parsed.data;
}

export const orderRoutes = new Hono<AppEnv>()
  .use("/orders/*", requireGatewayToken)
  .post("/orders/lighter", async (c) => {
    const trading = tradingConfig(c);
    const order = await validatedBody(c, createOrderRequest);
    return deskResponse(await accountDesk(c.env, trading.lighter.accountIndex).createOrder(trading, order));
  })
  .post("/orders/lighter/cancel-all", async (c) => {
    const trading = tradingConfig(c);
    const request = await validatedBody(c, cancelAllRequest);
    return deskResponse(await accountDesk(c.env, trading.lighter.accountIndex).cancelAll(trading, request));
  })
  .post("/orders/lighter/batch", async (c) => {
    const trading = tradingConfig(c);
    const request = await validatedBody(c, batchRequest);
    return deskResponse(await accountDesk(c.env, trading.lighter.accountIndex).batch(trading, request));
  })
  .delete("/orders/lighter/:market_index/:order_index", async (c) => {
    const trading = tradingConfig(c);
    return deskResponse(await accountDesk(c.env, trading.lighter.accountIndex).cancelOrder(trading, orderInPath(c)));
  })
  .patch("/orders/lighter/:market_index/:order_index", async (c) => {
    const trading = tradingConfig(c);
    const target = orderInPath(c);
    const change = await validatedBody(c, modifyOrderRequest.omit({ market_index: true, order_index: true }));
    return deskResponse(await accountDesk(c.env, trading.lighter.accountIndex).modifyOrder(trading, { ...target, ...change }));
  });
