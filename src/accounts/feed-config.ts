/**
 * Which account feeds a configuration wants, what each Durable Object is named, and which venue adapter
 * reads it. A feed runs only while trading on its venue is live and ACCOUNT_FEEDS is on (DESIGN: modes).
 */
import { NO_AUTOMATIC_HALTS, type Config, type HyperliquidTradingConfig, type TradingConfig } from "../config";
import { HyperliquidAccountFeed } from "../venues/hyperliquid/account-feed";
import { LighterAccountFeed } from "../venues/lighter/account-feed";
import type { AccountFeedAdapter } from "./feed-adapter";
import type { GuardConfig } from "./feed-guard";
import { safetyConfigOf } from "../safety/safety-config";
import type { FeedVenue } from "./model";

/** Which feed: a venue and its trading section (credentials, URLs, the account). */
export type FeedIdentity = { venue: "lighter"; trading: TradingConfig } | { venue: "hyperliquid"; trading: HyperliquidTradingConfig };

/** A venue's feed as it runs: its identity and what its guard alerts and halts on. */
export type FeedConfig = FeedIdentity & { guard: GuardConfig };

/** Why a venue has no feed, as /health and the account routes say it. */
export type FeedAbsence = "not_configured" | "dry_run" | "disabled";

export type FeedPlan = { venue: FeedVenue; feed: FeedConfig } | { venue: FeedVenue; absent: FeedAbsence };

/** The account a feed watches: Lighter's account index, or Hyperliquid's vault (when set) or account address. */
export function feedAccount(feed: FeedIdentity): string {
  if (feed.venue === "lighter") return String(feed.trading.lighter.accountIndex);
  return feed.trading.hyperliquid.vaultAddress ?? feed.trading.hyperliquid.accountAddress;
}

/** One Durable Object per (venue, account); this is the one place that names it. */
export function feedName(feed: FeedIdentity): string {
  return `${feed.venue}-feed:${feedAccount(feed)}`;
}

/** Each venue's feed, or why it has none. */
export function feedPlans(config: Config): FeedPlan[] {
  const guard: GuardConfig = {
    halts: config.safety.ok ? config.safety.value.automaticHalts : NO_AUTOMATIC_HALTS,
    safety: config.safety.ok ? safetyConfigOf(config) : null,
  };
  const plan = <T extends TradingConfig | HyperliquidTradingConfig>(venue: FeedVenue, section: Config["trading"] | Config["hyperliquidTrading"], make: (trading: T) => FeedConfig): FeedPlan => {
    if (!section.ok) return { venue, absent: "not_configured" };
    if (section.value.mode !== "live") return { venue, absent: "dry_run" };
    if (!config.feeds.ok || !config.feeds.value.enabled) return { venue, absent: "disabled" };
    return { venue, feed: make(section.value as T) };
  };
  return [
    plan<TradingConfig>("lighter", config.trading, (trading) => ({ venue: "lighter", trading, guard })),
    plan<HyperliquidTradingConfig>("hyperliquid", config.hyperliquidTrading, (trading) => ({ venue: "hyperliquid", trading, guard })),
  ];
}

export function adapterFor(feed: FeedIdentity): AccountFeedAdapter {
  return feed.venue === "lighter" ? new LighterAccountFeed(feed.trading) : new HyperliquidAccountFeed(feed.trading);
}
