/**
 * What the account routes (positions, fills, funding payments, open orders) share: which venues' feeds a
 * request reads (`?venue=`), and each venue's `source` — whether its feed is live, and if not why — so a
 * caller never mistakes an empty or stale answer for a flat account.
 */
import type { Context } from "hono";
import * as z from "zod";
import type { AppEnv } from "../app";
import { venueFeeds, type VenueFeed } from "../accounts/feed-stub";
import { FEED_VENUES, type FeedVenue } from "../accounts/model";
import type { AccountFeed, FeedStatus } from "../accounts/account-feed";
import { parseOrThrow } from "./query";

export const venueParam = z.enum(FEED_VENUES, { error: `venue must be one of ${FEED_VENUES.join(", ")}` });

export type FeedSource = { feed: "on"; status: FeedStatus } | { feed: "off"; reason: string };

const ABSENCE_REASONS = {
  not_configured: "trading on this venue is not configured",
  dry_run: "TRADING_MODE is dry-run: there is no venue account to watch",
  disabled: "ACCOUNT_FEEDS is off",
} as const;

export interface ReadableFeed {
  venue: FeedVenue;
  stub: DurableObjectStub<AccountFeed>;
}

/** The feeds a request reads (one venue, or all) and every selected venue's source. */
export async function feedsToRead(c: Context<AppEnv>, venue: FeedVenue | undefined): Promise<{ feeds: ReadableFeed[]; sources: Partial<Record<FeedVenue, FeedSource>> }> {
  const selected = venueFeeds(c.env, c.get("config")).filter((feed) => venue === undefined || feed.venue === venue);
  const sources: Partial<Record<FeedVenue, FeedSource>> = {};
  const feeds: ReadableFeed[] = [];
  await Promise.all(
    selected.map(async (feed: VenueFeed) => {
      if (!("stub" in feed)) {
        sources[feed.venue] = { feed: "off", reason: ABSENCE_REASONS[feed.absent] };
        return;
      }
      feeds.push({ venue: feed.venue, stub: feed.stub });
      sources[feed.venue] = { feed: "on", status: await feed.stub.status() };
    }),
  );
  feeds.sort((a, b) => a.venue.localeCompare(b.venue));
  return { feeds, sources };
}

/** The `venue` query parameter alone, validated (a 400 names it). */
export function venueQuery(c: Context<AppEnv>): FeedVenue | undefined {
  return parseOrThrow(z.strictObject({ venue: venueParam.optional() }), c.req.query(), "query").venue;
}
