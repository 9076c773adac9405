/**
 * Reaching the account feeds from the Worker: each configured venue's feed Durable Object, and the
 * start that keeps them running. A feed runs on its own alarm once started; the Worker starts it once per
 * isolate and configuration (after a deploy, the first request of each new isolate does), without
 * delaying the request that does it.
 */
import type { Config } from "../config";
import type { AccountFeed } from "./account-feed";
import { feedName, feedPlans, type FeedAbsence, type FeedConfig, type FeedIdentity } from "./feed-config";
import type { FeedVenue } from "./model";

export function accountFeed(env: Env, feed: FeedIdentity): DurableObjectStub<AccountFeed> {
  return env.ACCOUNT_FEED.getByName(feedName(feed));
}

export type VenueFeed = { venue: FeedVenue; feed: FeedConfig; stub: DurableObjectStub<AccountFeed> } | { venue: FeedVenue; absent: FeedAbsence };

/** Each venue's feed (with its stub), or why it has none. */
export function venueFeeds(env: Env, config: Config): VenueFeed[] {
  return feedPlans(config).map((plan) => ("feed" in plan ? { ...plan, stub: accountFeed(env, plan.feed) } : plan));
}

/** Configurations whose feeds this isolate has started. */
const started = new WeakSet<Config>();

/** Starts the configuration's feeds once per isolate; a failed start is tried again by the next request. */
export function startFeeds(env: Env, config: Config, waitUntil: (work: Promise<unknown>) => void): void {
  if (started.has(config)) return;
  started.add(config);
  for (const feed of venueFeeds(env, config)) {
    if (!("stub" in feed)) continue;
    waitUntil(
      feed.stub.ensureRunning(feed.feed).catch((error: unknown) => {
        started.delete(config);
        console.error(JSON.stringify({ event: "feed_start_failed", venue: feed.venue, message: error instanceof Error ? error.message : String(error) }));
      }),
    );
  }
}
