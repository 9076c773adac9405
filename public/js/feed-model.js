// @ts-check
/**
 * Each venue's account feed as a chip beside its board chip, from GET /health's `feeds` (the same
 * FeedSource every account route carries in `sources`). A pair needs both feeds live, so the chip says
 * which state a feed is in and, when it is not live, why. Pure: no DOM, no fetch.
 */
import { formatAge } from "./format.js";

/**
 * @typedef {{ state: "stopped" | "down" | "connecting" | "subscribing" | "reconciling" | "live", connected: boolean,
 *   last_message_age_ms: number | null, last_lost: { at: string, reason: string } | null,
 *   last_error: { at: string, message: string } | null }} FeedStatus
 * @typedef {{ feed: "on", status: FeedStatus } | { feed: "off", reason: string }} FeedSource
 * @typedef {{ lighter?: FeedSource, hyperliquid?: FeedSource }} FeedSources
 * @typedef {{ text: string, state: "live" | "pending" | "down" | "off", title: string }} FeedChip
 */

/**
 * null for a venue that has no account feed at all (GRVT: market data only).
 * @param {FeedSources | null | undefined} feeds
 * @param {string} venue
 * @returns {FeedChip | null}
 */
export function feedChip(feeds, venue) {
  const source = venue === "lighter" || venue === "hyperliquid" ? feeds?.[venue] : undefined;
  if (source === undefined) return null;
  if (source.feed === "off") return { text: `feed off: ${source.reason}`, state: "off", title: "No account feed: fills, positions and funding are not followed, and no pair can open" };
  const status = source.status;
  const heard = status.last_message_age_ms === null ? "nothing heard yet" : `last message ${formatAge(status.last_message_age_ms / 1000)} ago`;
  if (status.state === "live") return { text: "feed live", state: "live", title: heard };
  if (status.state === "down" || status.state === "stopped") {
    const why = status.last_lost?.reason ?? status.last_error?.message ?? "no reason recorded";
    return { text: `feed ${status.state}: ${why}`, state: "down", title: heard };
  }
  return { text: `feed ${status.state}`, state: "pending", title: `Not live yet: the feed catches up over REST before it trusts the socket; ${heard}` };
}
