/**
 * The Lighter stand-in's `/stream` socket: the account channels of accounts/SPEC.md §1 fed from the
 * exchange engine (lighter-account.ts), and the faults a venue stream shows, steered by control.
 *
 * As on the venue: `{"type":"connected","session_id"}` first; `{"type":"subscribe","channel":"<name>/<id>",
 * "auth"?}` answered by a `subscribed/<name>` snapshot on channel `<name>:<id>`, then `update/<name>` frames
 * with only what changed; `{"type":"unsubscribe"}` → `unsubscribed`; `{"type":"ping"}` → `{"type":"pong"}`.
 * account_all_orders, account_orders/{m}/{a} (acked as `account_orders:{m}`), account_all_trades and
 * account_all_positions need an auth token of the account; user_stats and account_all go without one, but
 * a token given must be valid. Errors are `{"error":{code,message}}`: 20013 bad token, 30003 already
 * subscribed, 30005 unknown channel, 20001 a client frame that cannot be read. Data frames carry a
 * top-level `timestamp` (ms), control frames none. The server pings every socket every 20 s (control can
 * change it); a ping still unanswered when the next is due closes the socket with 1008 "no pong"
 * (lighter-python issue #11). `jsonapi/sendtx` over the socket is not served.
 *
 * Control (test-only, JSON):
 *   POST /__control/lighter/feed {action, account_index?}  a fault (LighterFeedAction) on the sockets
 *        subscribed for the account, or on every socket; answers {affected}
 *   POST /__control/lighter/feed {action:"ping_interval", ms}
 *   GET  /__control/lighter/feed  LighterFeedState
 * `reset()` (POST /__control/reset) terminates every socket and lifts every fault.
 */
import { randomUUID } from "node:crypto";
import { WebSocket } from "ws";
import {
  LIGHTER_DEFAULT_PING_INTERVAL_MS,
  LIGHTER_SNAPSHOT_ITEMS,
  type LighterFeedAction,
  type LighterFeedState,
  type LighterFrame,
  type LighterFunding,
  type LighterOrder,
  type LighterPosition,
  type LighterTrade,
} from "../lighter-feed-control";
import { type AccountChange, type LighterEngine, lighterJson } from "./lighter-account";
import type { Routes, StandInReply } from "./server";

const DAY_MS = 86_400_000;

/** Why a token does not open the account's private channels, or undefined when it does. */
export type AuthCheck = (token: string, accountIndex: number) => string | undefined;

type ChannelName = "account_all_orders" | "account_orders" | "account_all_trades" | "account_all_positions" | "user_stats" | "account_all";

const CHANNELS: Record<ChannelName, { auth: "required" | "optional" }> = {
  account_all_orders: { auth: "required" },
  account_orders: { auth: "required" },
  account_all_trades: { auth: "required" },
  account_all_positions: { auth: "required" },
  user_stats: { auth: "optional" },
  account_all: { auth: "optional" },
};

interface Subscription {
  name: ChannelName;
  account: number;
  /** account_orders only. */
  market: number | null;
  /** As subscribed: `account_orders/0/123456`. */
  key: string;
  /** As frames name it: `account_orders:0`, `account_all:123456`. */
  channel: string;
}

interface Connection {
  socket: WebSocket;
  sessionId: string;
  openedAt: number;
  subscriptions: Map<string, Subscription>;
  pingsSent: number;
  pongs: number;
  awaitingPong: boolean;
  silenced: boolean;
  duplicateNext: boolean;
}

/** What one account change shows, rendered once for every socket that wants it. */
interface RenderedChange {
  orders: LighterOrder[];
  trades: LighterTrade[];
  fundings: LighterFunding[];
  positions: LighterPosition[];
}

function byMarket<T>(items: readonly T[], marketOf: (item: T) => number): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const item of items) (out[String(marketOf(item))] ??= []).push(item);
  return out;
}

function positionsByMarket(positions: readonly LighterPosition[]): Record<string, LighterPosition> {
  return Object.fromEntries(positions.map((position) => [String(position.market_id), position]));
}

function errorFrame(code: number, message: string): LighterFrame {
  return { error: { code, message } };
}

