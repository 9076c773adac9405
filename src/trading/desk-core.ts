/**
 * What every venue desk does around the venue's own part of an order, written once: claim the caller's
 * client id before anything is signed (idempotency), record the outcome, turn the result into the answer
 * that crosses the RPC boundary, and publish the request/response pair to the EventHub alongside it.
 * Each venue's desk Durable Object owns one `DeskCore` over its own storage.
 *
 * Desk methods answer with a `DeskAnswer` (status + JSON text) and never throw: errors cross the RPC
 * boundary as plain Errors, which would lose their status, and an exception escaping to wrangler dev's
 * error page would echo request headers.
 */
import { eventHub } from "../events/hub";
import { errorBody, HttpError } from "../http/errors";
import { EventSender } from "../events/event-sender";
import { OrderRecords, type RecordedReply } from "./order-records";

/** What a desk method does internally: a status and a JSON-able body. */
export interface DeskReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * What crosses the RPC boundary: the body as JSON text. Venue answers may hold integers above 2^53 kept
 * exact as raw JSON values, which survive JSON.stringify but not the structured clone of RPC.
 */
export interface DeskAnswer {
  status: number;
  json: string;
  headers?: Record<string, string>;
}

/** How a send ended, which decides what is recorded and what the caller is told. */
export type Outcome = "accepted" | "unknown" | "refused";

export interface Submission {
  outcome: Outcome;
  reply: DeskReply;
}

/** A submission, or the recorded answer of an idempotent repeat (answered, not published again). */
export type Answered = Submission | { outcome: "replay"; reply: DeskReply };

/** How a venue names its client id in messages: the field, the venue, and what "another one" is. */
export interface ClientIdWording {
  /** The request field, e.g. `client_order_index` or `cloid`. */
  field: string;
  /** The venue's display name, e.g. `Lighter`. */
  venueName: string;
  /** What to call a fresh id in advice, e.g. `index`. */
  noun: string;
}

export class DeskCore {
  readonly records: OrderRecords;
  private readonly events: EventSender;
  /** One hub stub for the desk's life: calls on one stub are delivered in order. */
  private hub: ReturnType<typeof eventHub> | undefined;

  constructor(
    private readonly ctx: DurableObjectState,
    env: Env,
    /** The `venue` of the events this desk publishes. */
    private readonly venue: string,
    private readonly wording: ClientIdWording,
    /** Turns anything a venue's code threw into a reply; the desk knows its venue's error types. */
    private readonly errorReply: (error: unknown) => DeskReply,
  ) {
    this.records = new OrderRecords(ctx.storage.sql);
    this.events = new EventSender(() => (this.hub ??= eventHub(env)));
  }

  /**
   * Runs one order action: execute, publish the request/response pair, answer. Replays of an idempotent
   * request are answered but not published again (the pair was published the first time).
   */
  async answer(request: Record<string, unknown>, execute: () => Promise<Answered>): Promise<DeskAnswer> {
    let result: Answered;
    try {
      result = await execute();
    } catch (error) {
      result = { outcome: "refused", reply: this.errorReply(error) };
    }
    // The event goes out alongside the answer, not before it: the order's caller does not wait for the
    // hub's durable write. The sender keeps the desk's order.
    const answer = toAnswer(result.reply);
    if (result.outcome !== "replay") this.ctx.waitUntil(this.publish(request, answer));
    return answer;
  }

  /** A read (no order, nothing published): the reply, or the error's. */
  async reply(execute: () => Promise<DeskReply>): Promise<DeskAnswer> {
    try {
      return toAnswer(await execute());
    } catch (error) {
      return toAnswer(this.errorReply(error));
    }
  }

  /** Claims a client id, or returns the answer a repeat gets instead; a conflict or an unknown earlier attempt throws. */
  claim(clientId: string, fingerprint: string, field = this.wording.field): DeskReply | undefined {
    const now = Date.now();
    const found = this.records.claim(clientId, fingerprint, now);
    const { field: name, venueName, noun } = this.wording;
    switch (found.kind) {
      case "new":
        this.records.prune(now);
        return undefined;
      case "replay":
        return withReplayFlag(found.reply);
      case "conflict":
        throw new HttpError(409, "idempotency_conflict", `${name} ${clientId} was already used for a different order`, { field });
      case "in_progress":
        throw new HttpError(409, "order_in_progress", `An order with ${name} ${clientId} is being sent right now; repeat later to get its result`, { field });
      case "interrupted":
        throw new HttpError(409, "outcome_unknown", `An earlier attempt with ${name} ${clientId} was interrupted; check the order on ${venueName} before using another ${noun}`, { field });
    }
  }

  releaseAll(clientIds: readonly string[]): void {
    for (const clientId of clientIds) this.records.release(clientId);
  }

  /**
   * Records the outcome under each claimed id, unless the venue definitely refused (then a retry may reuse
   * them). `refusedWithin` names ids the venue refused inside an answer it otherwise accepted (an order
   * of a batch): they are freed too.
   */
  async recorded(clientIds: readonly string[], send: () => Promise<Submission>, refusedWithin: (submission: Submission) => readonly string[] = () => []): Promise<Submission> {
    let submission: Submission;
    try {
      submission = await send();
    } catch (error) {
      this.releaseAll(clientIds);
      throw error;
    }
    if (submission.outcome === "refused") {
      this.releaseAll(clientIds);
      return submission;
    }
    const refused = new Set(refusedWithin(submission));
    for (const clientId of clientIds) {
      if (refused.has(clientId)) this.records.release(clientId);
      else this.records.finish(clientId, submission.reply as RecordedReply);
    }
    return submission;
  }

  /** Publishing never fails an order: a hub that is down costs the event, not the trade. */
  private publish(request: Record<string, unknown>, answer: DeskAnswer): Promise<void> {
    return this.events.send({
      type: "order",
      venue: this.venue,
      // The answer's JSON, already written for the caller, is the response's plain-JSON form.
      payload: { request: toJsonSafe(request), response: { status: answer.status, body: JSON.parse(answer.json) as unknown } },
      created_at: new Date().toISOString(),
    });
  }
}

export function httpReply(error: HttpError): DeskReply {
  return { status: error.status, body: errorBody(error.code, error.message, error.details), ...(error.headers === undefined ? {} : { headers: error.headers }) };
}

/** The reply for an error no venue code recognised: logged by kind, never echoed (it may quote a secret). */
export function unexpectedErrorReply(error: unknown, deskName: string): DeskReply {
  if (error instanceof HttpError) return httpReply(error);
  console.error(JSON.stringify({ event: "desk_error", error: error instanceof Error ? error.name : "unknown", message: error instanceof Error ? error.message : "" }));
  return { status: 500, body: errorBody("internal_error", `The ${deskName} failed to handle this request`) };
}

export function toAnswer(reply: DeskReply): DeskAnswer {
  return { status: reply.status, json: JSON.stringify(reply.body), ...(reply.headers === undefined ? {} : { headers: reply.headers }) };
}

function withReplayFlag(reply: RecordedReply): DeskReply {
  const body = reply.body as { gateway?: Record<string, unknown> };
  return { status: reply.status, body: body.gateway === undefined ? body : { ...body, gateway: { ...body.gateway, idempotent_replay: true } } };
}

/** Requests carry bigints (exact integers); in events they are JSON numbers when safe, decimal strings beyond 2^53. */
function toJsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== "bigint") return v;
      return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    }),
  );
}
