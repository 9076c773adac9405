/**
 * The Hyperliquid stand-in's WebSocket, `/ws`: the account channels a gateway's account feed reads, pushed
 * from the exchange stand-in's account events (hyperliquid-exchange.ts) in the venue's envelope
 * (../../../../shared/accounts/SPEC.md §2):
 * - On connect the text frame `Websocket connection established.` (not JSON).
 * - `{"method":"subscribe"|"unsubscribe","subscription":{"type":"userFills"|"orderUpdates"|"userFundings"|
 *   "userEvents","user":"0x…"}}` is acked `{"channel":"subscriptionResponse","data":{method, subscription}}`
 *   with the subscription as sent; a `userFills` or `userFundings` subscribe then sends its snapshot
 *   (`isSnapshot: true`), orderUpdates and userEvents none. Users match case-insensitively and frames name
 *   them in lower case. An agent's address has no account: it gets empty snapshots and nothing else.
 * - Live frames: `userFills` {user, fills:[fill]} per fill; `orderUpdates` [WsOrder] per status change;
 *   `userFundings` {user, fundings:[funding]} per payment; userEvents on channel `user` with {fills} or
 *   {funding}.
 * - `{"method":"ping"}` → `{"channel":"pong"}`. Errors are `{"channel":"error","data":"<text>"}`: an invalid
 *   subscription (only the four user channels are served), a second identical subscribe, an unsubscribe
 *   of nothing, a frame that is no request, and one user more than the cap (default 10) across all
 *   sockets: every client of a stand-in is one "IP" to it. The cap frees when a subscription goes.
 * - A socket the server has received nothing from for the idle timeout (default 60 s) is closed.
 *
 * Control (test-only, JSON):
 *   POST /__control/hyperliquid/feed {action, user?}  a fault on every socket, or only on the sockets with a
 *        subscription for `user`; answers {action, sockets: how many it applied to}:
 *        drop            the TCP connection is destroyed without a close frame (the client sees 1006)
 *        close_1005      a close frame without a status code (the client sees 1005)
 *        silence         nothing more goes out on those sockets, pongs included, until resume (lost, not queued)
 *        resume
 *        duplicate_next  the next data frame goes out twice
 *        malformed_next  the next userFills frame with a fill is preceded by a text frame that is not JSON and
 *                        by a copy of itself whose first fill has px null
 *        replay_snapshot the userFills and userFundings snapshots are sent again
 *        refuse, accept  new upgrades are answered HTTP 503 until accept; `user` is ignored
 *   POST /__control/hyperliquid/feed-config {idleTimeoutMs?, maxUsers?}
 *   GET  /__control/hyperliquid/feed  HyperliquidFeedState
 * `POST /__control/reset` closes every socket (1001) and restores the defaults.
 */
import { WebSocket, type RawData } from "ws";
import {
  HYPERLIQUID_FEED_DEFAULT_IDLE_TIMEOUT_MS,
  HYPERLIQUID_FEED_DEFAULT_MAX_USERS,
  HYPERLIQUID_FEED_FAULTS,
  type HyperliquidFeedFault,
  type HyperliquidFeedState,
  type HyperliquidStandInFill,
  type HyperliquidStandInFunding,
  type HyperliquidStandInOrderUpdate,
} from "../hyperliquid-control";
import type { AccountEvents } from "./hyperliquid-exchange";
import type { Routes, SocketHandler, StandInReply } from "./server";

const WELCOME = "Websocket connection established.";
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const USER_CHANNELS = new Set(["userFills", "orderUpdates", "userFundings", "userEvents"]);
/** What malformed_next sends first: a frame cut off mid-way. */
const NOT_JSON = '{"channel":"userFills","data":{"user":';

/** Where the snapshots come from (the exchange stand-in). */
export interface AccountHistory {
  recentFills(user: string): HyperliquidStandInFill[];
  recentFundings(user: string): HyperliquidStandInFunding[];
}