/** Parses `<name>/<account>` or `account_orders/<market>/<account>`; undefined for anything else. */
function parseChannel(text: unknown): Subscription | undefined {
  if (typeof text !== "string") return undefined;
  const parts = text.split("/");
  const name = parts[0] as ChannelName;
  if (!Object.hasOwn(CHANNELS, name) || !parts.slice(1).every((part) => /^\d{1,15}$/.test(part))) return undefined;
  if (name === "account_orders") {
    if (parts.length !== 3) return undefined;
    return { name, market: Number(parts[1]), account: Number(parts[2]), key: text, channel: `${name}:${parts[1]}` };
  }
  if (parts.length !== 2) return undefined;
  return { name, market: null, account: Number(parts[1]), key: text, channel: `${name}:${parts[1]}` };
}

export class LighterFeed {
  private connections = new Set<Connection>();
  private refused = false;
  private upgradesTotal = 0;
  private pingIntervalMs = LIGHTER_DEFAULT_PING_INTERVAL_MS;
  private pingTimer: NodeJS.Timeout;

  constructor(
    private readonly engine: LighterEngine,
    private readonly checkAuth: AuthCheck,
  ) {
    this.pingTimer = this.armPings();
  }

  /** The upgrade veto for the stand-in server: 503 while refused. Counts every upgrade asked for. */
  refusal(): number | undefined {
    this.upgradesTotal += 1;
    return this.refused ? 503 : undefined;
  }

  /** Takes an upgraded socket. */
  accept(socket: WebSocket): void {
    const connection: Connection = {
      socket,
      sessionId: randomUUID(),
      openedAt: Date.now(),
      subscriptions: new Map(),
      pingsSent: 0,
      pongs: 0,
      awaitingPong: false,
      silenced: false,
      duplicateNext: false,
    };
    this.connections.add(connection);
    socket.on("message", (data, isBinary) => this.receive(connection, isBinary ? "" : data.toString()));
    socket.on("close", () => this.connections.delete(connection));
    // A peer that vanishes makes ws emit an error; the close event that follows does the cleaning.
    socket.on("error", () => undefined);
    this.send(connection, { type: "connected", session_id: connection.sessionId });
  }

  /** The engine's report of one account's block: an update frame per subscription it concerns. */
  publish(change: AccountChange): void {
    let rendered: RenderedChange | undefined;
    for (const connection of this.connections) {
      for (const subscription of connection.subscriptions.values()) {
        if (subscription.account !== change.account) continue;
        rendered ??= { orders: change.orders(), trades: change.trades, fundings: change.fundings, positions: change.positions() };
        const frame = this.updateFrame(subscription, rendered);
        if (frame !== undefined) this.send(connection, frame, true);
      }
    }
  }

  reset(): void {
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
    this.refused = false;
    this.upgradesTotal = 0;
    this.setPingInterval(LIGHTER_DEFAULT_PING_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.pingTimer);
  }

  routes(): Routes {
    return {
      "GET /__control/lighter/feed": () => ({ body: this.state() }),
      "POST /__control/lighter/feed": ({ json }) => this.control((json ?? {}) as { action?: unknown; account_index?: unknown; ms?: unknown }),
    };
  }

  // ----- control -----------------------------------------------------------------------------------

  private state(): LighterFeedState {
    return {
      connections: [...this.connections].map((connection) => {
        const first = connection.subscriptions.values().next().value;
        return {
          session_id: connection.sessionId,
          ...(first === undefined ? {} : { account_index: first.account }),
          subscriptions: [...connection.subscriptions.keys()],
          opened_at: connection.openedAt,
          pongs: connection.pongs,
          pings_sent: connection.pingsSent,
          silenced: connection.silenced,
        };
      }),
      refused: this.refused,
      upgrades_total: this.upgradesTotal,
      ping_interval_ms: this.pingIntervalMs,
    };
  }

  private control(request: { action?: unknown; account_index?: unknown; ms?: unknown }): StandInReply {
    const fail = (message: string): StandInReply => ({ status: 400, body: { code: 400, message } });
    if (request.action === "ping_interval") {
      if (typeof request.ms !== "number" || !Number.isInteger(request.ms) || request.ms < 10) return fail("ms must be an integer ≥ 10");
      this.setPingInterval(request.ms);
      return { body: { affected: this.connections.size } };
    }
    if (request.action === "refuse" || request.action === "accept") {
      this.refused = request.action === "refuse";
      return { body: { affected: 0 } };
    }
    const account = request.account_index;
    if (account !== undefined && !Number.isSafeInteger(account)) return fail("account_index must be an integer");
    const targets = [...this.connections].filter(
      (connection) => account === undefined || [...connection.subscriptions.values()].some((subscription) => subscription.account === account),
    );
    const act = Object.hasOwn(this.actions, String(request.action)) ? this.actions[request.action as keyof LighterFeed["actions"]] : undefined;
    if (act === undefined) return fail(`unknown action ${JSON.stringify(request.action)}`);
    for (const connection of targets) act(connection);
    return { body: { affected: targets.length } };
  }

