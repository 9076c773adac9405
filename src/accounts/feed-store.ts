/**
 * The account feed's storage (SQLite of its Durable Object): the fills and funding payments it has
 * published, keyed by the venue's identity of each (so a fill that arrives twice — snapshot replay,
 * resubscribe, REST and socket both — is stored and published once), the last known state of every
 * order and position, and the cursors a reconciliation starts from, which are simply the newest rows.
 * A restart rebuilds everything from here.
 */
import type { FeedCursors } from "./feed-adapter";
import type { Fill, FundingPayment, Keyed, OfAccount, OrderUpdate, Position } from "./model";

/** Fills and funding payments are kept this long (the issue asks for at least 30 days). */
export const HISTORY_RETENTION_MS = 90 * 24 * 3600 * 1000;
/** Orders that ended are kept this long, so a late duplicate of their last frame is still recognised. */
const ENDED_ORDER_RETENTION_MS = 7 * 24 * 3600 * 1000;

const OPEN_STATUSES = ["open", "partially_filled", "triggered"] as const;
const OPEN_LIST = OPEN_STATUSES.map((status) => `'${status}'`).join(", ");

/** Whether an order with this status may still fill (otherwise it has ended). */
export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export interface HistoryQuery {
  asset?: string;
  /** Inclusive lower bound, unix ms. */
  since?: number;
  /** Resume after this (time, key), exclusive. */
  after?: { time: number; key: string };
  /** At most this many rows; −1 for all (SQLite's LIMIT −1). */
  limit: number;
}

/** A stored fill or funding payment with the key it is stored under (paging resumes after it). */
export interface StoredRow<T> {
  key: string;
  item: T;
}

