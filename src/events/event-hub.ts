import { DurableObject } from "cloudflare:workers";
import { loadConfig, type RawEnv } from "../config";
import { errorBody } from "../http/errors";
import { firstIssueTarget } from "../zod-issue";
import { EventLog } from "./event-log";
import { errorFrame, EVENT_STREAM_PROTOCOL, gapFrame, MAX_SUBSCRIBER_MESSAGE_CHARS, parseSubscriberMessage, statusFrame } from "./frames";
import { eventInputSchema, type EventInput, type EventInputOf } from "./event-types";
import { parseSubscription, wants, type Subscription } from "./subscription";

export type { EventInput, EventInputOf, EventType } from "./event-types";

/** What the account desks publish after each order (the hub adds `seq`). */
export type OrderEventInput = EventInputOf<"order">;
/** What the alert desk publishes for each delivered alert. */
export type AlertEventInput = EventInputOf<"alert">;

/**
 * The single hub behind `/ws/events` (reached through `eventHub(env)`). It numbers every published event,
 * logs it in SQLite for replay and sends it to every hibernating subscriber whose filters match.
 *
 * Ordering argument: `publish` (append + broadcast) and `fetch` (accept + replay) each run without an
 * `await` between their steps, and a Durable Object runs one such synchronous stretch at a time. So an
 * event is either in the log when a new subscriber's replay reads it, or appended after the subscriber's
 * socket is registered and then broadcast to it: never both, never neither.
 */
