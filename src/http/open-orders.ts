/**
 * GET /orders/open (gateway token, as every /orders/* path): the account's open orders on both venues as
 * the account feeds know them (reconciled with the venues' own lists after every connect).
 */
import { Hono } from "hono";
import type { AppEnv } from "../app";
import { feedsToRead, venueQuery } from "./feeds";

export const openOrderRoutes = new Hono<AppEnv>().get("/orders/open", async (c) => {
  const { feeds, sources } = await feedsToRead(c, venueQuery(c));
  const orders = (await Promise.all(feeds.map((feed) => feed.stub.openOrders()))).flat();
  return c.json({ orders, sources });
});