  private readonly actions: Record<Exclude<LighterFeedAction, "refuse" | "accept">, (connection: Connection) => void> = {
    drop: (connection) => connection.socket.terminate(),
    close_1005: (connection) => connection.socket.close(),
    silence: (connection) => {
      connection.silenced = true;
    },
    resume: (connection) => {
      connection.silenced = false;
      connection.awaitingPong = false;
    },
    duplicate_next: (connection) => {
      connection.duplicateNext = true;
    },
    replay_snapshot: (connection) => {
      for (const subscription of connection.subscriptions.values()) this.send(connection, this.snapshotFrame(subscription), true);
    },
    malformed_next: (connection) => {
      if (connection.silenced) return;
      const account = connection.subscriptions.values().next().value?.account ?? 0;
      connection.socket.send("{not json");
      const broken = { ...this.engine.trades(account).at(-1), market_id: 0, size: null };
      this.send(connection, { type: "update/account_all_trades", channel: `account_all_trades:${account}`, trades: { "0": [broken] }, timestamp: Date.now() } as unknown as LighterFrame);
    },
    ping: (connection) => this.ping(connection),
  };

  private setPingInterval(ms: number): void {
    this.pingIntervalMs = ms;
    clearInterval(this.pingTimer);
    this.pingTimer = this.armPings();
  }

  private armPings(): NodeJS.Timeout {
    const timer = setInterval(() => {
      for (const connection of this.connections) {
        if (connection.silenced) continue;
        if (connection.awaitingPong) connection.socket.close(1008, "no pong");
        else this.ping(connection);
      }
    }, this.pingIntervalMs);
    timer.unref();
    return timer;
  }

  private ping(connection: Connection): void {
    if (connection.silenced) return;
    connection.pingsSent += 1;
    connection.awaitingPong = true;
    this.send(connection, { type: "ping" });
  }

  // ----- client frames -------------------------------------------------------------------------------

  private receive(connection: Connection, text: string): void {
    let frame: { type?: unknown; channel?: unknown; auth?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      this.send(connection, errorFrame(20001, "invalid param : the message is not JSON"));
      return;
    }
    switch (frame?.type) {
      case "ping":
        this.send(connection, { type: "pong" });
        return;
      case "pong":
        connection.pongs += 1;
        connection.awaitingPong = false;
        return;
      case "subscribe":
        this.subscribe(connection, frame.channel, frame.auth);
        return;
      case "unsubscribe": {
        const subscription = parseChannel(frame.channel);
        if (subscription === undefined) {
          this.send(connection, errorFrame(30005, `Invalid Channel: ${String(frame.channel)}`));
          return;
        }
        connection.subscriptions.delete(subscription.key);
        this.send(connection, { type: "unsubscribed", channel: subscription.channel });
        return;
      }
      default:
        this.send(connection, errorFrame(20001, `invalid param : unknown message type ${JSON.stringify(frame?.type)}`));
    }
  }

  private subscribe(connection: Connection, channel: unknown, auth: unknown): void {
    const subscription = parseChannel(channel);
    if (subscription === undefined) {
      this.send(connection, errorFrame(30005, `Invalid Channel: ${String(channel)}`));
      return;
    }
    if (auth !== undefined || CHANNELS[subscription.name].auth === "required") {
      if (typeof auth !== "string" || this.checkAuth(auth, subscription.account) !== undefined) {
        this.send(connection, errorFrame(20013, "invalid auth token"));
        return;
      }
    }
    if (connection.subscriptions.has(subscription.key)) {
      this.send(connection, errorFrame(30003, "Already Subscribed"));
      return;
    }
    connection.subscriptions.set(subscription.key, subscription);
    this.send(connection, this.snapshotFrame(subscription), true);
  }

  // ----- frames --------------------------------------------------------------------------------------

  private snapshotFrame(subscription: Subscription): LighterFrame {
    const { engine } = this;
    const { account } = subscription;
    const trades = engine.trades(account).slice(-LIGHTER_SNAPSHOT_ITEMS);
    return this.frame(subscription, "subscribed", {
      orders: engine.liveOrders(account, subscription.market ?? undefined),
      trades,
      fundings: engine.fundings(account).slice(-LIGHTER_SNAPSHOT_ITEMS),
      positions: engine.positions(account),
    });
  }

