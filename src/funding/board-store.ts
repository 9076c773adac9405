/**
 * The board's SQLite storage (inside the FundingBoard Durable Object): the latest row per (venue,
 * symbol), each venue's health, small settings (the refresh cursor, GRVT's instrument list) and the
 * history cache. Rows are stored as JSON: they are read whole and never queried by field.
 */
import type { FundingRow, Venue, VenueFailure } from "./types";

export interface StoredRow {
  row: FundingRow;
  fetchedAt: number;
  error: VenueFailure | null;
}

export interface VenueState {
  venue: Venue;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  lastError: VenueFailure | null;
  /** Set from a 429's Retry-After: no request to this venue before then. */
  retryAfterUntil: number | null;
  /** Subrequests the venue's last refresh step used. */
  lastSubrequests: number;
}

type SqlValue = string | number | null;

export class BoardStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS quote (
      venue TEXT NOT NULL, symbol TEXT NOT NULL, row TEXT NOT NULL, fetched_at INTEGER NOT NULL, error TEXT,
      PRIMARY KEY (venue, symbol))`);
    sql.exec(`CREATE TABLE IF NOT EXISTS venue_state (
      venue TEXT PRIMARY KEY, last_attempt_at INTEGER, last_success_at INTEGER, last_error_at INTEGER,
      last_error TEXT, retry_after_until INTEGER, last_subrequests INTEGER NOT NULL DEFAULT 0)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS history_cache (key TEXT PRIMARY KEY, body TEXT NOT NULL, fetched_at INTEGER NOT NULL)`);
  }

  rows(): StoredRow[] {
    return this.sql
      .exec<{ row: string; fetched_at: number; error: string | null }>("SELECT row, fetched_at, error FROM quote")
      .toArray()
      .map((r) => ({ row: JSON.parse(r.row) as FundingRow, fetchedAt: r.fetched_at, error: r.error === null ? null : (JSON.parse(r.error) as VenueFailure) }));
  }

  /** A whole-venue snapshot (Hyperliquid, Lighter): markets no longer listed disappear. */
  replaceVenueRows(venue: Venue, rows: readonly FundingRow[], fetchedAt: number): void {
    this.sql.exec("DELETE FROM quote WHERE venue = ?", venue);
    for (const row of rows) this.upsertRow(row, fetchedAt);
  }

  upsertRow(row: FundingRow, fetchedAt: number): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO quote (venue, symbol, row, fetched_at, error) VALUES (?, ?, ?, ?, NULL)",
      row.venue, row.symbol, JSON.stringify(row), fetchedAt,
    );
  }

  /** Keeps the rows' last good values but marks them failed (served stale, with the reason). */
  markFailed(venue: Venue, failure: VenueFailure, symbols?: readonly string[]): void {
    const error = JSON.stringify(failure);
    if (symbols === undefined) this.sql.exec("UPDATE quote SET error = ? WHERE venue = ?", error, venue);
    else for (const symbol of symbols) this.sql.exec("UPDATE quote SET error = ? WHERE venue = ? AND symbol = ?", error, venue, symbol);
  }

  /** Drops a venue's rows whose market is no longer listed. */
  keepOnly(venue: Venue, symbols: ReadonlySet<string>): void {
    const listed = this.sql.exec<{ symbol: string }>("SELECT symbol FROM quote WHERE venue = ?", venue).toArray();
    for (const { symbol } of listed) if (!symbols.has(symbol)) this.sql.exec("DELETE FROM quote WHERE venue = ? AND symbol = ?", venue, symbol);
  }

  venueState(venue: Venue): VenueState {
    const row = this.sql
      .exec<{ last_attempt_at: number | null; last_success_at: number | null; last_error_at: number | null; last_error: string | null; retry_after_until: number | null; last_subrequests: number }>(
        "SELECT last_attempt_at, last_success_at, last_error_at, last_error, retry_after_until, last_subrequests FROM venue_state WHERE venue = ?",
        venue,
      )
      .toArray()[0];
    if (row === undefined) {
      return { venue, lastAttemptAt: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, retryAfterUntil: null, lastSubrequests: 0 };
    }
    return {
      venue,
      lastAttemptAt: row.last_attempt_at,
      lastSuccessAt: row.last_success_at,
      lastErrorAt: row.last_error_at,
      lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as VenueFailure),
      retryAfterUntil: row.retry_after_until,
      lastSubrequests: row.last_subrequests,
    };
  }

  saveVenueState(state: VenueState): void {
    const values: SqlValue[] = [
      state.venue, state.lastAttemptAt, state.lastSuccessAt, state.lastErrorAt,
      state.lastError === null ? null : JSON.stringify(state.lastError), state.retryAfterUntil, state.lastSubrequests,
    ];
    this.sql.exec(
      `INSERT OR REPLACE INTO venue_state (venue, last_attempt_at, last_success_at, last_error_at, last_error, retry_after_until, last_subrequests)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ...values,
    );
  }

  setting(key: string): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM setting WHERE key = ?", key).toArray()[0]?.value;
  }

  saveSetting(key: string, value: string): void {
    this.sql.exec("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", key, value);
  }

  cachedHistory(key: string, notBefore: number): string | undefined {
    return this.sql.exec<{ body: string }>("SELECT body FROM history_cache WHERE key = ? AND fetched_at >= ?", key, notBefore).toArray()[0]?.body;
  }

  saveHistory(key: string, body: string, fetchedAt: number, expiredBefore: number): void {
    this.sql.exec("DELETE FROM history_cache WHERE fetched_at < ?", expiredBefore);
    this.sql.exec("INSERT OR REPLACE INTO history_cache (key, body, fetched_at) VALUES (?, ?, ?)", key, body, fetchedAt);
  }
}