export class FeedStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS fills (key TEXT PRIMARY KEY, time INTEGER NOT NULL, asset TEXT NOT NULL, trade_id TEXT NOT NULL, payload TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS fills_by_time ON fills (time, key);
      CREATE TABLE IF NOT EXISTS funding (key TEXT PRIMARY KEY, time INTEGER NOT NULL, asset TEXT NOT NULL, payload TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS funding_by_time ON funding (time, key);
      CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, status TEXT NOT NULL, filled_size TEXT NOT NULL, time INTEGER NOT NULL, payload TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS positions (market TEXT PRIMARY KEY, payload TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS feed_identity (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL);
    `);
  }

  /** The feed's own name (venue and account), kept so that a restarted object knows whose feed it is. */
  rememberName(name: string): void {
    this.sql.exec("INSERT OR REPLACE INTO feed_identity (id, name) VALUES (1, ?)", name);
  }

  name(): string | undefined {
    return this.sql.exec<{ name: string }>("SELECT name FROM feed_identity WHERE id = 1").toArray()[0]?.name;
  }

  /** Stores the fill unless its key is known; true when it is new (and must be published). */
  addFill({ key, item }: Keyed<OfAccount<Fill>>): boolean {
    return this.sql.exec("INSERT OR IGNORE INTO fills (key, time, asset, trade_id, payload) VALUES (?, ?, ?, ?, ?)", key, item.time, item.asset, item.trade_id, JSON.stringify(item)).rowsWritten > 0;
  }

  addFunding({ key, item }: Keyed<OfAccount<FundingPayment>>): boolean {
    return this.sql.exec("INSERT OR IGNORE INTO funding (key, time, asset, payload) VALUES (?, ?, ?, ?)", key, item.time, item.asset, JSON.stringify(item)).rowsWritten > 0;
  }

  /**
   * Records the order's state; true when it differs from what was known (status or filled size), so the
   * update must be published. An order that ended stays known, so a replayed last frame publishes nothing,
   * and an ended order never reopens (a REST list read before it ended can arrive after its last frame).
   */
  updateOrder(order: OfAccount<OrderUpdate>): boolean {
    const known = this.sql.exec<{ status: string; filled_size: string }>("SELECT status, filled_size FROM orders WHERE order_id = ?", order.order_id).toArray()[0];
    if (known !== undefined && known.status === order.status && known.filled_size === order.filled_size) return false;
    if (known !== undefined && !isOpen(known.status) && isOpen(order.status)) return false;
    this.sql.exec("INSERT OR REPLACE INTO orders (order_id, status, filled_size, time, payload) VALUES (?, ?, ?, ?, ?)", order.order_id, order.status, order.filled_size, order.time, JSON.stringify(order));
    return true;
  }

  openOrders(): OfAccount<OrderUpdate>[] {
    return this.sql.exec<{ payload: string }>(`SELECT payload FROM orders WHERE status IN (${OPEN_LIST}) ORDER BY time, order_id`).toArray().map((row) => JSON.parse(row.payload) as OfAccount<OrderUpdate>);
  }

  /**
   * Records the position; true when what a trader acts on changed (size, entry, liquidation price,
   * margin). Mark and unrealized PnL are kept fresh without counting as a change. A flat position is
   * removed once recorded.
   */
  updatePosition(position: OfAccount<Position>): boolean {
    const known = this.position(position.market);
    const changed =
      known === undefined
        ? position.size !== "0"
        : known.size !== position.size || known.entry_price !== position.entry_price || known.liquidation_price !== position.liquidation_price || known.margin !== position.margin;
    if (position.size === "0") this.sql.exec("DELETE FROM positions WHERE market = ?", position.market);
    else this.sql.exec("INSERT OR REPLACE INTO positions (market, payload) VALUES (?, ?)", position.market, JSON.stringify(position));
    return changed;
  }

  position(market: string): OfAccount<Position> | undefined {
    const row = this.sql.exec<{ payload: string }>("SELECT payload FROM positions WHERE market = ?", market).toArray()[0];
    return row === undefined ? undefined : (JSON.parse(row.payload) as OfAccount<Position>);
  }

  positions(): OfAccount<Position>[] {
    return this.sql.exec<{ payload: string }>("SELECT payload FROM positions ORDER BY market").toArray().map((row) => JSON.parse(row.payload) as OfAccount<Position>);
  }

  /** The latest known state of the order the account sent under this client id, if the feed has seen it. */
  orderByClientId(clientId: string): OfAccount<OrderUpdate> | undefined {
    const row = this.sql.exec<{ payload: string }>("SELECT payload FROM orders WHERE json_extract(payload, '$.client_id') = ? ORDER BY time DESC LIMIT 1", clientId).toArray()[0];
    return row === undefined ? undefined : (JSON.parse(row.payload) as OfAccount<OrderUpdate>);
  }

  /** Every stored fill of the orders sent under these client ids. */
  fillsByClientId(clientIds: string[]): OfAccount<Fill>[] {
    if (clientIds.length === 0) return [];
    const placeholders = clientIds.map(() => "?").join(", ");
    return this.sql
      .exec<{ payload: string }>(`SELECT payload FROM fills WHERE json_extract(payload, '$.client_id') IN (${placeholders}) ORDER BY time, key`, ...clientIds)
      .toArray()
      .map((row) => JSON.parse(row.payload) as OfAccount<Fill>);
  }

  fills(query: HistoryQuery): StoredRow<OfAccount<Fill>>[] {
    return this.history<OfAccount<Fill>>("fills", query);
  }

  funding(query: HistoryQuery): StoredRow<OfAccount<FundingPayment>>[] {
    return this.history<OfAccount<FundingPayment>>("funding", query);
  }

  /** Every stored funding payment the filters select (hourly per position: tens of thousands at most). */
  allFunding(filter: Pick<HistoryQuery, "asset" | "since">): OfAccount<FundingPayment>[] {
    return this.history<OfAccount<FundingPayment>>("funding", { ...filter, limit: -1 }).map((row) => row.item);
  }

  cursors(): FeedCursors {
    const fill = this.sql.exec<{ time: number; trade_id: string }>("SELECT time, trade_id FROM fills ORDER BY time DESC, key DESC LIMIT 1").toArray()[0];
    const funding = this.sql.exec<{ time: number }>("SELECT time FROM funding ORDER BY time DESC LIMIT 1").toArray()[0];
    return { lastFillTime: fill?.time ?? null, lastTradeId: fill?.trade_id ?? null, lastFundingTime: funding?.time ?? null };
  }

  /** Drops history past retention; the newest fill and funding row always stay, as the cursors. */
  prune(now: number): void {
    const cutoff = now - HISTORY_RETENTION_MS;
    this.sql.exec("DELETE FROM fills WHERE time < ? AND key <> (SELECT key FROM fills ORDER BY time DESC, key DESC LIMIT 1)", cutoff);
    this.sql.exec("DELETE FROM funding WHERE time < ? AND key <> (SELECT key FROM funding ORDER BY time DESC, key DESC LIMIT 1)", cutoff);
    this.sql.exec(`DELETE FROM orders WHERE time < ? AND status NOT IN (${OPEN_LIST})`, now - ENDED_ORDER_RETENTION_MS);
  }

  private history<T>(table: "fills" | "funding", query: HistoryQuery): StoredRow<T>[] {
    const where: string[] = [];
    const values: Array<string | number> = [];
    if (query.asset !== undefined) {
      where.push("asset = ?");
      values.push(query.asset);
    }
    if (query.since !== undefined) {
      where.push("time >= ?");
      values.push(query.since);
    }
    if (query.after !== undefined) {
      where.push("(time > ? OR (time = ? AND key > ?))");
      values.push(query.after.time, query.after.time, query.after.key);
    }
    const sql = `SELECT key, payload FROM ${table}${where.length === 0 ? "" : ` WHERE ${where.join(" AND ")}`} ORDER BY time, key LIMIT ?`;
    return this.sql.exec<{ key: string; payload: string }>(sql, ...values, query.limit).toArray().map((row) => ({ key: row.key, item: JSON.parse(row.payload) as T }));
  }
}
