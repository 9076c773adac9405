import type { EventsConfig } from "../config";
import { eventFrame, type LoggedEvent } from "./frames";

/**
 * The hub's replay log in its SQLite storage: every event with its seq and wire frame, bounded by count
 * and by age. All calls are synchronous (the Durable Object SQL API is), which is what lets the hub
 * append + broadcast, or accept + replay, without any other event slipping in between.
 */

export type NewEvent = Omit<LoggedEvent, "seq">;

export interface LogRow {
  seq: number;
  type: string;
  venue: string;
  frame: string;
}

/** A frame must fit a SQLite row (2 MB) with room to spare; order events are a few KiB. */
export const MAX_EVENT_FRAME_CHARS = 1024 * 1024;

/** Durable Object SQL takes at most 100 bound parameters per statement; a row binds 5. */
const ROWS_PER_INSERT = 20;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS event_log (
     seq INTEGER PRIMARY KEY,
     type TEXT NOT NULL,
     venue TEXT NOT NULL,
     logged_at INTEGER NOT NULL,
     frame TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS event_log_logged_at ON event_log (logged_at)`,
  // The last seq handed out lives apart from the log: pruning may empty the log, and seq must keep
  // increasing across restarts, hibernation and an emptied log.
  `CREATE TABLE IF NOT EXISTS event_seq (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL)`,
  `INSERT OR IGNORE INTO event_seq (id, last_seq) VALUES (1, 0)`,
];

export class EventLog {
  private lastSeqCache: number;
  /** Every seq up to this one has been pruned by count (or never existed): lets an append skip the DELETE. */
  private prunedThrough = 0;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly bounds: EventsConfig,
  ) {
    for (const statement of SCHEMA) storage.sql.exec(statement);
    this.lastSeqCache = storage.sql.exec<{ last_seq: number }>("SELECT last_seq FROM event_seq WHERE id = 1").one().last_seq;
  }

  /** The seq of the newest event ever appended (0 before the first). */
  get lastSeq(): number {
    return this.lastSeqCache;
  }

  /**
   * Assigns the next seqs, stores the events and their frames, and keeps the count bound, in one
   * transaction. The age bound is the hub's alarm's job (prune), due when the oldest event expires:
   * checking it on every append cost a statement per order. Throws, storing nothing and using no seq,
   * when a payload is not JSON-serializable or a frame is too large.
   */
  appendAll(events: readonly NewEvent[], now: number): LogRow[] {
    const rows = events.map((event, i) => {
      const seq = this.lastSeqCache + 1 + i;
      let frame: string;
      try {
        frame = eventFrame({ seq, ...event });
      } catch (err) {
        throw new TypeError(`Invalid event: payload is not JSON-serializable (${(err as Error).message})`);
      }
      if (frame.length > MAX_EVENT_FRAME_CHARS) {
        throw new RangeError(`Invalid event: ${frame.length} characters as JSON, the limit is ${MAX_EVENT_FRAME_CHARS}`);
      }
      return { seq, type: event.type, venue: event.venue, frame };
    });
    const last = rows.at(-1);
    if (last === undefined) return rows;
    // In an order that leaves a consistent log if a statement fails: old events go first, then the seq
    // counter moves (an insert failing after it leaves a gap, never a reused seq), then the events go
    // in, many rows per INSERT. No transactionSync: on every publish its savepoint cost more than the
    // statements it wrapped, and the writes are committed together at the output gate anyway.
    this.pruneByCount(last.seq);
    this.storage.sql.exec("UPDATE event_seq SET last_seq = ? WHERE id = 1", last.seq);
    this.lastSeqCache = last.seq;
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      this.storage.sql.exec(
        `INSERT INTO event_log (seq, type, venue, logged_at, frame) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
        ...chunk.flatMap((row) => [row.seq, row.type, row.venue, now, row.frame]),
      );
    }
    return rows;
  }

  /** Drops what is beyond either bound (the hub's alarm calls this when the oldest event expires). */
  prune(now: number): void {
    this.pruneByCount(this.lastSeqCache);
    this.storage.sql.exec("DELETE FROM event_log WHERE logged_at < ?", now - this.bounds.maxAgeMs);
  }

  private pruneByCount(lastSeq: number): void {
    const through = lastSeq - this.bounds.maxEvents;
    if (through <= this.prunedThrough) return;
    this.storage.sql.exec("DELETE FROM event_log WHERE seq <= ?", through);
    this.prunedThrough = through;
  }

  /** The oldest seq still logged, or null when the log is empty. */
  oldestSeq(): number | null {
    return this.storage.sql.exec<{ seq: number | null }>("SELECT MIN(seq) AS seq FROM event_log").one().seq;
  }

  /** When the oldest logged event will pass the age bound (ms since epoch), or null when empty. */
  nextExpiry(): number | null {
    const oldest = this.storage.sql.exec<{ at: number | null }>("SELECT MIN(logged_at) AS at FROM event_log").one().at;
    return oldest === null ? null : oldest + this.bounds.maxAgeMs;
  }

  count(): number {
    return this.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM event_log").one().n;
  }

  /** Every logged event after `since`, oldest first, read lazily row by row. */
  after(since: number): Iterable<LogRow> {
    return this.storage.sql.exec<{ seq: number; type: string; venue: string; frame: string }>(
      "SELECT seq, type, venue, frame FROM event_log WHERE seq > ? ORDER BY seq",
      since,
    );
  }
}
