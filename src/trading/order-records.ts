/**
 * Idempotency for order creation: the caller's client id is the idempotency key (Lighter's
 * `client_order_index` as decimal text, Hyperliquid's `cloid` as lowercase hex). A record is written (as
 * pending) before anything is signed, so a repeat that arrives while the first is in flight, or after the
 * desk restarted mid-send, can never send twice. Records live in each desk's SQLite storage (the column
 * keeps its first name, `client_order_index`, so records written before Hyperliquid still match).
 *
 * What is recorded: outcomes where the venue accepted the order, dry-run signatures, and outcomes that are
 * unknown (a timeout): a repeat gets the same answer. Definite refusals (a validation error, a venue
 * rejection, a 429) are not kept, so the caller can correct the cause and retry with the same id.
 *
 * The claim is durable before the send. The result is written after the answer leaves, together with the
 * next claim (finish).
 */
import { parseUpstreamJson } from "../upstream-json";

/** At least the 24 hours promised; twice that so a retry across a day boundary still finds its record. */
export const RECORD_RETENTION_MS = 48 * 60 * 60 * 1000;

export interface RecordedReply {
  status: number;
  body: unknown;
}

export type RecordLookup =
  /** The index was free and is now claimed (pending). */
  | { kind: "new" }
  | { kind: "replay"; reply: RecordedReply }
  | { kind: "conflict" }
  | { kind: "in_progress" }
  | { kind: "interrupted" };

type RecordState = "pending" | "done" | "interrupted";

/**
 * Canonical JSON (sorted keys, bigints as decimal strings): two requests match iff this matches. Kept
 * as is rather than hashed: an order is a few hundred bytes, equality is then exact, and hashing cost
 * more of the desk's time per order than the record's SQL did.
 */
export function requestFingerprint(request: unknown): string {
  return JSON.stringify(request, (_key, value: unknown) => {
    if (typeof value === "bigint") return value.toString();
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return value;
  });
}

/** How often expired records are looked for: retention is measured in days, not milliseconds. */
const PRUNE_INTERVAL_MS = 60 * 1000;
/**
 * How long an answered result waits for the next claim to carry it into storage before it is written on
 * its own. Longer than the gap between orders of a busy desk (2 ms at 500/s), short against a person.
 */
const RESULT_WRITE_DELAY_MS = 10;