interface Subscription {
  type: string;
  /** Lower case. */
  user: string;
  /** As the client sent it: acks and errors quote it. */
  sent: Record<string, unknown>;
}

interface Connection {
  socket: WebSocket;
  openedAt: number;
  lastReceived: number;
  idleTimer: NodeJS.Timeout | undefined;
  pings: number;
  /** By `${type}:${user}`. */
  subscriptions: Map<string, Subscription>;
  silenced: boolean;
  duplicateNext: boolean;
  malformedNext: boolean;
}

interface Frame {
  channel: string;
  data?: unknown;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseSubscription(value: unknown): Subscription | undefined {
  const sent = record(value);
  if (sent === undefined || typeof sent.type !== "string" || !USER_CHANNELS.has(sent.type)) return undefined;
  if (typeof sent.user !== "string" || !ADDRESS.test(sent.user)) return undefined;
  if (sent.aggregateByTime !== undefined && (sent.type !== "userFills" || typeof sent.aggregateByTime !== "boolean")) return undefined;
  return { type: sent.type, user: sent.user.toLowerCase(), sent };
}

const key = (type: string, user: string) => `${type}:${user}`;

export class HyperliquidFeed implements AccountEvents {
  private readonly connections = new Set<Connection>();
  private idleTimeoutMs = HYPERLIQUID_FEED_DEFAULT_IDLE_TIMEOUT_MS;
  private maxUsers = HYPERLIQUID_FEED_DEFAULT_MAX_USERS;
  private refusing = false;
  private refused = 0;
  private upgradesTotal = 0;

  constructor(private readonly history: AccountHistory) {}

  /** startStandIn's `refuseUpgrade` for `/ws`: counts the upgrade; 503 while refusing, else undefined (taken). */
  admit(): number | undefined {
    this.upgradesTotal += 1;
    if (!this.refusing) return undefined;
    this.refused += 1;
    return 503;
  }

  /** Closes every socket and restores the defaults (`POST /__control/reset`). */
  reset(): void {
    for (const connection of this.connections) {
      clearTimeout(connection.idleTimer);
      connection.socket.close(1001, "stand-in reset");
    }
    this.connections.clear();
    this.idleTimeoutMs = HYPERLIQUID_FEED_DEFAULT_IDLE_TIMEOUT_MS;
    this.maxUsers = HYPERLIQUID_FEED_DEFAULT_MAX_USERS;
    this.refusing = false;
    this.refused = 0;
    this.upgradesTotal = 0;
  }

  // -------------------------------------------------------------------------------------------------
  // Account events

  fill(user: string, fill: HyperliquidStandInFill): void {
    this.publish(key("userFills", user), { channel: "userFills", data: { user, fills: [fill] } });
    this.publish(key("userEvents", user), { channel: "user", data: { fills: [fill] } });
  }

  order(user: string, update: HyperliquidStandInOrderUpdate): void {
    this.publish(key("orderUpdates", user), { channel: "orderUpdates", data: [update] });
  }

  funding(user: string, funding: HyperliquidStandInFunding): void {
    this.publish(key("userFundings", user), { channel: "userFundings", data: { user, fundings: [funding] } });
    this.publish(key("userEvents", user), { channel: "user", data: { funding } });
  }

  private publish(subscription: string, frame: Frame): void {
    for (const connection of this.connections) if (connection.subscriptions.has(subscription)) this.sendData(connection, frame);
  }

  // -------------------------------------------------------------------------------------------------
  // Sockets

