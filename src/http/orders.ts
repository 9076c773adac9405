/**
 * Lighter order routes (all behind the gateway token, checked in app.ts for every /orders/* path):
 *   POST   /orders/lighter                                   create an order
 *   DELETE /orders/lighter/:market_index/:order_index        cancel one order
 *   PATCH  /orders/lighter/:market_index/:order_index        modify an order
 *   POST   /orders/lighter/cancel-all                        cancel all (immediate | scheduled | abort)
 *   POST   /orders/lighter/batch                             up to 50 transactions in one sendTxBatch
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app";
import { batchRequest, cancelAllRequest, cancelOrderRequest, createOrderRequest, firstIssue, modifyOrderRequest } from "../trading/requests";
import { validatedBody } from "./body";
import { deskResponse, lighterDeskOf } from "./desks";
import { HttpError } from "./errors";

/** The order addressed by the path, validated like a body would be. */
function orderInPath(c: Context<AppEnv>) {
  const parsed = cancelOrderRequest.safeParse({ market_index: c.req.param("market_index"), order_index: c.req.param("order_index") });
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new HttpError(400, "invalid_request", `${field}: ${message}`, { field });
  }
  return parsed.data;
}

/** Behind the gateway token: app.ts guards every /orders/* path before any route runs. */
export const orderRoutes = new Hono<AppEnv>()
  .post("/orders/lighter", async (c) => {
    const { trading, desk } = lighterDeskOf(c);
    const order = await validatedBody(c, createOrderRequest);
    return deskResponse(await desk.createOrder(trading, order));
  })
  .post("/orders/lighter/cancel-all", async (c) => {
    const { trading, desk } = lighterDeskOf(c);
    const request = await validatedBody(c, cancelAllRequest);
    return deskResponse(await desk.cancelAll(trading, request));
  })
  .post("/orders/lighter/batch", async (c) => {
    const { trading, desk } = lighterDeskOf(c);
    const request = await validatedBody(c, batchRequest);
    return deskResponse(await desk.batch(trading, request));
  })
  .delete("/orders/lighter/:market_index/:order_index", async (c) => {
    const { trading, desk } = lighterDeskOf(c);
    return deskResponse(await desk.cancelOrder(trading, orderInPath(c)));
  })
  .patch("/orders/lighter/:market_index/:order_index", async (c) => {
    const { trading, desk } = lighterDeskOf(c);
    const target = orderInPath(c);
    const change = await validatedBody(c, modifyOrderRequest.omit({ market_index: true, order_index: true }));
    return deskResponse(await desk.modifyOrder(trading, { ...target, ...change }));
  });
