/** A bundled gateway's account feeds as /health shows them, and its live bindings, for the benchmarks that run with ACCOUNT_FEEDS on. */
import type { FeedVenue } from "../../src/accounts/model";
import { STANDIN_PRIVATE_KEY } from "../../test/standins/node/lighter";
import { sleep } from "./steady-rate";

/** Connect, subscribe, wait for every acknowledgement, reconcile: well within this. */
const LIVE_DEADLINE_MS = 30_000;

/** The slice of a feed's status the benchmarks read. */
export interface FeedHealth {
  status?: { state?: string; connects?: number };
}

/** Each configured venue's feed as /health reports it (the first request also starts them). */
export async function feedHealth(base: URL): Promise<Partial<Record<FeedVenue, FeedHealth>>> {
  const health = (await (await fetch(new URL("/health", base))).json()) as { feeds?: Partial<Record<FeedVenue, FeedHealth>> };
  return health.feeds ?? {};
}

/** Waits until /health says each of `venues`' feeds is live. */
export async function feedsLive(base: URL, venues: readonly FeedVenue[]): Promise<void> {
  const deadline = performance.now() + LIVE_DEADLINE_MS;
  let last: unknown;
  while (performance.now() < deadline) {
    const feeds = await feedHealth(base);
    last = feeds;
    if (venues.every((venue) => feeds[venue]?.status?.state === "live")) return;
    await sleep(200);
  }
  throw new Error(`the ${venues.join(" and ")} feeds are not all live after ${LIVE_DEADLINE_MS} ms: ${JSON.stringify(last)}`);
}

/** The bench's gateway token, shared by the modules that run a live gateway with feeds. */
export const LIVE_TOKEN = "bench-gateway-token-0123456789";

/** Live trading on the Lighter stand-in at `url` for `account` (key index 3), with the account feeds on. */
export function liveLighterBindings(url: string, account: number): Record<string, string> {
  return {
    GATEWAY_TOKEN: LIVE_TOKEN,
    TRADING_MODE: "live",
    ACCOUNT_FEEDS: "on",
    LIGHTER_BASE_URL: url,
    LIGHTER_CHAIN_ID: "304",
    LIGHTER_PRIVATE_KEY: STANDIN_PRIVATE_KEY,
    LIGHTER_ACCOUNT_INDEX: String(account),
    LIGHTER_API_KEY_INDEX: "3",
  };
}
