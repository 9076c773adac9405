/**
 * Public funding-board routes (no token): JSON, snake_case, cacheable for a few seconds. Every read is
 * answered from the FundingBoard Durable Object's storage; query parameters are validated with zod and
 * a bad one gets a 400 naming it.
 */
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../app";
import { MAX_HISTORY_HOURS } from "../funding/history";
import { VENUES } from "../funding/types";
import { parseOrThrow } from "./query";
import { HttpError } from "./errors";

/** The board refreshes one venue every few seconds; a 5 s cache costs no freshness worth having. */
const BOARD_CACHE_CONTROL = "public, max-age=5";
/** Settled history changes once an hour. */
const HISTORY_CACHE_CONTROL = "public, max-age=60";
const BOARD_NAME = "global";

const finiteNumber = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, `${name} must be a decimal number`)
    .transform(Number)
    .refine(Number.isFinite, `${name} must be finite`);

const opportunitiesQuery = z.strictObject({
  min_apr: finiteNumber("min_apr").optional(),
  min_open_interest_usd: finiteNumber("min_open_interest_usd").refine((n) => n >= 0, "min_open_interest_usd must not be negative").optional(),
  venues: z
    .string()
    .transform((text) => text.split(",").map((v) => v.trim()).filter((v) => v !== ""))
    .pipe(
      z
        .array(z.enum(VENUES, { error: (issue) => `venues: unknown venue ${JSON.stringify(issue.input)} (known: ${VENUES.join(", ")})` }))
        .refine((list) => new Set(list).size >= 2, "venues must name at least two different venues (a pair needs two)"),
    )
    .optional(),
});

const historyQuery = z.strictObject({
  hours: z
    .string()
    .regex(/^\d+$/, "hours must be a whole number")
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_HISTORY_HOURS, `hours must be between 1 and ${MAX_HISTORY_HOURS}`)
    .optional(),
});

/** Routes that take no query parameters refuse any (a typo such as ?min_apr on the board is a 400). */
const noQuery = z.strictObject({});

const assetParam = z.string().regex(/^[A-Za-z0-9]{1,24}$/, "asset must be 1 to 24 letters or digits, e.g. BTC or PEPE");


function board(env: Env) {
  return env.FUNDING_BOARD.getByName(BOARD_NAME);
}

/**
 * Each isolate reuses the board's JSON for up to this long: the hottest route then costs no Durable
 * Object call, and however many isolates serve reads, the single board sees about one call per isolate
 * per second (a DO serves ~1,000 requests/s). Clients already accept 5 s (Cache-Control).
 */
const ISOLATE_COPY_MS = 1000;
/**
 * An expired copy is still served, while one request fetches the next in the background, for up to this
 * long: reads never queue behind the board (which may be busy with a refresh step). Older than this,
 * a read waits for the fresh copy. The JSON carries its own generated_at and per-venue ages.
 */
const ISOLATE_COPY_MAX_STALE_MS = 10_000;

interface BoardCopy {
  body: Uint8Array;
  at: number;
}

const boardCopies = new WeakMap<object, BoardCopy>();
/** The one fetch in flight per isolate, shared by every read that needs it. */
const boardFetches = new WeakMap<object, Promise<BoardCopy>>();
const utf8 = new TextEncoder();

function fetchBoardCopy(env: Env): Promise<BoardCopy> {
  let pending = boardFetches.get(env);
  if (pending === undefined) {
    pending = board(env)
      .boardJson()
      .then((json) => {
        const copy = { body: utf8.encode(json), at: Date.now() };
        boardCopies.set(env, copy);
        return copy;
      })
      .finally(() => boardFetches.delete(env));
    boardFetches.set(env, pending);
  }
  return pending;
}

/** The board's JSON, encoded once per copy rather than once per response. */
async function boardBody(env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }): Promise<Uint8Array> {
  const copy = boardCopies.get(env);
  const age = copy === undefined ? Infinity : Date.now() - copy.at;
  if (copy !== undefined && age < ISOLATE_COPY_MS) return copy.body;
  if (copy !== undefined && age < ISOLATE_COPY_MAX_STALE_MS) {
    // A failed background fetch is retried by the next read; this read still has a copy to serve.
    ctx.waitUntil(fetchBoardCopy(env).catch(() => undefined));
    return copy.body;
  }
  return (await fetchBoardCopy(env)).body;
}

function assetKey(raw: string): string {
  return parseOrThrow(assetParam, raw, "asset").toUpperCase();
}

function notFound(asset: string): HttpError {
  return new HttpError(404, "unknown_asset", `No venue lists asset ${asset} on the funding board`, { parameter: "asset" }, { "Cache-Control": "no-store" });
}

export const marketRoutes = new Hono<AppEnv>()
  .get("/markets/funding", async (c) => {
    parseOrThrow(noQuery, c.req.query(), "query");
    return new Response(await boardBody(c.env, c.executionCtx), { headers: { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": BOARD_CACHE_CONTROL } });
  })
  .get("/markets/funding/:asset", async (c) => {
    const asset = assetKey(c.req.param("asset"));
    parseOrThrow(noQuery, c.req.query(), "query");
    const view = await board(c.env).asset(asset);
    if (view === null) throw notFound(asset);
    c.header("Cache-Control", BOARD_CACHE_CONTROL);
    return c.json(view);
  })
  .get("/markets/funding/:asset/history", async (c) => {
    const asset = assetKey(c.req.param("asset"));
    const query = parseOrThrow(historyQuery, c.req.query(), "query");
    const view = await board(c.env).history(asset, query.hours ?? 24);
    if (view === null) throw notFound(asset);
    c.header("Cache-Control", HISTORY_CACHE_CONTROL);
    return c.json(view);
  })
  .get("/markets/opportunities", async (c) => {
    const query = parseOrThrow(opportunitiesQuery, c.req.query(), "query");
    const view = await board(c.env).opportunities({
      ...(query.min_apr === undefined ? {} : { minApr: query.min_apr }),
      ...(query.min_open_interest_usd === undefined ? {} : { minOpenInterestUsd: query.min_open_interest_usd }),
      ...(query.venues === undefined ? {} : { venues: query.venues }),
    });
    c.header("Cache-Control", BOARD_CACHE_CONTROL);
    return c.json(view);
  });
