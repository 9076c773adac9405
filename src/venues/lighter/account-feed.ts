/**
 * Lighter's account feed (accounts/SPEC.md §1): what the account-feed Durable Object needs from Lighter.
 * The socket carries orders (`account_all_orders`), fills (`account_all_trades`), positions
 * (`account_all_positions`) and funding payments (`account_all`, whose trades and positions duplicate the
 * dedicated channels and are not read there); `user_stats` is subscribed for its acknowledgement only.
 * Every subscription carries an auth token, renewed before it expires. After a (re)connect the same
 * objects are read over REST (§1.8). The objects themselves are read in account-objects.ts.
 */
import * as z from "zod";
import type { AccountFeedAdapter, FeedBatch, FeedCursors, FeedFrame, Reconciliation } from "../../accounts/feed-adapter";
import { MalformedFrame } from "../../accounts/feed-adapter";
import type { Fill, FundingPayment, Keyed, OrderUpdate, Position } from "../../accounts/model";
import type { TradingConfig } from "../../config";
import { resolveAsset, type AssetAlias } from "../../funding/aliases";
import { add, compare, parseDecimal, type Decimal } from "../../trading/decimal";
import { parseUpstreamJson } from "../../upstream-json";
import { LighterAccountReader, lighterOrder, lighterPosition, lighterPositionFunding, lighterTrade, tradeIdOf, type LighterOrder, type LighterTrade } from "./account-objects";
import { LighterClient, ordersPage, resultCode, type LighterPage } from "./client";
import { parsePrivateKey } from "./crypto";
import { LIGHTER_CODE } from "./errors";
import { createAuthToken } from "./tx";

/** The account channels, in subscription order; a `subscribed/<name>` frame acknowledges each. */
const SUBSCRIPTIONS = ["account_all_orders", "account_all_trades", "account_all_positions", "user_stats", "account_all"] as const;

/**
 * Tokens live 7 h (Lighter honours at most 8) and the subscriptions are renewed after 6, as nautilus
 * does (SPEC §1.3): whether a live subscription ends with its token is undocumented.
 */
const AUTH_TOKEN_LIFETIME_S = 7 * 3600;
const RENEW_AFTER_MS = 6 * 3600 * 1000;

const PING = JSON.stringify({ type: "ping" });
const PONG = JSON.stringify({ type: "pong" });

/** Lighter's largest page (SPEC §1.8). */
const PAGE_LIMIT = 100;
/** A reconciliation reads at most this many pages of trades or funding: 10 of a Standard account's 60 requests a minute. */
const MAX_HISTORY_PAGES = 10;
/** Orders that ended recently (while the socket was away, or just now), and their trades, are among the newest. */
const OUTCOME_PAGES = 2;
/** Funding is read from an hour before the newest stored payment: payments are hourly and dedupe absorbs the overlap. */
const FUNDING_OVERLAP_S = 3600;

/** Lighter's auth refusal, and the last of its per-IP limit codes (23000 is the first) (SPEC §1.2). */
const AUTH_REFUSED = 20013;
const TOO_MANY_CONNECTIONS = 23003;

const envelope = z.looseObject({ type: z.string().optional(), channel: z.string().optional(), timestamp: z.int().nonnegative().optional() });

/** Live error frames nest the error; the AsyncAPI mirror describes it flat (SPEC §1.2): both are read. */
const errorBody = z.looseObject({ code: resultCode, message: z.string().optional() });
const errorFrame = z.union([z.looseObject({ error: errorBody }).transform((frame) => frame.error), errorBody]);

/** Account objects keyed by market index (one or a list each), or, as updates may send them, a flat list. */
const byMarket = <T extends z.ZodType>(item: T) => z.union([z.record(z.string(), z.union([item, z.array(item)])), z.array(item)]).nullish();

function flatten<T>(objects: Record<string, T | T[]> | T[] | null | undefined): T[] {
  if (objects === null || objects === undefined) return [];
  return Array.isArray(objects) ? objects : Object.values(objects).flatMap((entry) => (Array.isArray(entry) ? entry : [entry]));
}

const ordersFrame = z.looseObject({ orders: byMarket(lighterOrder) });
const tradesFrame = z.looseObject({ trades: byMarket(lighterTrade) });
const positionsFrame = z.looseObject({ positions: byMarket(lighterPosition) });
const accountAllFrame = z.looseObject({ funding_histories: byMarket(lighterPositionFunding) });

