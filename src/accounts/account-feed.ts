/**
 * One account feed per (venue, account): the Durable Object that holds the venue's account WebSocket
 * while trading is live, turns every frame into normalized events and publishes each fill, order
 * change, position change and funding payment exactly once (accounts/SPEC.md §3, §5).
 *
 * - Connect → subscribe → wait for every acknowledgement → reconcile over REST → live. Frames that
 *   arrive before the feed is live are held and applied in order, the socket's first, then what REST
 *   found (counted as what the socket had missed), then what came during the REST calls.
 * - Fills and funding payments are stored under the venue's identity of each before they are published
 *   (FeedStore), so a snapshot replay, a resubscribe, or REST and socket both publish nothing twice, and
 *   a restarted object resumes from its stored cursors.
 * - The socket cannot hibernate, so the alarm (every ALARM_PERIOD_MS, ≤ 60 s) keeps the object resident
 *   and is the watchdog: it pings, replaces a socket that stayed silent after a ping, renews expiring
 *   subscriptions, reconciles now and then, and reconnects with backoff. It never throws (a throwing
 *   alarm is retried at once, which would storm the venue).
 * - The configuration comes with each `ensureRunning` (the Worker's, which holds the secrets); after a
 *   restart, until a Worker calls again, the object's own environment stands in.
 */
import { DurableObject } from "cloudflare:workers";
import { add, compare, decimalTextOf, parseDecimal } from "../trading/decimal";
import { loadConfig, type RawEnv } from "../config";
import { eventHub } from "../events/hub";
import { EventSender } from "../events/event-sender";
import type { EventInput } from "../events/event-types";
import { MalformedFrame, type AccountFeedAdapter, type FeedBatch } from "./feed-adapter";
import { adapterFor, feedAccount, feedName, feedPlans, type FeedConfig } from "./feed-config";
import { FeedStore, isOpen, type HistoryQuery, type StoredRow } from "./feed-store";
import { fundingTotals, type FundingTotal } from "./funding-totals";
import { FeedGuard } from "./feed-guard";
import type { FeedState, Fill, FundingPayment, OfAccount, OrderUpdate, Position, ReconcileFindings } from "./model";

/** The watchdog's period: well inside the 70–140 s idle eviction and Hyperliquid's 60 s silence rule. */
export const ALARM_PERIOD_MS = 25_000;
/** A socket that sent nothing this long after a ping is dead (half-open sockets never answer). */
export const PONG_TIMEOUT_MS = 10_000;
/** How long subscriptions may go unacknowledged before the socket is replaced. */
const SUBSCRIBE_TIMEOUT_MS = 30_000;
/** How long opening the socket may take. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A light reconciliation while live, for what a venue may drop without a frame (SPEC §1.7). */
const RECONCILE_EVERY_MS = 5 * 60_000;
/** Reconnect backoff: 250 ms doubling to 30 s (nautilus' schedule, SPEC §1.3). */
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 30_000;
const PRUNE_EVERY_MS = 24 * 3600 * 1000;
/** How much of a malformed frame the log keeps: enough to recognise it, never a whole snapshot. */
const LOGGED_FRAME_CHARS = 200;

type Phase = "stopped" | "down" | "connecting" | "subscribing" | "reconciling" | "live";

export interface FeedStatus {
  venue: string;
  account: string;
  state: Phase;
  connected: boolean;
  last_message_age_ms: number | null;
  connects: number;
  reconnects: number;
  last_reconcile: { at: string; found: ReconcileFindings } | null;
  last_lost: { at: string; reason: string } | null;
  last_error: { at: string; message: string } | null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function emptyFindings(): ReconcileFindings {
  return { fills: 0, funding: 0, orders: 0, positions: 0 };
}

function flat(position: OfAccount<Position>, time: number): OfAccount<Position> {
  return { ...position, size: "0", asset_size: "0", unrealized_pnl: "0", liquidation_price: null, margin: null, time };
}

export class AccountFeed extends DurableObject<Env> {
  private readonly store: FeedStore;
  private readonly events: EventSender;
  private config: FeedConfig | undefined;
  private adapter: AccountFeedAdapter | undefined;
  private adapterKey = "";
  private guard: FeedGuard | undefined;

