import { Hono } from "hono";
import type { AppEnv } from "../app";

export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  const config = c.get("config");
  return c.json({
    status: "ok",
    mode: config.trading.ok ? config.trading.value.mode : null,
    trading_configured: config.trading.ok,
    configuration_errors: config.trading.ok ? [] : config.trading.errors,
  });
});
