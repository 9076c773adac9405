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
   * Assigns the next seqs, stores the events and their frames, and prunes, in one transaction. Throws,
   * storing nothing and using no seq, when a payload is not JSON-serializable or a frame is too large.
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
    this.storage.transactionSync(() => {
      for (const row of rows) {
        this.storage.sql.exec("INSERT INTO event_log (seq, type, venue, logged_at, frame) VALUES (?, ?, ?, ?, ?)", row.seq, row.type, row.venue, now, row.frame);
      }
      this.storage.sql.exec("UPDATE event_seq SET last_seq = ? WHERE id = 1", last.seq);
      this.pruneUpTo(last.seq, now);
    });
    this.lastSeqCache = last.seq;
    return rows;
  }

  /** Drops what is older than the age bound (called by the hub's alarm when no events arrive). */
  prune(now: number): void {
    this.pruneUpTo(this.lastSeqCache, now);
  }

  private pruneUpTo(lastSeq: number, now: number): void {
    this.storage.sql.exec("DELETE FROM event_log WHERE seq <= ?", lastSeq - this.bounds.maxEvents);
    this.storage.sql.exec("DELETE FROM event_log WHERE logged_at < ?", now - this.bounds.maxAgeMs);
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