export class EventHub extends DurableObject<Env> {
  private readonly log: EventLog | undefined;
  private readonly configErrors: string | undefined;
  /** Subscriptions by socket, read from the attachments once per instance (they survive hibernation). */
  private readonly subscriptions = new WeakMap<WebSocket, Subscription>();
  /** The alarm's time as last read or set: null when none is set, undefined until first read. */
  private alarmAt: number | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Answered by the runtime itself, so keep-alive pings neither wake the hub nor cost a request.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    const events = loadConfig(env as unknown as RawEnv).events;
    if (events.ok) this.log = new EventLog(ctx.storage, events.value);
    else this.configErrors = events.errors.map((e) => `${e.variable} ${e.message}`).join("; ");
  }

  /**
   * Logs an event and sends it to the matching subscribers. Resolves once the event is stored (the
   * output gate holds the reply until then) with its seq. Throws only for invalid input or a broken
   * configuration, never because a subscriber is slow or gone.
   */
  async publish(event: EventInput): Promise<{ seq: number }> {
    const { seqs } = await this.publishAll([event]);
    return { seq: seqs[0] as number };
  }

  /**
   * `publish` for several events at once, in order, stored in one transaction: a busy desk sends what
   * accumulated while its previous call was in flight. All or nothing: one invalid event refuses the call.
   */
  async publishAll(events: readonly EventInput[]): Promise<{ seqs: number[] }> {
    const log = this.requireLog();
    const valid = events.map((event, i) => {
      const parsed = eventInputSchema.safeParse(event);
      if (parsed.success) return parsed.data;
      const target = firstIssueTarget(parsed.error);
      const where = events.length === 1 ? "" : `events[${i}]: `;
      throw new TypeError(`Invalid event: ${where}${target.path.join(".") || "event"}: ${target.message}`);
    });
    const rows = log.appendAll(valid, Date.now());
    const sockets = this.ctx.getWebSockets();
    for (const row of rows) {
      for (const socket of sockets) {
        if (wants(this.subscriptionOf(socket), row)) this.send(socket, row.frame);
      }
    }
    await this.scheduleExpiry(log);
    return { seqs: rows.map((row) => row.seq) };
  }

  /** The WebSocket upgrade, forwarded by the `/ws/events` route after it checked the token. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return Response.json(errorBody("upgrade_required", "The event stream is a WebSocket"), { status: 426 });
    }
    if (this.log === undefined) {
      return Response.json(errorBody("not_configured", `The event log is misconfigured: ${this.configErrors}`), { status: 503 });
    }
    const parsed = parseSubscription(new URL(request.url).searchParams);
    if (!parsed.ok) {
      return Response.json(errorBody("invalid_query", `${parsed.parameter} ${parsed.message}`, { parameter: parsed.parameter }), {
        status: 400,
      });
    }
    const subscription = parsed.value;
    const lastSeq = this.log.lastSeq;
    if (subscription.since !== undefined && subscription.since > lastSeq) {
      return Response.json(
        errorBody("invalid_query", `since ${subscription.since} is ahead of the newest event (seq ${lastSeq})`, {
          parameter: "since",
          last_seq: lastSeq,
        }),
        { status: 400 },
      );
    }

    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(subscription);
    this.subscriptions.set(server, subscription);
    if (subscription.since !== undefined) this.replay(server, subscription, subscription.since);

    const headers = new Headers();
    if (request.headers.get("Sec-WebSocket-Protocol") === EVENT_STREAM_PROTOCOL) {
      headers.set("Sec-WebSocket-Protocol", EVENT_STREAM_PROTOCOL);
    }
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const size = typeof message === "string" ? message.length : message.byteLength;
    if (size > MAX_SUBSCRIBER_MESSAGE_CHARS) {
      this.drop(socket, 1009, `Messages are limited to ${MAX_SUBSCRIBER_MESSAGE_CHARS} characters`);
      return;
    }
    if (typeof message !== "string") {
      this.send(socket, errorFrame("malformed_message", "Binary messages are not supported; send JSON text"));
      return;
    }
    const parsed = parseSubscriberMessage(message);
    if (!parsed.ok) {
      this.send(socket, parsed.frame);
      return;
    }
    // The only request so far: {"type":"status"}.
    const log = this.log;
    if (log === undefined) this.send(socket, errorFrame("not_configured", "The event log is misconfigured"));
    else this.send(socket, statusFrame(log.lastSeq, log.oldestSeq()));
  }

  override async webSocketClose(socket: WebSocket): Promise<void> {
    // The runtime already answered the Close frame (web_socket_auto_reply_to_close); only forget it.
    this.subscriptions.delete(socket);
  }

  override async webSocketError(socket: WebSocket): Promise<void> {
    this.subscriptions.delete(socket);
  }

  /** Expires old events even when nothing is published for a while. */
  override async alarm(): Promise<void> {
    // The alarm that is running is spent: the next one, if any, is set below.
    this.alarmAt = null;
    if (this.log === undefined) return;
    this.log.prune(Date.now());
    await this.scheduleExpiry(this.log);
  }

  private requireLog(): EventLog {
    if (this.log === undefined) throw new Error(`The event log is misconfigured: ${this.configErrors}`);
    return this.log;
  }

  /** Sends the gap notice if needed, then every logged event after `since` that the subscriber wants. */
  private replay(socket: WebSocket, subscription: Subscription, since: number): void {
    const log = this.log!;
    const firstAvailable = log.oldestSeq() ?? log.lastSeq + 1;
    if (firstAvailable > since + 1) this.send(socket, gapFrame(since, firstAvailable));
    for (const row of log.after(since)) {
      if (wants(subscription, row) && !this.send(socket, row.frame)) return;
    }
  }

  private subscriptionOf(socket: WebSocket): Subscription {
    let subscription = this.subscriptions.get(socket);
    if (subscription === undefined) {
      // After hibernation the instance is new and the map empty; the attachment kept the subscription.
      subscription = socket.deserializeAttachment() as Subscription;
      this.subscriptions.set(socket, subscription);
    }
    return subscription;
  }

  /** Sends, or closes and forgets a socket that cannot take it. Returns whether the send went through. */
  private send(socket: WebSocket, frame: string): boolean {
    try {
      socket.send(frame);
      return true;
    } catch {
      this.drop(socket, 1011, "Send failed");
      return false;
    }
  }

  private drop(socket: WebSocket, code: number, reason: string): void {
    this.subscriptions.delete(socket);
    try {
      socket.close(code, reason);
    } catch {
      // Already closed or closing: nothing left to release.
    }
  }

  /**
   * Makes sure an alarm is due no later than the oldest event's expiry. The alarm time is remembered
   * (undefined: not read yet in this instance). The first publish of an instance checks the stored alarm
   * against the log (the age bound may have changed with a deploy). After that, while an alarm is
   * pending nothing needs doing: new events expire after the oldest, and the alarm reschedules itself
   * for the next expiry. So a publish costs nothing here but once per alarm cycle.
   */
  private async scheduleExpiry(log: EventLog): Promise<void> {
    const firstCheck = this.alarmAt === undefined;
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (this.alarmAt !== null && !firstCheck) return;
    const due = log.nextExpiry();
    if (due === null) return;
    if (this.alarmAt === null || this.alarmAt > due) {
      await this.ctx.storage.setAlarm(due);
      this.alarmAt = due;
    }
  }
}
