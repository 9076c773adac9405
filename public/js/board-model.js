// @ts-check
/**
 * The funding board as table rows: one row per asset, one cell per venue, the best pair; sorting and
 * filtering. Pure functions over the JSON of GET /markets/funding, so tests run them without a DOM.
 */

/** @typedef {"hyperliquid" | "lighter" | "grvt"} Venue */
/**
 * @typedef {{ venue: Venue, symbol: string, asset: string, interval_hours: number, apr: number, raw_rate: string,
 *   raw_unit: string, stale: boolean, updated_at: number, open_interest_usd: number | null }} FundingRow
 * @typedef {{ long_venue: Venue, short_venue: Venue, long_symbol: string, short_symbol: string, spread_apr: number }} BestPair
 * @typedef {{ asset: string, venues: FundingRow[], best_pair: BestPair | null }} AssetView
 * @typedef {{ venue: Venue, status: "ok" | "stale" | "never_refreshed", age_seconds: number | null, stale_reason: string | null,
 *   last_error: { message: string } | null, markets: number }} VenueHealth
 * @typedef {{ generated_at: number, venues: VenueHealth[], assets: AssetView[] }} BoardView
 */

/**
 * @typedef {{ asset: string, cells: Partial<Record<Venue, FundingRow>>, best: BestPair | null, spread: number | null }} BoardRow
 * @typedef {"asset" | "spread" | "pair" | Venue} SortKey
 * @typedef {{ key: SortKey, descending: boolean }} Sort
 */

export const VENUES = /** @type {const} */ (["hyperliquid", "lighter", "grvt"]);

/**
 * @param {BoardView} board
 * @returns {BoardRow[]}
 */
export function boardRows(board) {
  return board.assets.map((view) => {
    /** @type {Partial<Record<Venue, FundingRow>>} */
    const cells = {};
    for (const row of view.venues) cells[row.venue] = row;
    return { asset: view.asset, cells, best: view.best_pair, spread: view.best_pair?.spread_apr ?? null };
  });
}

/**
 * The value a column sorts by: text for asset and pair, a number (or null: always last) otherwise.
 * @param {BoardRow} row
 * @param {SortKey} key
 * @returns {string | number | null}
 */
function sortValue(row, key) {
  switch (key) {
    case "asset":
      return row.asset;
    case "spread":
      return row.spread;
    case "pair":
      return row.best === null ? null : `${row.best.long_venue}/${row.best.short_venue}`;
    default:
      return row.cells[key]?.apr ?? null;
  }
}

/**
 * Sorted copy. Missing values go last in both directions; ties keep asset order.
 * @param {BoardRow[]} rows
 * @param {Sort} sort
 */
export function sortRows(rows, sort) {
  const direction = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? a.asset.localeCompare(b.asset) : x === null ? 1 : -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return order === 0 ? a.asset.localeCompare(b.asset) : order * direction;
  });
}

/**
 * Rows whose asset contains `asset` (any case) and whose spread APR is at least `minSpreadPercent` %.
 * An empty or unparsable minimum filters nothing; with a minimum, assets without a pair are left out.
 * @param {BoardRow[]} rows
 * @param {{ asset: string, minSpreadPercent: string }} filter
 */
export function filterRows(rows, filter) {
  const needle = filter.asset.trim().toUpperCase();
  const text = filter.minSpreadPercent.trim();
  const min = text === "" ? null : Number(text);
  return rows.filter((row) => {
    if (needle !== "" && !row.asset.toUpperCase().includes(needle)) return false;
    if (min === null || !Number.isFinite(min)) return true;
    // Compared as fractions with a hair of tolerance: 0.149 × 100 is 14.899999…, yet the page shows 14.9 %.
    return row.spread !== null && row.spread >= min / 100 - 1e-12;
  });
}

/**
 * A click on a column header: the same column flips direction; a new one starts descending for numbers
 * (largest APR first) and ascending for text.
 * @param {Sort} current
 * @param {SortKey} key
 * @returns {Sort}
 */
export function nextSort(current, key) {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== "asset" && key !== "pair" };
}