const accountBody = z.looseObject({ accounts: z.array(z.looseObject({ positions: z.array(lighterPosition).nullish() })) });

/** Whether the socket is useless as it is: the token was refused, or a per-IP limit was hit. */
function isFatal(code: number, message: string): boolean {
  if (code === AUTH_REFUSED) return true;
  if (code === LIGHTER_CODE.INVALID_PARAM) return /auth/i.test(message);
  return code >= LIGHTER_CODE.RATE_LIMITED && code <= TOO_MANY_CONNECTIONS;
}

interface Finding {
  path: PropertyKey[];
  message: string;
}

/**
 * The issue that went deepest into the frame: for a shape that may be one of several (`byMarket`), the
 * field that broke in the likeliest one, not "invalid input" at the top of the list.
 */
function deepestIssue(issues: readonly z.core.$ZodIssue[], at: PropertyKey[] = []): Finding | undefined {
  let deepest: Finding | undefined;
  for (const issue of issues) {
    const path = [...at, ...issue.path];
    const findings = issue.code === "invalid_union" && issue.errors.length > 0 ? issue.errors.map((branch) => deepestIssue(branch, path)) : [{ path, message: issue.message }];
    for (const finding of findings) {
      if (finding !== undefined && (deepest === undefined || finding.path.length > deepest.path.length)) deepest = finding;
    }
  }
  return deepest;
}