  private phase: Phase = "stopped";
  private socket: WebSocket | undefined;
  private pendingAcks = new Set<string>();
  /** Data frames received before the feed went live, in arrival order. */
  private held: FeedBatchFrame[] = [];
  private connectedAt = 0;
  private lastMessageAt: number | undefined;
  private lastPingAt: number | undefined;
  private renewAt: number | null = null;
  private lastReconcileAt = 0;
  private lastPruneAt = 0;
  private attempt = 0;
  private nextConnectAt = 0;
  private connects = 0;
  private lastReconcile: FeedStatus["last_reconcile"] = null;
  private lastLost: FeedStatus["last_lost"] = null;
  private lastError: FeedStatus["last_error"] = null;
  /** While a positions read runs: whether fills since it began ask for another. */
  private positionRefresh: { again: boolean } | undefined;
  /** How long opening the socket may take (a field so a test can shorten it). */
  private connectTimeoutMs = CONNECT_TIMEOUT_MS;
  /** Callers of settledOrder waiting for the next applied frame. */
  private waiters: Array<() => void> = [];
  /** When a frame last changed a position: a REST read begun before that is older than what is stored. */
  private positionsChangedAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new FeedStore(ctx.storage.sql);
    // No gathering window: a fill should reach subscribers at once; a busy feed still batches what
    // accumulates while a hub call is in flight.
    this.events = new EventSender(() => eventHub(env), 0);
  }

  // ----- the Worker's calls ---------------------------------------------------------------------