  /** startStandIn's socket handler for `/ws`. */
  readonly open: SocketHandler = (socket) => {
    const now = Date.now();
    const connection: Connection = {
      socket,
      openedAt: now,
      lastReceived: now,
      idleTimer: undefined,
      pings: 0,
      subscriptions: new Map(),
      silenced: false,
      duplicateNext: false,
      malformedNext: false,
    };
    this.connections.add(connection);
    socket.on("message", (raw) => this.receive(connection, raw));
    socket.on("close", () => {
      clearTimeout(connection.idleTimer);
      this.connections.delete(connection);
    });
    // A client's protocol error (a bad frame) closes its socket; unhandled, it would end the stand-ins' process.
    socket.on("error", () => {});
    this.armIdle(connection);
    socket.send(WELCOME);
  };

  /** The venue closes a connection it has heard nothing from for the idle timeout. */
  private armIdle(connection: Connection): void {
    clearTimeout(connection.idleTimer);
    const due = connection.lastReceived + this.idleTimeoutMs - Date.now();
    connection.idleTimer = setTimeout(() => connection.socket.close(), Math.max(due, 0));
    connection.idleTimer.unref();
  }

  private receive(connection: Connection, raw: RawData): void {
    connection.lastReceived = Date.now();
    this.armIdle(connection);
    // ws's default binaryType: every message arrives as one Buffer.
    const text = raw.toString();
    let request: Record<string, unknown> | undefined;
    try {
      request = record(JSON.parse(text));
    } catch {
      request = undefined;
    }
    switch (request?.method) {
      case "ping":
        connection.pings += 1;
        this.send(connection, { channel: "pong" });
        return;
      case "subscribe":
      case "unsubscribe":
        this.subscription(connection, request.method, request.subscription);
        return;
      default:
        this.error(connection, `Error parsing JSON into valid websocket request: ${text}`);
    }
  }

  private subscription(connection: Connection, method: "subscribe" | "unsubscribe", value: unknown): void {
    const subscription = parseSubscription(value);
    if (subscription === undefined) return this.error(connection, `Invalid subscription ${JSON.stringify(value) ?? "(none)"}`);
    const id = key(subscription.type, subscription.user);
    if (method === "unsubscribe") {
      if (!connection.subscriptions.delete(id)) return this.error(connection, `Already unsubscribed: ${JSON.stringify(value)}`);
      return this.send(connection, { channel: "subscriptionResponse", data: { method, subscription: subscription.sent } });
    }
    if (connection.subscriptions.has(id)) return this.error(connection, `Already subscribed: ${JSON.stringify(value)}`);
    const users = this.trackedUsers();
    // The venue's refusal does not quote the request (SPEC §2.1).
    if (!users.has(subscription.user) && users.size >= this.maxUsers) return this.error(connection, `Cannot track more than ${this.maxUsers} total users.`);
    connection.subscriptions.set(id, subscription);
    this.send(connection, { channel: "subscriptionResponse", data: { method, subscription: subscription.sent } });
    this.sendSnapshot(connection, subscription);
  }

  /** Distinct users of all user subscriptions on all sockets. */
  private trackedUsers(): Set<string> {
    const users = new Set<string>();
    for (const connection of this.connections) for (const { user } of connection.subscriptions.values()) users.add(user);
    return users;
  }

  private sendSnapshot(connection: Connection, { type, user }: Subscription): void {
    if (type === "userFills") this.sendData(connection, { channel: "userFills", data: { isSnapshot: true, user, fills: this.history.recentFills(user) } });
    if (type === "userFundings") this.sendData(connection, { channel: "userFundings", data: { isSnapshot: true, user, fundings: this.history.recentFundings(user) } });
  }

  private error(connection: Connection, message: string): void {
    this.send(connection, { channel: "error", data: message });
  }

  /** A channel's data frame: the one the duplicate and malformed faults act on. */
  private sendData(connection: Connection, frame: Frame): void {
    const fills = frame.channel === "userFills" ? (frame.data as { fills: HyperliquidStandInFill[] }).fills : [];
    if (connection.malformedNext && fills[0] !== undefined) {
      connection.malformedNext = false;
      this.transmit(connection, NOT_JSON);
      this.send(connection, { channel: frame.channel, data: { ...(frame.data as object), fills: [{ ...fills[0], px: null }] } });
    }
    this.send(connection, frame);
    if (connection.duplicateNext) {
      connection.duplicateNext = false;
      this.send(connection, frame);
    }
  }

