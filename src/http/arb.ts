/**
 * Arbitrage pair routes (gateway token), answered by the pair desk (arb/pair-desk.ts):
 *   POST /arb/preview                 the pair exactly as it would be sent, its funding, costs and risk verdicts
 *   POST /arb/pairs                   open a pair (pair_id is the idempotency key)
 *   POST /arb/pairs/:pair_id/close    close both legs reduce-only
 *   GET  /arb/pairs                   every pair
 *   GET  /arb/pairs/:pair_id          one pair: legs, orders, fills, funding, fees, PnL
 */
import { Hono, type Context } from "hono";
import * as z from "zod";
import type { AppEnv } from "../app";
import { pairDeskConfigOf, type DeskResult, type PairDesk, type PairDeskConfig } from "../arb/pair-desk";
import { pairRequest, previewRequest } from "../arb/pair";
import { requireGatewayToken } from "./auth";
import { validatedBody } from "./body";
import { HttpError } from "./errors";
import { parseOrThrow } from "./query";

const pairIdParam = z.strictObject({ pair_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "pair_id must be 1 to 64 letters, digits, - or _") });

function pairDesk(env: Env): DurableObjectStub<PairDesk> {
  return env.PAIR_DESK.getByName("global");
}

function deskConfig(c: Context<AppEnv>): PairDeskConfig {
  const config = pairDeskConfigOf(c.get("config"));
  if (config === null) throw new HttpError(503, "not_configured", "Neither venue's trading is configured: a pair needs both", {});
  return config;
}

function answer(c: Context<AppEnv>, result: DeskResult<unknown>): Response {
  return c.json(result.body as object, result.status as 200);
}

export const arbRoutes = new Hono<AppEnv>()
  .use("/arb/*", requireGatewayToken)
  .post("/arb/preview", async (c) => {
    const request = await validatedBody(c, previewRequest);
    return answer(c, await pairDesk(c.env).preview(deskConfig(c), request));
  })
  .post("/arb/pairs", async (c) => {
    const request = await validatedBody(c, pairRequest);
    return answer(c, await pairDesk(c.env).open(deskConfig(c), request));
  })
  .post("/arb/pairs/:pair_id/close", async (c) => {
    const { pair_id } = parseOrThrow(pairIdParam, c.req.param(), "pair_id");
    return answer(c, await pairDesk(c.env).close(deskConfig(c), pair_id));
  })
  .get("/arb/pairs", async (c) => {
    parseOrThrow(z.strictObject({}), c.req.query(), "query");
    return c.json({ pairs: await pairDesk(c.env).list(deskConfig(c)) });
  })
  .get("/arb/pairs/:pair_id", async (c) => {
    const { pair_id } = parseOrThrow(pairIdParam, c.req.param(), "pair_id");
    const pair = await pairDesk(c.env).get(deskConfig(c), pair_id);
    if (pair === null) throw new HttpError(404, "unknown_pair", `No pair ${pair_id}`, { parameter: "pair_id" });
    return c.json(pair);
  });
