/**
 * The pair desk's storage: one row per pair, the whole record as JSON, written at every step (before an
 * order is sent and after its outcome), so a restart resumes from exactly what was done.
 */
import type { PairRecord, PairState } from "./pair";

export class PairStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS pairs (pair_id TEXT PRIMARY KEY, state TEXT NOT NULL, asset TEXT NOT NULL, created_at INTEGER NOT NULL, record TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS pairs_by_state ON pairs (state);
    `);
  }

  save(record: PairRecord): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO pairs (pair_id, state, asset, created_at, record) VALUES (?, ?, ?, ?, ?)",
      record.pair_id,
      record.state,
      record.asset,
      record.created_at,
      JSON.stringify(record),
    );
  }

  get(pairId: string): PairRecord | undefined {
    const row = this.sql.exec<{ record: string }>("SELECT record FROM pairs WHERE pair_id = ?", pairId).toArray()[0];
    return row === undefined ? undefined : (JSON.parse(row.record) as PairRecord);
  }

  /** The pairs of one asset that ever opened (a venue's funding payment on the asset is shared among them). */
  openedOf(asset: string): PairRecord[] {
    return this.sql
      .exec<{ record: string }>("SELECT record FROM pairs WHERE asset = ? AND state <> 'failed' AND state <> 'opening'", asset)
      .toArray()
      .map((row) => JSON.parse(row.record) as PairRecord);
  }

  /** Every pair, newest first; or only those in the given states. */
  list(states?: readonly PairState[]): PairRecord[] {
    const where = states === undefined ? "" : ` WHERE state IN (${states.map(() => "?").join(", ")})`;
    return this.sql
      .exec<{ record: string }>(`SELECT record FROM pairs${where} ORDER BY created_at DESC, pair_id`, ...(states ?? []))
      .toArray()
      .map((row) => JSON.parse(row.record) as PairRecord);
  }
}
