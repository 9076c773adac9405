/**
 * Hyperliquid order routes (all behind the gateway token, checked in app.ts for every /orders/* path):
 *   POST   /orders/hyperliquid                           create an order (cloid is the idempotency key)
 *   DELETE /orders/hyperliquid/:coin/:order_id           cancel by order id, or by cloid (0x + 32 hex)
 *   PATCH  /orders/hyperliquid/:coin/:order_id           modify an order (its new terms in the body)
 *   POST   /orders/hyperliquid/batch                     several orders, or several cancels, in one action
 *   POST   /orders/hyperliquid/schedule-cancel           the dead-man's switch: {"time": unix ms | null}
 *   POST   /orders/hyperliquid/leverage                  {"coin","leverage","margin_mode":"cross"|"isolated"}
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app";
import {
  hyperliquidBatchRequest,
  hyperliquidCancelTarget,
  hyperliquidLeverageRequest,
  hyperliquidModifyRequest,
  hyperliquidOrderRequest,
  hyperliquidScheduleCancelRequest,
} from "../trading/hyperliquid-requests";
import { firstIssue } from "../trading/requests";
import { validatedBody } from "./body";
import { deskResponse, hyperliquidDeskOf } from "./desks";
import { HttpError } from "./errors";

/** The order addressed by the path, validated like a body would be. */
function orderInPath(c: Context<AppEnv>) {
  const parsed = hyperliquidCancelTarget.safeParse({ coin: c.req.param("coin"), order_id: c.req.param("order_id") });
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new HttpError(400, "invalid_request", `${field}: ${message}`, { field });
  }
  return parsed.data;
}

/** Behind the gateway token: app.ts guards every /orders/* path before any route runs. */
export const hyperliquidOrderRoutes = new Hono<AppEnv>()
  .post("/orders/hyperliquid", async (c) => {
    const { trading, desk } = hyperliquidDeskOf(c);
    const order = await validatedBody(c, hyperliquidOrderRequest);
    return deskResponse(await desk.createOrder(trading, order));
  })
  .post("/orders/hyperliquid/batch", async (c) => {
    const { trading, desk } = hyperliquidDeskOf(c);
    const request = await validatedBody(c, hyperliquidBatchRequest);
    return deskResponse(await desk.batch(trading, request));
  })
  .post("/orders/hyperliquid/schedule-cancel", async (c) => {
    const { trading, desk } = hyperliquidDeskOf(c);
    const request = await validatedBody(c, hyperliquidScheduleCancelRequest);
    return deskResponse(await desk.scheduleCancel(trading, request));
  })
  .post("/orders/hyperliquid/leverage", async (c) => {
    const { trading, desk } = hyperliquidDeskOf(c);
    const request = await validatedBody(c, hyperliquidLeverageRequest);
    return deskResponse(await desk.updateLeverage(trading, request));
  })
  .delete("/orders/hyperliquid/:coin/:order_id", async (c) => {
    const { trading, desk } = hyperliquidDeskOf(c);
    return deskResponse(await desk.cancelOrder(trading, orderInPath(c)));
  })
  .patch("/orders/hyperliquid/:coin/:order_id", async (c) => {
    const { trading, desk } = hyperliquidDeskOf(c);
    const target = orderInPath(c);
    const change = await validatedBody(c, hyperliquidModifyRequest);
    return deskResponse(await desk.modifyOrder(trading, target, change));
  });
