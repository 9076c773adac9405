// @ts-check
/**
 * Number and time formatting for the dashboard. Pure functions: no DOM, so the tests run them as is.
 */

/** Display names of the venues, in the board's column order. */
export const VENUE_LABELS = /** @type {const} */ ({ hyperliquid: "Hyperliquid", lighter: "Lighter", grvt: "GRVT" });

/**
 * An APR given as a fraction (0.1 = 10 % a year), as a signed percentage.
 * @param {number | null | undefined} apr
 */
export function formatApr(apr) {
  if (apr === null || apr === undefined || !Number.isFinite(apr)) return "–";
  const percent = apr * 100;
  const digits = Math.abs(percent) >= 100 ? 0 : Math.abs(percent) >= 10 ? 1 : 2;
  const text = percent.toFixed(digits);
  return `${percent > 0 ? "+" : ""}${text === "-0.00" ? "0.00" : text}%`;
}

/** Short venue names for narrow screens. */
export const VENUE_SHORT = /** @type {const} */ ({ hyperliquid: "HL", lighter: "LT", grvt: "GRVT" });

/**
 * How large an APR is, in three steps: under 10 %, under 50 %, 50 % and more a year.
 * @param {number} apr
 */
function sizeStep(apr) {
  const size = Math.abs(apr);
  return size >= 0.5 ? 3 : size >= 0.1 ? 2 : 1;
}

/**
 * The CSS class for an APR: its sign (positive: longs pay shorts) and its size.
 * @param {number | null | undefined} apr
 */
export function aprClass(apr) {
  if (apr === null || apr === undefined || !Number.isFinite(apr) || apr === 0) return "apr-zero";
  return `apr-${apr > 0 ? "pos" : "neg"}-${sizeStep(apr)}`;
}

/**
 * The CSS class for a spread APR (always ≥ 0: it is what the pair earns), by size only.
 * @param {number | null | undefined} spread
 */
export function spreadClass(spread) {
  if (spread === null || spread === undefined || !Number.isFinite(spread) || spread === 0) return "spread-0";
  return `spread-${sizeStep(spread)}`;
}

/**
 * A duration in seconds, short: 45s, 12m, 3h, 2d.
 * @param {number | null | undefined} seconds
 */
export function formatAge(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "never";
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s}s`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

/**
 * Funding interval in hours: 1h, 8h, 0.5h.
 * @param {number} hours
 */
export function formatInterval(hours) {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(2).replace(/0+$/, "")}h`;
}

/**
 * An ISO time as the local HH:MM:SS (the day is in the title attribute).
 * @param {string} iso
 */
export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

/**
 * A long hash shortened for a table cell: 0x1234…cdef.
 * @param {string} hash
 */
export function shortHash(hash) {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash;
}

/**
 * A USD amount the gateway gives as an exact decimal string, to the cent: $1,001.98, -$0.77, or +$0.77
 * when `signed` (a gain or loss). The exact string belongs in the title attribute.
 * @param {string} amount
 * @param {boolean} [signed]
 */
export function formatUsd(amount, signed = false) {
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  // Rounded first, so a loss under half a cent shows as $0.00, not -$0.00.
  const cents = Math.round(value * 100) / 100 || 0;
  return cents.toLocaleString("en-US", { style: "currency", currency: "USD", signDisplay: signed ? "exceptZero" : "auto" });
}
