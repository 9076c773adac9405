/**
 * GET /fills and GET /funding-payments (gateway token): the gateway's own record of the account's fills
 * and funding payments on both venues (kept at least 30 days), oldest first from `since`, paged by an
 * opaque cursor. Funding payments also come summed per venue and asset (received, paid, net) over
 * everything the filters select.
 */
import { Hono, type Context } from "hono";
import * as z from "zod";
import type { AppEnv } from "../app";
import type { AccountFeed } from "../accounts/account-feed";
import type { HistoryQuery, StoredRow } from "../accounts/feed-store";
import type { FeedVenue } from "../accounts/model";
import { requireGatewayToken } from "./auth";
import { feedsToRead, venueParam, type ReadableFeed } from "./feeds";
import { parseOrThrow } from "./query";

export const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

/** Where the previous page ended: rows sort by (time, venue, key). */
interface Cursor {
  time: number;
  venue: FeedVenue;
  key: string;
}

function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.time, cursor.venue, cursor.key])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const cursorParam = z.string().transform((text, ctx): Cursor => {
  try {
    const [time, venue, key] = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/"))) as unknown[];
    if (Number.isSafeInteger(time) && venueParam.safeParse(venue).success && typeof key === "string") return { time: time as number, venue: venue as FeedVenue, key };
  } catch {
    // Reported below.
  }
  ctx.addIssue({ code: "custom", message: "cursor is not one this gateway returned (use next_cursor as it is)" });
  return z.NEVER;
});

const historyQuery = z.strictObject({
  venue: venueParam.optional(),
  asset: z.string().regex(/^[A-Za-z0-9]{1,24}$/, "asset must be 1 to 24 letters or digits, e.g. BTC or PEPE").transform((asset) => asset.toUpperCase()).optional(),
  since: z.string().regex(/^\d{1,15}$/, "since must be a unix time in milliseconds").transform(Number).optional(),
  limit: z.string().regex(/^\d{1,4}$/, `limit must be a whole number from 1 to ${MAX_PAGE}`).transform(Number).refine((n) => n >= 1 && n <= MAX_PAGE, `limit must be from 1 to ${MAX_PAGE}`).optional(),
  cursor: cursorParam.optional(),
});

/** A venue's part of the page: rows strictly after the cursor in (time, venue, key) order. */
function venueQuery(venue: FeedVenue, query: z.output<typeof historyQuery>, limit: number): HistoryQuery {
  const { cursor } = query;
  const after = cursor === undefined ? undefined : { time: cursor.venue === venue ? cursor.time : venue < cursor.venue ? cursor.time + 1 : cursor.time, key: cursor.venue === venue ? cursor.key : "" };
  return {
    ...(query.asset === undefined ? {} : { asset: query.asset }),
    ...(query.since === undefined ? {} : { since: query.since }),
    // An empty key sorts before every key: the cursor's time itself is included for later venues.
    ...(after === undefined ? {} : after.key === "" ? { since: Math.max(query.since ?? 0, after.time) } : { after }),
    limit,
  };
}

async function page<T extends { time: number }>(
  c: Context<AppEnv>,
  read: (stub: DurableObjectStub<AccountFeed>, query: HistoryQuery) => Promise<StoredRow<T>[]>,
) {
  const query = parseOrThrow(historyQuery, c.req.query(), "query");
  const limit = query.limit ?? DEFAULT_PAGE;
  const { feeds, sources } = await feedsToRead(c, query.venue);
  const parts = await Promise.all(feeds.map(async (feed: ReadableFeed) => (await read(feed.stub, venueQuery(feed.venue, query, limit))).map((row) => ({ venue: feed.venue, ...row }))));
  const rows = parts
    .flat()
    .sort((a, b) => a.item.time - b.item.time || a.venue.localeCompare(b.venue) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit);
  const last = rows[rows.length - 1];
  const full = rows.length === limit && last !== undefined;
  return { items: rows.map((row) => row.item), next_cursor: full ? encodeCursor({ time: last.item.time, venue: last.venue, key: last.key }) : null, sources, feeds, query };
}

export const fillRoutes = new Hono<AppEnv>()
  .get("/fills", requireGatewayToken, async (c) => {
    const { items, next_cursor, sources } = await page(c, (stub, query) => stub.fills(query));
    return c.json({ fills: items, next_cursor, sources });
  })
  .get("/funding-payments", requireGatewayToken, async (c) => {
    const { items, next_cursor, sources, feeds, query } = await page(c, (stub, query) => stub.fundingPayments(query));
    // Totals cover every payment the filters select, not just this page.
    const range = { ...(query.asset === undefined ? {} : { asset: query.asset }), ...(query.since === undefined ? {} : { since: query.since }) };
    const totals = (await Promise.all(feeds.map((feed) => feed.stub.fundingTotals(range)))).flat();
    return c.json({ payments: items, totals, next_cursor, sources });
  });