export class OrderRecords {
  private lastPrunedAt = 0;
  /** Results answered but not written yet, as the JSON to write, by client_order_index. */
  private readonly unwritten = new Map<string, string>();
  private writeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS order_records (
      client_order_index TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      state TEXT NOT NULL,
      reply TEXT,
      created_at INTEGER NOT NULL
    )`);
    sql.exec("CREATE INDEX IF NOT EXISTS order_records_by_age ON order_records (created_at)");
    // A pending record left by an earlier instance was cut off mid-flight: its outcome is unknown.
    sql.exec("UPDATE order_records SET state = 'interrupted' WHERE state = 'pending'");
  }

  /**
   * Claims the index for a new order (a pending record), or tells what an earlier use of it left.
   * Synchronous, so no other request can claim it in between; for a new index (the usual case) this
   * is one statement, after the results answered since the last write (so a repeat finds its result).
   */
  claim(clientId: string, fingerprint: string, nowMs: number): RecordLookup {
    this.writeFinished();
    const inserted = this.sql.exec(
      "INSERT INTO order_records (client_order_index, fingerprint, state, reply, created_at) VALUES (?, ?, 'pending', NULL, ?) ON CONFLICT (client_order_index) DO NOTHING",
      clientId,
      fingerprint,
      nowMs,
    );
    if (inserted.rowsWritten > 0) return { kind: "new" };
    const row = this.sql
      .exec<{ fingerprint: string; state: RecordState; reply: string | null }>(
        "SELECT fingerprint, state, reply FROM order_records WHERE client_order_index = ?",
        clientId,
      )
      .one();
    if (row.fingerprint !== fingerprint) return { kind: "conflict" };
    if (row.state === "pending") return { kind: "in_progress" };
    if (row.state === "interrupted" || row.reply === null) return { kind: "interrupted" };
    return { kind: "replay", reply: parseUpstreamJson(row.reply) as RecordedReply };
  }

  /**
   * Records the result. It is not written in the answer's own turn: a write there holds the answer until
   * storage confirms it (the output gate), one more storage commit on every order, which safety does not
   * need. It is written with the next claim instead, in that claim's transaction (one commit carries
   * both), or after RESULT_WRITE_DELAY_MS when no order follows. A repeat is a claim too, so it finds its
   * result. If the desk stops before the write, the record is marked interrupted when it starts again and
   * a repeat gets 409 outcome_unknown: never a second send.
   */
  finish(clientId: string, reply: RecordedReply): void {
    this.unwritten.set(clientId, JSON.stringify(reply));
    // One timer per window, not per order: a claim that wrote the results first leaves it nothing to do.
    this.writeTimer ??= setTimeout(() => {
      this.writeTimer = undefined;
      this.writeFinished();
    }, RESULT_WRITE_DELAY_MS);
  }

  /** Writes every result finish() was given since the last write. */
  private writeFinished(): void {
    if (this.unwritten.size === 0) return;
    try {
      for (const [index, reply] of this.unwritten) {
        this.sql.exec("UPDATE order_records SET state = 'done', reply = ? WHERE client_order_index = ? AND state = 'pending'", reply, index);
      }
    } catch (error) {
      // The records stay pending: a repeat gets 409 order_in_progress now, outcome_unknown after a restart.
      console.error(JSON.stringify({ order_records: "write_failed", message: error instanceof Error ? error.message : String(error) }));
    } finally {
      this.unwritten.clear();
    }
  }

  /** The result recorded under an id, without claiming it; undefined while there is none (never claimed, pending, interrupted). */
  reply(clientId: string): RecordedReply | undefined {
    this.writeFinished();
    const row = this.sql.exec<{ reply: string | null }>("SELECT reply FROM order_records WHERE client_order_index = ? AND state = 'done'", clientId).toArray()[0];
    return row?.reply == null ? undefined : (parseUpstreamJson(row.reply) as RecordedReply);
  }

  /**
   * Replaces a recorded result that said "unknown" with what a later look-up at the venue found (written
   * now: it is the answer every later repeat must get).
   */
  overwrite(clientId: string, reply: RecordedReply): void {
    this.writeFinished();
    this.sql.exec("UPDATE order_records SET state = 'done', reply = ? WHERE client_order_index = ?", JSON.stringify(reply), clientId);
  }

  /**
   * Claims a recorded id again for a new attempt: only once the venue has proved the earlier attempt can
   * never take effect (it expired unseen). The fingerprint must be the same order's.
   */
  reopen(clientId: string, fingerprint: string): boolean {
    this.writeFinished();
    const changed = this.sql.exec(
      "UPDATE order_records SET state = 'pending', reply = NULL, created_at = ? WHERE client_order_index = ? AND fingerprint = ? AND state != 'pending'",
      Date.now(),
      clientId,
      fingerprint,
    );
    return changed.rowsWritten > 0;
  }

  /**
   * Forgets a recorded id whatever its state: a look-up at the venue proved the earlier attempt was
   * refused, so the id is free for a corrected retry, as after any refusal.
   */
  forget(clientId: string): void {
    this.writeFinished();
    this.sql.exec("DELETE FROM order_records WHERE client_order_index = ?", clientId);
  }

  /** Forgets a claim whose order was definitely not accepted, so the caller may retry with the same index. */
  release(clientId: string): void {
    this.sql.exec("DELETE FROM order_records WHERE client_order_index = ? AND state = 'pending'", clientId);
  }

  /** Drops records past their retention; cheap enough to call often, it does real work once a minute. */
  prune(nowMs: number): void {
    if (nowMs - this.lastPrunedAt < PRUNE_INTERVAL_MS) return;
    this.lastPrunedAt = nowMs;
    this.sql.exec("DELETE FROM order_records WHERE created_at < ? AND state != 'pending'", nowMs - RECORD_RETENTION_MS);
  }
}
