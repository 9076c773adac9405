/**
 * The account-feed tests: the real Worker and feed Durable Objects against the venue stand-ins' account
 * streams. Each test watches an account of its own (a fresh Lighter account index or Hyperliquid user),
 * so one feed's frames, fills and events never reach another test; the event stream is shared, so every
 * capture filters on the test's own account.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { AccountFeed, FeedStatus } from "../../src/accounts/account-feed";
import { subscribe, type Frame, type Subscriber } from "../events/helpers";
import { call } from "../trading/harness";

const bindings = env as unknown as Record<string, string>;
export const LIGHTER = bindings.LIGHTER_BASE_URL as string;
export const HYPERLIQUID = bindings.HYPERLIQUID_API_URL as string;

/** How long a wait may take before it fails the test: far above what the stand-ins need (a few ms). */
const WAIT_MS = 5_000;

export type FeedVenueName = "lighter" | "hyperliquid";

export function feedStub(venue: FeedVenueName, account: string | number): DurableObjectStub<AccountFeed> {
  return (env as unknown as Env).ACCOUNT_FEED.getByName(`${venue}-feed:${account}`);
}

/** Polls until `check` returns a value other than undefined, or fails naming what it waited for. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? "" : ` (last error: ${String(last)})`}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Starts the feeds of a configuration the way a deployment does: its first request (any route). */
export async function startFeedsWith(vars: Record<string, string>): Promise<void> {
  const response = await call("GET", "/orders/open", { vars });
  await response.text();
}

/** Waits until the feed is live (subscribed and reconciled) and answers its status. */
export function waitUntilLive(venue: FeedVenueName, account: string | number, after: (status: FeedStatus) => boolean = () => true): Promise<FeedStatus> {
  return waitFor(async () => {
    const status = await feedStub(venue, account).status();
    return status.state === "live" && status.last_reconcile !== null && after(status) ? status : undefined;
  }, `the ${venue} feed of ${account} to be live`);
}

/** Runs the feed's watchdog now, as its alarm would. */
export async function runWatchdog(venue: FeedVenueName, account: string | number): Promise<boolean> {
  return runDurableObjectAlarm(feedStub(venue, account));
}

/** Lets `ms` pass for the feed's watchdog: its clock readings (connect, last frame, last ping, outage start) move back. */
export async function letTimePass(venue: FeedVenueName, account: string | number, ms: number): Promise<void> {
  await runInDurableObject(feedStub(venue, account), (instance: AccountFeed) => {
    const feed = instance as unknown as { lastPingAt: number | undefined; lastMessageAt: number | undefined; connectedAt: number; guard: { downSince: number | null } | undefined };
    if (feed.lastPingAt !== undefined) feed.lastPingAt -= ms;
    if (feed.lastMessageAt !== undefined) feed.lastMessageAt -= ms;
    feed.connectedAt -= ms;
    if (feed.guard !== undefined && feed.guard.downSince !== null) feed.guard.downSince -= ms;
  });
}

/** Makes the feed's subscriptions due for renewal (their credentials about to expire). */
export async function makeRenewalDue(venue: FeedVenueName, account: string | number): Promise<void> {
  await runInDurableObject(feedStub(venue, account), (instance: AccountFeed) => {
    (instance as unknown as { renewAt: number | null }).renewAt = Date.now() - 1;
  });
}

/** Restarts the feed's object, as a deploy or an eviction would: memory is gone, storage stays. */
export async function restartFeed(venue: FeedVenueName, account: string | number): Promise<void> {
  await runInDurableObject(feedStub(venue, account), (_instance, state) => {
    state.abort("test restart");
  }).catch(() => undefined);
}

/**
 * Ends a test's feed for good: no alarm, no socket. Feeds left running would reconnect and reconcile
 * whenever a later test resets a stand-in, and their REST calls could take faults queued for that test.
 */
export async function retireFeed(venue: FeedVenueName, account: string | number): Promise<void> {
  await runInDurableObject(feedStub(venue, account), async (_instance, state) => {
    await state.storage.deleteAlarm();
    state.abort("test over");
  }).catch(() => undefined);
}

/** The account's events on the stream: every type the feeds publish, filtered on the account's venue. */
export class AccountEvents {
  private constructor(
    readonly subscriber: Subscriber,
    private readonly mine: (frame: Frame) => boolean,
  ) {}

  static async open(venue: FeedVenueName, mine: (payload: Record<string, unknown>) => boolean): Promise<AccountEvents> {
    const subscriber = await subscribe(`?venue=${venue}&type=fill,order_update,position,funding,feed`);
    return new AccountEvents(subscriber, (frame) => typeof frame.seq === "number" && mine(frame.payload as Record<string, unknown>));
  }

  /** This account's events of one type so far. */
  of(type: string): Array<Record<string, any>> {
    return this.subscriber.frames.filter((frame) => frame.type === type && this.mine(frame)).map((frame) => frame.payload as Record<string, any>);
  }

  /** Waits until `count` events of the type arrived (and answers them all). */
  async waitFor(type: string, count: number, matches: (payload: Record<string, any>) => boolean = () => true): Promise<Array<Record<string, any>>> {
    return waitFor(() => {
      const found = this.of(type).filter(matches);
      return found.length >= count ? found : undefined;
    }, `${count} ${type} event(s)`);
  }

  close(): void {
    this.subscriber.close();
  }
}
