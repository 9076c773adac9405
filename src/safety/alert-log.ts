/**
 * The alert desk's memory in its SQLite storage: when each (kind, subject) was last sent and how many
 * like it were held back since, the total held back, and the last delivery's outcome. Kept in storage so
 * the one-per-interval rule holds across isolates, restarts and deploys. All calls are synchronous (the
 * Durable Object SQL API is), so two alerts can never both pass the check for the same kind and subject.
 */
import type { AlertKind } from "./alert";

/** The outcome of the newest delivery to the configured destinations. */
export interface LastDelivery {
  /** Unix ms when the delivery finished (every destination answered or was given up on). */
  at: number;
  kind: AlertKind;
  subject: string;
  /** Every destination took it. */
  ok: boolean;
  /** Per failed destination, e.g. "webhook: HTTP 500 after 3 attempts"; never a URL or token. */
  error?: string;
}

export type Admission =
  /** Send it; `suppressed` alerts of this kind and subject were held back since the last one sent. */
  | { send: true; suppressed: number }
  /** Held back: one like it was sent less than the interval ago; `suppressed` held back so far, this one included. */
  | { send: false; suppressed: number };

/**
 * A held-back count nobody has reported yet is kept this long after its window (then the next alert of
 * that kind and subject starts from zero), so the table cannot grow with subjects that never recur.
 */
const SUPPRESSED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS alert_sent (
     kind TEXT NOT NULL,
     subject TEXT NOT NULL,
     sent_at INTEGER NOT NULL,
     suppressed INTEGER NOT NULL,
     PRIMARY KEY (kind, subject)
   )`,
  `CREATE INDEX IF NOT EXISTS alert_sent_at ON alert_sent (sent_at)`,
  `CREATE TABLE IF NOT EXISTS alert_totals (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     suppressed_total INTEGER NOT NULL,
     last_delivery TEXT
   )`,
  `INSERT OR IGNORE INTO alert_totals (id, suppressed_total, last_delivery) VALUES (1, 0, NULL)`,
];

export class AlertLog {
  constructor(private readonly storage: DurableObjectStorage) {
    for (const statement of SCHEMA) storage.sql.exec(statement);
  }

  /**
   * Decides whether an alert of this kind and subject goes out at `now`: at most one per `minIntervalMs`.
   * A held-back alert is counted, and the count is handed to the next one sent.
   */
  admit(kind: AlertKind, subject: string, now: number, minIntervalMs: number): Admission {
    const sql = this.storage.sql;
    const previous = sql.exec<{ sent_at: number; suppressed: number }>("SELECT sent_at, suppressed FROM alert_sent WHERE kind = ? AND subject = ?", kind, subject).toArray()[0];
    // A clock that went backwards (sent_at in the future) also holds alerts back until the interval has passed.
    if (previous !== undefined && now - previous.sent_at < minIntervalMs) {
      sql.exec("UPDATE alert_sent SET suppressed = suppressed + 1 WHERE kind = ? AND subject = ?", kind, subject);
      sql.exec("UPDATE alert_totals SET suppressed_total = suppressed_total + 1 WHERE id = 1");
      return { send: false, suppressed: previous.suppressed + 1 };
    }
    sql.exec(
      "INSERT INTO alert_sent (kind, subject, sent_at, suppressed) VALUES (?, ?, ?, 0) ON CONFLICT (kind, subject) DO UPDATE SET sent_at = excluded.sent_at, suppressed = 0",
      kind,
      subject,
      now,
    );
    // Rows whose window has passed tell nothing unless they hold an unreported count (kept a while).
    sql.exec("DELETE FROM alert_sent WHERE sent_at < ? AND (suppressed = 0 OR sent_at < ?)", now - minIntervalMs, now - minIntervalMs - SUPPRESSED_RETENTION_MS);
    return { send: true, suppressed: previous?.suppressed ?? 0 };
  }

  recordDelivery(delivery: LastDelivery): void {
    this.storage.sql.exec("UPDATE alert_totals SET last_delivery = ? WHERE id = 1", JSON.stringify(delivery));
  }

  /** How many alerts were held back since the desk began, and the newest delivery (null before the first). */
  totals(): { suppressedTotal: number; lastDelivery: LastDelivery | null } {
    const row = this.storage.sql.exec<{ suppressed_total: number; last_delivery: string | null }>("SELECT suppressed_total, last_delivery FROM alert_totals WHERE id = 1").one();
    return { suppressedTotal: row.suppressed_total, lastDelivery: row.last_delivery === null ? null : (JSON.parse(row.last_delivery) as LastDelivery) };
  }
}