  private send(connection: Connection, frame: Frame): void {
    this.transmit(connection, JSON.stringify(frame));
  }

  private transmit(connection: Connection, text: string): void {
    if (connection.silenced || connection.socket.readyState !== WebSocket.OPEN) return;
    connection.socket.send(text);
  }

  // -------------------------------------------------------------------------------------------------
  // Control

  controlRoutes(): Routes {
    const bad = (message: string): StandInReply => ({ status: 400, body: { error: message } });
    return {
      "POST /__control/hyperliquid/feed": ({ json }) => {
        const body = record(json) ?? {};
        const action = body.action as HyperliquidFeedFault;
        if (!HYPERLIQUID_FEED_FAULTS.includes(action)) return bad(`action must be one of ${HYPERLIQUID_FEED_FAULTS.join(", ")}`);
        if (body.user !== undefined && (typeof body.user !== "string" || !ADDRESS.test(body.user))) return bad("user must be a 0x address");
        return { body: { action, sockets: this.fault(action, (body.user as string | undefined)?.toLowerCase()) } };
      },
      "POST /__control/hyperliquid/feed-config": ({ json }) => {
        const body = record(json) ?? {};
        const positive = (value: unknown) => value === undefined || (typeof value === "number" && Number.isSafeInteger(value) && value > 0);
        if (!positive(body.idleTimeoutMs) || !positive(body.maxUsers)) return bad("idleTimeoutMs and maxUsers must be positive whole numbers");
        if (body.maxUsers !== undefined) this.maxUsers = body.maxUsers as number;
        if (body.idleTimeoutMs !== undefined) {
          this.idleTimeoutMs = body.idleTimeoutMs as number;
          for (const connection of this.connections) this.armIdle(connection);
        }
        return { body: { idleTimeoutMs: this.idleTimeoutMs, maxUsers: this.maxUsers } };
      },
      "GET /__control/hyperliquid/feed": () => ({ body: this.state() }),
    };
  }

  /** Applies a fault; answers how many sockets it applied to. */
  private fault(action: HyperliquidFeedFault, user: string | undefined): number {
    if (action === "refuse" || action === "accept") {
      this.refusing = action === "refuse";
      return 0;
    }
    const targets = [...this.connections].filter(
      (connection) => user === undefined || [...connection.subscriptions.values()].some((subscription) => subscription.user === user),
    );
    for (const connection of targets) {
      switch (action) {
        case "drop":
          connection.socket.terminate();
          break;
        case "close_1005":
          connection.socket.close();
          break;
        case "silence":
        case "resume":
          connection.silenced = action === "silence";
          break;
        case "duplicate_next":
          connection.duplicateNext = true;
          break;
        case "malformed_next":
          connection.malformedNext = true;
          break;
        case "replay_snapshot":
          for (const subscription of connection.subscriptions.values()) {
            if (user === undefined || subscription.user === user) this.sendSnapshot(connection, subscription);
          }
          break;
      }
    }
    return targets.length;
  }

  private state(): HyperliquidFeedState {
    return {
      connections: [...this.connections].map((connection) => {
        const subscriptions = [...connection.subscriptions.values()];
        return {
          users: [...new Set(subscriptions.map((subscription) => subscription.user))],
          subscriptions: subscriptions.map((subscription) => subscription.sent),
          opened_at: connection.openedAt,
          pings: connection.pings,
          silenced: connection.silenced,
        };
      }),
      refusing: this.refusing,
      refused: this.refused,
      upgrades_total: this.upgradesTotal,
      idle_timeout_ms: this.idleTimeoutMs,
      max_users: this.maxUsers,
    };
  }
}