  /** Undefined when the change holds nothing for the channel. */
  private updateFrame(subscription: Subscription, change: RenderedChange): LighterFrame | undefined {
    const { name, market } = subscription;
    const orders = market === null ? change.orders : change.orders.filter((order) => order.market_index === market);
    const holds: Record<ChannelName, boolean> = {
      account_all_orders: orders.length > 0,
      account_orders: orders.length > 0,
      account_all_trades: change.trades.length > 0,
      account_all_positions: change.positions.length > 0,
      // Any change moves the margin figures (an order alone does not, but a stats frame too many is harmless).
      user_stats: true,
      account_all: change.trades.length + change.positions.length + change.fundings.length > 0,
    };
    return holds[name] ? this.frame(subscription, "update", { ...change, orders }) : undefined;
  }

  private frame(subscription: Subscription, kind: "subscribed" | "update", content: RenderedChange): LighterFrame {
    const { name, account, channel } = subscription;
    const timestamp = Date.now();
    switch (name) {
      case "account_all_orders":
        return { type: `${kind}/account_all_orders`, channel, orders: byMarket(content.orders, (order) => order.market_index), timestamp };
      case "account_orders":
        return { type: `${kind}/account_orders`, channel, account, nonce: content.orders[0]?.block_height ?? 0, orders: { [String(subscription.market)]: content.orders }, timestamp };
      case "account_all_trades":
        return { type: `${kind}/account_all_trades`, channel, trades: byMarket(content.trades, (trade) => trade.market_id), ...this.volumes(account).volumes, timestamp };
      case "account_all_positions":
        return { type: `${kind}/account_all_positions`, channel, positions: positionsByMarket(content.positions), shares: [], timestamp };
      case "user_stats":
        return { type: `${kind}/user_stats`, channel, stats: this.engine.stats(account), timestamp };
      case "account_all": {
        const { counts, volumes } = this.volumes(account);
        const stats = this.engine.stats(account);
        return {
          type: `${kind}/account_all`,
          channel,
          account,
          trades: byMarket(content.trades, (trade) => trade.market_id),
          positions: positionsByMarket(content.positions),
          funding_histories: byMarket(content.fundings, (funding) => funding.market_id),
          shares: [],
          assets: { "3": { symbol: "USDC", asset_id: 3, balance: stats.collateral, locked_balance: "0.000000" } },
          daily_trades_count: counts.daily,
          daily_volume: volumes.daily_volume,
          weekly_trades_count: counts.weekly,
          weekly_volume: volumes.weekly_volume,
          monthly_trades_count: counts.monthly,
          monthly_volume: volumes.monthly_volume,
          total_trades_count: counts.total,
          total_volume: volumes.total_volume,
          timestamp,
        };
      }
    }
  }

  /** USD volume and trade count over the account's kept trades: all, and the last 30, 7 and 1 days. */
  private volumes(account: number): {
    volumes: { total_volume: number; monthly_volume: number; weekly_volume: number; daily_volume: number };
    counts: { total: number; monthly: number; weekly: number; daily: number };
  } {
    const now = Date.now();
    const windows = { total: Number.POSITIVE_INFINITY, monthly: 30 * DAY_MS, weekly: 7 * DAY_MS, daily: DAY_MS };
    const volume = { total: 0, monthly: 0, weekly: 0, daily: 0 };
    const counts = { total: 0, monthly: 0, weekly: 0, daily: 0 };
    for (const trade of this.engine.trades(account)) {
      for (const window of Object.keys(windows) as Array<keyof typeof windows>) {
        if (now - trade.timestamp > windows[window]) continue;
        volume[window] += Number(trade.usd_amount);
        counts[window] += 1;
      }
    }
    return { volumes: { total_volume: volume.total, monthly_volume: volume.monthly, weekly_volume: volume.weekly, daily_volume: volume.daily }, counts };
  }

  /** Sends unless the socket is silenced or gone; a data frame twice when `duplicate_next` asked for it. */
  private send(connection: Connection, frame: LighterFrame, data = false): void {
    if (connection.silenced || connection.socket.readyState !== WebSocket.OPEN) return;
    const text = lighterJson(frame);
    connection.socket.send(text);
    if (data && connection.duplicateNext) {
      connection.duplicateNext = false;
      connection.socket.send(text);
    }
  }
}