  /** Cheap and idempotent: remembers the configuration, keeps the alarm armed and the socket open. */
  async ensureRunning(config: FeedConfig): Promise<void> {
    this.useConfig(config);
    this.store.rememberName(feedName(config));
    if (this.phase === "stopped") this.phase = "down";
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + ALARM_PERIOD_MS);
    if (this.socket === undefined && this.phase !== "connecting" && Date.now() >= this.nextConnectAt) await this.openSocket();
  }

  status(): FeedStatus {
    const now = Date.now();
    return {
      venue: this.config?.venue ?? "",
      account: this.config === undefined ? "" : feedAccount(this.config),
      state: this.phase,
      connected: this.socket !== undefined,
      last_message_age_ms: this.lastMessageAt === undefined ? null : now - this.lastMessageAt,
      connects: this.connects,
      reconnects: Math.max(0, this.connects - 1),
      last_reconcile: this.lastReconcile,
      last_lost: this.lastLost,
      last_error: this.lastError,
    };
  }

  positions(): OfAccount<Position>[] {
    return this.store.positions();
  }

  openOrders(): OfAccount<OrderUpdate>[] {
    return this.store.openOrders();
  }

  fills(query: HistoryQuery): StoredRow<OfAccount<Fill>>[] {
    return this.store.fills(query);
  }

  fundingPayments(query: HistoryQuery): StoredRow<OfAccount<FundingPayment>>[] {
    return this.store.funding(query);
  }

  /** The order sent under this client id as the feed knows it (the pair desk's legs wait on it). */
  orderByClientId(clientId: string): OfAccount<OrderUpdate> | null {
    return this.store.orderByClientId(clientId) ?? null;
  }

  fillsByClientId(clientIds: string[]): OfAccount<Fill>[] {
    return this.store.fillsByClientId(clientIds);
  }

  /**
   * Waits (at most `waitMs`) until the order sent under `clientId` has ended and its stored fills add up
   * to what it filled, and answers both; null if that did not happen in time. The pair desk's Lighter leg
   * waits on this instead of polling: each frame the feed applies wakes the waiters.
   */
  async settledOrder(clientId: string, waitMs: number): Promise<{ order: OfAccount<OrderUpdate>; fills: OfAccount<Fill>[] } | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const order = this.store.orderByClientId(clientId);
      if (order !== undefined && !isOpen(order.status)) {
        const fills = this.store.fillsByClientId([clientId]);
        const filled = fills.reduce((total, fill) => add(total, parseDecimal(fill.size)), parseDecimal("0"));
        if (compare(filled, parseDecimal(order.filled_size)) === 0) return { order, fills };
      }
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  fundingTotals(filter: Pick<HistoryQuery, "asset" | "since">): FundingTotal[] {
    return fundingTotals(this.store.allFunding(filter));
  }

  // ----- the watchdog ---------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    const config = this.config ?? this.environmentFeed();
    if (config === undefined) {
      this.stop("trading on this venue is no longer live for this account");
      return;
    }
    this.useConfig(config);
    const now = Date.now();
    try {
      await this.watch(now);
      if (now - this.lastPruneAt >= PRUNE_EVERY_MS) {
        this.store.prune(now);
        this.lastPruneAt = now;
      }
    } catch (error) {
      this.noteError(`watchdog: ${messageOf(error)}`);
    }
    const next = this.socket === undefined ? Math.max(this.nextConnectAt, Date.now()) : Date.now() + ALARM_PERIOD_MS;
    await this.ctx.storage.setAlarm(Math.min(next, Date.now() + ALARM_PERIOD_MS));
  }

  private async watch(now: number): Promise<void> {
    if (this.phase !== "live") this.guard?.noteDown(now);
    if (this.config !== undefined) this.guard?.checkOutage(now, this.config.guard);
    const socket = this.socket;
    if (socket === undefined) {
      if (this.phase !== "connecting" && now >= this.nextConnectAt) await this.openSocket();
      return;
    }
    const silentSincePing = this.lastPingAt !== undefined && (this.lastMessageAt ?? 0) < this.lastPingAt && now - this.lastPingAt >= PONG_TIMEOUT_MS;
    if (silentSincePing) {
      this.lose(socket, `silent: nothing received for ${now - (this.lastPingAt ?? now)} ms after a ping`);
      await this.openSocket();
      return;
    }
    if ((this.phase === "subscribing" || this.phase === "reconciling") && now - this.connectedAt >= SUBSCRIBE_TIMEOUT_MS) {
      this.lose(socket, `not live ${now - this.connectedAt} ms after connecting (${this.phase})`);
      await this.openSocket();
      return;
    }
    socket.send(this.requireAdapter().pingFrame);
    this.lastPingAt = now;
    if (this.phase !== "live") return;
    if (this.renewAt !== null && now >= this.renewAt) {
      // Subscriptions carry credentials that expire (Lighter's auth token): a fresh socket subscribes with
      // new ones and reconciles, where re-subscribing in place would be refused as already subscribed.
      this.retire(socket);
      await this.openSocket();
    } else if (now - this.lastReconcileAt >= RECONCILE_EVERY_MS) await this.reconcile(socket);
  }

  // ----- the socket -----------------------------------------------------------------------------

  private async openSocket(): Promise<void> {
    const adapter = this.requireAdapter();
    this.phase = "connecting";
    let socket: WebSocket;
    try {
      await adapter.prepare();
      const response = await this.upgrade(adapter.url);
      const upgraded = response.webSocket;
      if (upgraded === null) {
        await response.body?.cancel();
        throw new Error(`the venue answered HTTP ${response.status} instead of opening the stream`);
      }
      upgraded.accept();
      socket = upgraded;
    } catch (error) {
      this.phase = "down";
      this.noteError(`connect: ${messageOf(error)}`);
      this.backOff();
      return;
    }
    this.socket = socket;
    this.connects += 1;
    this.connectedAt = Date.now();
    this.lastMessageAt = this.connectedAt;
    this.lastPingAt = undefined;
    this.held = [];
    this.pendingAcks = new Set();
    this.phase = "subscribing";
    socket.addEventListener("message", (event) => this.onMessage(socket, event.data));
    socket.addEventListener("close", (event) => this.lose(socket, `closed by the venue: code ${event.code}${event.reason === "" ? "" : ` (${event.reason})`}`));
    socket.addEventListener("error", () => this.lose(socket, "socket error"));
    this.publishFeed(this.connects === 1 ? "connected" : "reconnected", null, null);
    if (adapter.subscribeOn === "open") await this.subscribe(socket);
  }

  /**
   * Opens the venue's stream, giving up after `connectTimeoutMs`. The abort signal must not outlive the
   * upgrade: workerd ties it to the WebSocket the answer carries, and a signal that fires later (as
   * AbortSignal.timeout does) tears the open socket down (1006), every `connectTimeoutMs`.
   */
  private async upgrade(url: string): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer to the upgrade within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
    try {
      return await fetch(url.replace(/^ws/, "http"), { headers: { Upgrade: "websocket" }, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  private async subscribe(socket: WebSocket): Promise<void> {
    try {
      const { frames, expect, renewAt } = await this.requireAdapter().subscribe(Date.now());
      if (socket !== this.socket) return;
      if (this.phase !== "live") this.pendingAcks = new Set(expect);
      for (const frame of frames) socket.send(frame);
      this.renewAt = renewAt;
    } catch (error) {
      this.lose(socket, `subscribe failed: ${messageOf(error)}`);
    }
  }

  private onMessage(socket: WebSocket, data: unknown): void {
    if (socket !== this.socket) return;
    this.lastMessageAt = Date.now();
    const text = typeof data === "string" ? data : new TextDecoder().decode(data as ArrayBuffer);
    try {
      this.handle(socket, text);
    } catch (error) {
      // A frame the feed could not apply (a storage failure, a bug) must not take the socket listener
      // down with it: it is logged, and the next reconciliation catches up on what it carried.
      this.noteError(`frame not applied: ${messageOf(error)}`);
      this.lastReconcileAt = 0;
    }
  }

  private handle(socket: WebSocket, text: string): void {
    const adapter = this.requireAdapter();
    let frame;
    try {
      frame = adapter.parse(text);
    } catch (error) {
      if (!(error instanceof MalformedFrame)) throw error;
      this.log("feed_frame_malformed", { message: error.message, frame: text.slice(0, LOGGED_FRAME_CHARS) });
      return;
    }
    switch (frame.kind) {
      case "ready":
        if (adapter.subscribeOn === "ready" && this.phase === "subscribing") void this.subscribe(socket);
        return;
      case "ping":
        socket.send(frame.reply);
        return;
      case "ack":
        this.acknowledge(socket, frame.subscription);
        return;
      case "data":
        if (this.phase === "live") this.apply(frame.batch, frame.positionsComplete === true);
        else this.held.push({ batch: frame.batch, positionsComplete: frame.positionsComplete === true });
        if (frame.acknowledges !== undefined) this.acknowledge(socket, frame.acknowledges);
        return;
      case "error":
        this.noteError(`venue: ${frame.message}`);
        if (frame.fatal) this.lose(socket, `refused by the venue: ${frame.message}`);
        return;
      case "pong":
      case "ignored":
        return;
    }
  }

  private acknowledge(socket: WebSocket, subscription: string): void {
    if (!this.pendingAcks.delete(subscription) || this.pendingAcks.size > 0 || this.phase !== "subscribing") return;
    this.phase = "reconciling";
    void this.reconcile(socket);
  }

  /** Forgets the socket (once), says so, and schedules the reconnection. */
  private lose(socket: WebSocket, reason: string): void {
    if (socket !== this.socket) return;
    this.retire(socket);
    this.guard?.noteDown(Date.now());
    this.lastLost = { at: new Date().toISOString(), reason };
    this.publishFeed("lost", reason, null);
    this.backOff();
  }

  /** Lets go of the socket without treating it as lost (a planned replacement closes it too). */
  private retire(socket: WebSocket): void {
    this.socket = undefined;
    this.phase = "down";
    try {
      socket.close(1000, "replaced");
    } catch {
      // Already closed: nothing to release.
    }
  }

  private backOff(): void {
    this.attempt += 1;
    const delay = Math.min(BACKOFF_FIRST_MS * 2 ** (this.attempt - 1), BACKOFF_MAX_MS);
    this.nextConnectAt = Date.now() + delay;
    this.ctx.waitUntil(this.alarmNoLaterThan(this.nextConnectAt));
  }

  private async alarmNoLaterThan(time: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > time) await this.ctx.storage.setAlarm(time);
  }

  private stop(reason: string): void {
    const socket = this.socket;
    if (socket !== undefined) {
      this.socket = undefined;
      try {
        socket.close(1000, "feed stopped");
      } catch {
        // Already closed.
      }
    }
    if (this.phase !== "stopped") this.publishFeedFor(this.config, "stopped", reason);
    this.phase = "stopped";
  }

  // ----- reconciliation -------------------------------------------------------------------------

  private async reconcile(socket: WebSocket): Promise<void> {
    const adapter = this.requireAdapter();
    // The cursors are read before the held snapshot is applied: a snapshot holds only the latest fills,
    // and REST must cover everything since the last one stored before the socket went away.
    const cursors = this.store.cursors();
    // What the (re)subscription's snapshots brought that was not stored is what the socket had missed too.
    const found = this.releaseHeld();
    try {
      const known = this.store.openOrders();
      const askedAt = Date.now();
      const rest = await adapter.reconcile(cursors);
      if (socket !== this.socket) return;
      const positionsCurrent = this.positionsChangedAt <= askedAt;
      addFindings(found, this.apply({ fills: rest.fills, funding: rest.funding, orders: rest.openOrders, positions: positionsCurrent ? rest.positions : [] }, positionsCurrent));
      const stillOpen = new Set(rest.openOrders.map((order) => order.order_id));
      const ended = known.filter((order) => !stillOpen.has(order.order_id));
      if (ended.length > 0) {
        const outcomes = await adapter.orderOutcomes(ended);
        if (socket !== this.socket) return;
        addFindings(found, this.apply({ fills: [], funding: [], orders: outcomes, positions: [] }, false));
      }
      this.lastReconcile = { at: new Date().toISOString(), found };
      this.publishFeed("reconciled", null, found);
    } catch (error) {
      // The socket still carries what happens from now on; REST is tried again at the next alarm.
      this.noteError(`reconcile: ${messageOf(error)}`);
      this.lastReconcileAt = Date.now() - RECONCILE_EVERY_MS;
      this.releaseHeld();
      if (this.phase === "reconciling") this.phase = "live";
      this.guard?.noteLive();
      return;
    }
    this.lastReconcileAt = Date.now();
    this.releaseHeld();
    this.phase = "live";
    this.attempt = 0;
    this.guard?.noteLive();
  }

  private releaseHeld(): ReconcileFindings {
    const held = this.held;
    this.held = [];
    const found = emptyFindings();
    for (const frame of held) addFindings(found, this.apply(frame.batch, frame.positionsComplete));
    return found;
  }

  // ----- applying and publishing ------------------------------------------------------------------

  /** Stores what is new and publishes it, fills before the positions they moved; returns what was new. */
  private apply(batch: FeedBatch, positionsComplete: boolean): ReconcileFindings {
    const found = emptyFindings();
    const adapter = this.requireAdapter();
    const { account, venue } = adapter;
    const at = new Date().toISOString();
    for (const { key, item } of batch.fills) {
      const fill = { ...item, account };
      if (!this.store.addFill({ key, item: fill })) continue;
      found.fills += 1;
      this.publish({ type: "fill", venue, payload: fill, created_at: at });
    }
    for (const { key, item } of batch.funding) {
      const payment = { ...item, account };
      if (!this.store.addFunding({ key, item: payment })) continue;
      found.funding += 1;
      this.publish({ type: "funding", venue, payload: payment, created_at: at });
    }
    for (const item of batch.orders) {
      const order = { ...item, account };
      if (!this.store.updateOrder(order)) continue;
      found.orders += 1;
      this.publish({ type: "order_update", venue, payload: order, created_at: at });
    }
    found.positions += this.applyPositions(batch.positions, positionsComplete);
    if (batch.positions.length > 0 || positionsComplete) this.positionsChangedAt = Date.now();
    if (found.fills > 0 && !adapter.socketCarriesPositions) this.refreshPositions();
    if ((found.fills > 0 || found.orders > 0) && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
    return found;
  }

  /** Records positions and publishes those that changed; with `complete`, a stored market absent from them went flat. */
  private applyPositions(positions: Position[], complete: boolean): number {
    const { account } = this.requireAdapter();
    const now = Date.now();
    const stamped = positions.map((position) => ({ ...position, account }));
    const gone = complete ? this.store.positions().filter((known) => !positions.some((p) => p.market === known.market)).map((known) => flat(known, now)) : [];
    let changed = 0;
    for (const position of [...stamped, ...gone]) {
      this.watchLiquidation(position);
      if (!this.store.updatePosition(position)) continue;
      changed += 1;
      this.publish({ type: "position", venue: position.venue, payload: position, created_at: new Date().toISOString() });
    }
    return changed;
  }

  /** Hands the position to the guard, with the funding board's mark when the venue states none (Lighter). */
  private watchLiquidation(position: OfAccount<Position>): void {
    const config = this.config;
    const guard = this.guard;
    if (config === undefined || guard === undefined || config.guard.halts.liquidationPct === undefined) return;
    if (position.mark_price !== null || position.liquidation_price === null) {
      guard.checkLiquidation(position, position.mark_price, config.guard);
      return;
    }
    this.ctx.waitUntil(
      this.env.FUNDING_BOARD.getByName("global")
        .asset(position.asset)
        .then((view) => {
          // The board names Lighter's market by index (market_id) and Hyperliquid's by coin (symbol).
          const row = view?.venues.find((candidate) => candidate.venue === position.venue && (candidate.market_id === undefined ? candidate.symbol === position.market : String(candidate.market_id) === position.market));
          const mark = row?.mark_price ?? null;
          guard.checkLiquidation(position, mark === null ? null : decimalTextOf(mark), config.guard);
        })
        .catch((error: unknown) => this.noteError(`liquidation check: ${messageOf(error)}`)),
    );
  }

  /** For venues whose socket carries no positions: read them after fills, one read at a time, coalesced. */
  private refreshPositions(): void {
    if (this.positionRefresh !== undefined) {
      this.positionRefresh.again = true;
      return;
    }
    const refresh = { again: false };
    this.positionRefresh = refresh;
    const run = async (): Promise<void> => {
      do {
        refresh.again = false;
        try {
          this.applyPositions(await this.requireAdapter().positions(), true);
        } catch (error) {
          this.noteError(`positions: ${messageOf(error)}`);
        }
      } while (refresh.again);
      this.positionRefresh = undefined;
    };
    this.ctx.waitUntil(run());
  }

  private publish(event: EventInput): void {
    void this.events.send(event);
  }

  private publishFeed(state: FeedState, reason: string | null, found: ReconcileFindings | null): void {
    this.publishFeedFor(this.config, state, reason, found);
  }

  private publishFeedFor(config: FeedConfig | undefined, state: FeedState, reason: string | null, found: ReconcileFindings | null = null): void {
    if (config === undefined) return;
    this.publish({ type: "feed", venue: config.venue, payload: { venue: config.venue, account: feedAccount(config), state, reason, found }, created_at: new Date().toISOString() });
  }

  // ----- configuration ---------------------------------------------------------------------------

  private useConfig(config: FeedConfig): void {
    const key = JSON.stringify(config);
    if (key === this.adapterKey) return;
    const replacing = this.adapter !== undefined;
    this.config = config;
    this.adapter = adapterFor(config);
    this.adapterKey = key;
    this.guard ??= new FeedGuard(this.env, this.ctx, config.venue, feedAccount(config));
    // New credentials or URLs: the old socket was subscribed with the old ones.
    if (replacing && this.socket !== undefined) this.lose(this.socket, "configuration changed");
  }

  /** This object's feed as its own environment configures it, when that still wants it (after a restart). */
  private environmentFeed(): FeedConfig | undefined {
    const name = this.store.name();
    for (const plan of feedPlans(loadConfig(this.env as unknown as RawEnv))) {
      if ("feed" in plan && feedName(plan.feed) === name) return plan.feed;
    }
    return undefined;
  }

  private requireAdapter(): AccountFeedAdapter {
    if (this.adapter === undefined) throw new Error("the feed has no configuration yet");
    return this.adapter;
  }

  private noteError(message: string): void {
    this.lastError = { at: new Date().toISOString(), message };
    this.log("feed_error", { message });
  }

  private log(event: string, fields: Record<string, unknown>): void {
    console.error(JSON.stringify({ event, venue: this.config?.venue, account: this.config === undefined ? undefined : feedAccount(this.config), ...fields }));
  }
}

interface FeedBatchFrame {
  batch: FeedBatch;
  positionsComplete: boolean;
}

function addFindings(total: ReconcileFindings, more: ReconcileFindings): void {
  total.fills += more.fills;
  total.funding += more.funding;
  total.orders += more.orders;
  total.positions += more.positions;
}
