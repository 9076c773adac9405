/**
 * The halt (kill switch). Changing it needs the gateway token; reading it does not (/health shows it too):
 *   POST /halt   {"reason"}  every order that could open or grow a position is refused (423 halted) on both
 *                            venues, and every resting order is cancelled; answered once every desk has it
 *   POST /resume             lifts it
 *   GET  /halt               the state, who set it and when
 * The state lives in the safety desk (one Durable Object); see src/safety/safety-desk.ts.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app";
import { haltRequest } from "../safety/halt-state";
import { safetyConfigOf } from "../safety/safety-config";
import { safetyDesk } from "../trading/desk-stub";
import { requireGatewayToken } from "./auth";
import { validatedBody } from "./body";

export const safetyRoutes = new Hono<AppEnv>()
  .get("/halt", async (c) => c.json(await safetyDesk(c.env).haltState()))
  .post("/halt", requireGatewayToken, async (c) => {
    const { reason } = await validatedBody(c, haltRequest);
    return c.json(await safetyDesk(c.env).halt({ reason, set_by: "route" }, safetyConfigOf(c.get("config"))));
  })
  .post("/resume", requireGatewayToken, async (c) => c.json(await safetyDesk(c.env).resume({ set_by: "route" }, safetyConfigOf(c.get("config")))));