function describe(error: unknown): string {
  if (error instanceof z.ZodError) {
    const issue = deepestIssue(error.issues);
    return `${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Reads pages until `enough` says so (given everything read), the venue has no more, or `maxPages` were read. */
async function collectPages<T>(read: (cursor: string | undefined) => Promise<LighterPage<T>>, enough: (items: T[]) => boolean, maxPages: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const { items: pageItems, nextCursor } = await read(cursor);
    items.push(...pageItems);
    if (nextCursor === null || pageItems.length === 0 || enough(items)) break;
    cursor = nextCursor;
  }
  return items;
}

const ZERO: Decimal = { units: 0n, scale: 0 };

const emptyBatch = (): FeedBatch => ({ fills: [], orders: [], positions: [], funding: [] });

export class LighterAccountFeed implements AccountFeedAdapter {
  readonly venue = "lighter";
  readonly account: string;
  readonly url: string;
  readonly subscribeOn = "ready";
  readonly pingFrame = PING;
  readonly socketCarriesPositions = true;

  private readonly client: LighterClient;
  private readonly reader: LighterAccountReader;
  /** Market index → asset and multiplier, from orderBookDetails. */
  private markets: Map<number, AssetAlias> | undefined;
  /** Markets met in a frame but absent from the table: the next prepare() reads the table again. */
  private readonly missing = new Set<number>();
  /** Markets still absent after that second reading: named by their index, without reading again. */
  private readonly unlisted = new Set<number>();

  constructor(private readonly trading: TradingConfig) {
    this.account = String(trading.lighter.accountIndex);
    this.url = trading.lighter.wsUrl;
    this.client = new LighterClient({ baseUrl: trading.lighter.baseUrl, timeoutMs: trading.lighter.requestTimeoutMs });
    this.reader = new LighterAccountReader(this.account, (marketId) => this.assetOf(marketId));
  }

  async prepare(): Promise<void> {
    if (this.markets !== undefined && this.missing.size === 0) return;
    const markets = await this.client.marketDecimals();
    this.markets = new Map(markets.map((market) => [market.marketIndex, resolveAsset("lighter", market.symbol)]));
    for (const marketId of this.missing) if (!this.markets.has(marketId)) this.unlisted.add(marketId);
    this.missing.clear();
  }

  async subscribe(now: number): Promise<{ frames: string[]; expect: string[]; renewAt: number | null }> {
    const auth = this.authToken(now);
    return {
      frames: SUBSCRIPTIONS.map((name) => JSON.stringify({ type: "subscribe", channel: `${name}/${this.account}`, auth })),
      expect: [...SUBSCRIPTIONS],
      renewAt: now + RENEW_AFTER_MS,
    };
  }

  parse(text: string): FeedFrame {
    try {
      return this.read(text);
    } catch (error) {
      if (error instanceof MalformedFrame) throw error;
      throw new MalformedFrame(`unreadable Lighter frame: ${describe(error)}`, { cause: error });
    }
  }

  async reconcile(cursors: FeedCursors): Promise<Reconciliation> {
    await this.prepare();
    const authToken = this.authToken(Date.now());
    const [openOrders, fills, positions, funding] = await Promise.all([
      this.openOrders(authToken),
      this.fillsSince(authToken, cursors.lastTradeId),
      this.positions(),
      this.fundingSince(authToken, cursors.lastFundingTime),
    ]);
    return { fills, funding, positions, openOrders };
  }

  /** Every open position, from the account record (a market it does not list is flat). */
  async positions(): Promise<Position[]> {
    await this.prepare();
    const body = LighterClient.shape(accountBody, await this.client.account(this.trading.lighter.accountIndex), "account");
    const observedAt = Date.now();
    return body.accounts
      .flatMap((account) => account.positions ?? [])
      .map((position) => this.reader.position(position, observedAt))
      .filter((position) => position.size !== "0");
  }

  async orderOutcomes(orders: OrderUpdate[]): Promise<OrderUpdate[]> {
    if (orders.length === 0) return [];
    await this.prepare();
    const wanted = new Set(orders.map((order) => order.order_id));
    const authToken = this.authToken(Date.now());
    const observedAt = Date.now();
    // Keyed by order id: a page boundary that moved between two reads can list an order twice.
    const outcomes = (ended: LighterOrder[]) =>
      new Map(ended.map((order) => this.reader.order(order, observedAt)).filter((update) => wanted.has(update.order_id)).map((update) => [update.order_id, update]));
    const ended = await collectPages(
      (cursor) => this.client.inactiveOrders({ accountIndex: this.trading.lighter.accountIndex, authToken, limit: PAGE_LIMIT, cursor }),
      (read) => outcomes(read).size === wanted.size,
      OUTCOME_PAGES,
    );
    return [...outcomes(ended).values()];
  }

  /**
   * The order sent under a client order index, and its fills, read over REST for a caller that cannot wait
   * for the socket (the pair desk's legs): the open orders, then the newest inactive ones (in that order,
   * so an order that ends between the two reads is still found), and its fills from the newest trades.
   * Undefined when Lighter lists no such order (its tx not executed yet, or never sent).
   */
  async orderByClientId(clientId: string): Promise<{ order: OrderUpdate; fills: Fill[] } | undefined> {
    await this.prepare();
    const { accountIndex } = this.trading.lighter;
    const authToken = this.authToken(Date.now());
    const observedAt = Date.now();
    const ours = (orders: LighterOrder[]) => orders.map((order) => this.reader.order(order, observedAt)).find((update) => update.client_id === clientId);
    const order =
      (await this.openOrders(authToken)).find((update) => update.client_id === clientId) ??
      ours(await collectPages((cursor) => this.client.inactiveOrders({ accountIndex, authToken, limit: PAGE_LIMIT, cursor }), (read) => ours(read) !== undefined, OUTCOME_PAGES));
    if (order === undefined) return undefined;
    const filled = parseDecimal(order.filled_size);
    const fillsOf = (trades: LighterTrade[]) => trades.flatMap((trade) => this.reader.fills(trade).map((fill) => fill.item)).filter((fill) => fill.client_id === clientId);
    const enough = (trades: LighterTrade[]) => compare(fillsOf(trades).reduce((sum, fill) => add(sum, parseDecimal(fill.size)), ZERO), filled) >= 0;
    const trades = filled.units === 0n ? [] : await collectPages((cursor) => this.client.trades({ accountIndex, authToken, limit: PAGE_LIMIT, cursor }), enough, OUTCOME_PAGES);
    return { order, fills: fillsOf(trades) };
  }

  // ----- frames ----------------------------------------------------------------------------------

  private read(text: string): FeedFrame {
    const json = parseUpstreamJson(text);
    if (typeof json !== "object" || json === null || Array.isArray(json)) throw new MalformedFrame("a Lighter frame that is not a JSON object");
    const frame = envelope.parse(json);
    if ("error" in frame || frame.type === "error") {
      const { code, message = "" } = errorFrame.parse(json);
      return { kind: "error", message: `Lighter error ${code}: ${message}`, fatal: isFatal(code, message) };
    }
    switch (frame.type) {
      case "connected":
        return { kind: "ready" };
      case "ping":
        return { kind: "ping", reply: PONG };
      case "pong":
        return { kind: "pong" };
    }
    // Data frames are `subscribed/<name>` (the state) then `update/<name>`; anything else (`unsubscribed`,
    // a sendtx answer) is not the feed's.
    const [phase, typeName] = (frame.type ?? "").split("/", 2);
    if (phase !== "subscribed" && phase !== "update") return { kind: "ignored" };
    // Routed by the channel (`<name>:<account>`), not by `type`, which the docs' own example gets wrong (SPEC §1.1).
    const name = frame.channel?.split(":", 1)[0] ?? typeName;
    const snapshot = phase === "subscribed";
    const observedAt = frame.timestamp ?? Date.now();
    const data = (batch: Partial<FeedBatch>, positionsComplete?: boolean): FeedFrame => ({
      kind: "data",
      batch: { ...emptyBatch(), ...batch },
      snapshot,
      ...(snapshot ? { acknowledges: name } : {}),
      ...(positionsComplete === undefined ? {} : { positionsComplete }),
    });
    switch (name) {
      case "account_all_orders":
        return data({ orders: flatten(ordersFrame.parse(json).orders).map((order) => this.reader.order(order, observedAt)) });
      case "account_all_trades":
        return data({ fills: flatten(tradesFrame.parse(json).trades).flatMap((trade) => this.reader.fills(trade)) });
      case "account_all_positions":
        // The subscription's first frame is every position; updates may carry only the markets that changed (SPEC §1.7).
        return data({ positions: flatten(positionsFrame.parse(json).positions).map((position) => this.reader.position(position, observedAt)) }, snapshot);
      case "account_all":
        return data({ funding: flatten(accountAllFrame.parse(json).funding_histories).map((payment) => this.reader.funding(payment)) });
      case "user_stats":
        return snapshot ? { kind: "ack", subscription: name } : { kind: "ignored" };
      default:
        return { kind: "ignored" };
    }
  }

  // ----- REST ------------------------------------------------------------------------------------

  private async openOrders(authToken: string): Promise<OrderUpdate[]> {
    const body = LighterClient.shape(ordersPage, await this.client.activeOrders(this.trading.lighter.accountIndex, authToken), "accountActiveOrders");
    const observedAt = Date.now();
    return (body.orders ?? []).map((order) => this.reader.order(order, observedAt));
  }

  /** Trades back to the newest stored one (overlap is deduped), or the newest page when none is stored. */
  private async fillsSince(authToken: string, lastTradeId: string | null): Promise<Keyed<Fill>[]> {
    const stored = lastTradeId === null ? null : BigInt(lastTradeId);
    const trades = await collectPages(
      (cursor) => this.client.trades({ accountIndex: this.trading.lighter.accountIndex, authToken, limit: PAGE_LIMIT, cursor }),
      (read) => stored === null || read.some((trade) => BigInt(tradeIdOf(trade)) <= stored),
      MAX_HISTORY_PAGES,
    );
    return trades.flatMap((trade) => this.reader.fills(trade));
  }

  /** Payments since an hour before the newest stored one, or the newest page when none is stored. */
  private async fundingSince(authToken: string, lastFundingTime: number | null): Promise<Keyed<FundingPayment>[]> {
    const startTimestamp = lastFundingTime === null ? undefined : Math.floor(lastFundingTime / 1000) - FUNDING_OVERLAP_S;
    const payments = await collectPages(
      (cursor) => this.client.positionFunding({ accountIndex: this.trading.lighter.accountIndex, authToken, limit: PAGE_LIMIT, cursor, startTimestamp }),
      () => startTimestamp === undefined,
      MAX_HISTORY_PAGES,
    );
    return payments.map((payment) => this.reader.funding(payment));
  }

  // ----- markets and auth ------------------------------------------------------------------------

  /** A market the table does not list is named by its index until prepare() finds it. */
  private assetOf(marketId: number): AssetAlias {
    const known = this.markets?.get(marketId);
    if (known !== undefined) return known;
    if (!this.unlisted.has(marketId)) this.missing.add(marketId);
    return resolveAsset("lighter", String(marketId));
  }

  /** Signed with the first configured API key, as the account desk's reads are. */
  private authToken(now: number): string {
    const { privateKeyHex, accountIndex, apiKeyIndices } = this.trading.lighter;
    const [apiKeyIndex] = apiKeyIndices;
    if (apiKeyIndex === undefined) throw new Error("no Lighter API key index is configured");
    return createAuthToken(parsePrivateKey(privateKeyHex), Math.floor(now / 1000) + AUTH_TOKEN_LIFETIME_S, accountIndex, apiKeyIndex);
  }
}
