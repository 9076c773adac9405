// @ts-check
/**
 * Arbitrage pairs as the page handles them: which funding-board rows the pair desk can trade, the bodies
 * of POST /arb/preview and POST /arb/pairs (the open sends the previewed body unchanged), and what the
 * panels show of a preview and of a pair. Pure: no DOM, no fetch.
 */
import { formatUsd, VENUE_LABELS } from "./format.js";

/**
 * @typedef {import("./board-model.js").BestPair} BestPair
 * @typedef {"lighter" | "hyperliquid"} PairVenue
 * @typedef {{ asset: string, long_venue: PairVenue, short_venue: PairVenue }} PairTarget
 * @typedef {{ asset: string, notional_usd: string, long_venue: PairVenue, short_venue: PairVenue, max_slippage_bps: number }} PreviewRequest
 * @typedef {PreviewRequest & { pair_id: string, execution: "sequential" }} PairRequest
 * @typedef {{ venue: string, market: string, symbol: string, side: "buy" | "sell", size: string, asset_size: string, mark: string,
 *   limit_price: string, notional: string, integer_units: { base_amount: string, price: string } | null }} SizedLeg
 * @typedef {{ venue: string, apr: number, taker_fee_bps: number }} LegEconomics
 * @typedef {{ long: LegEconomics, short: LegEconomics, spread_apr: number, entry_fee_bps: number, exit_fee_bps: number,
 *   round_trip_fee_bps: number, notional_usd: string, fees_usd: string, horizon_hours: number, expected_funding_usd: string,
 *   expected_net_usd: string, expected_net_apr: number, break_even_hours: number | null }} PairEconomics
 * @typedef {{ ok: boolean, detail: string }} Verdict
 * @typedef {{ asset: string, legs: { long: SizedLeg, short: SizedLeg }, asset_size: string, lot: string, funding: PairEconomics,
 *   verdicts: Record<string, Verdict>, allowed: boolean }} ArbPreview
 * @typedef {{ venue: string, market: string, side: "buy" | "sell", asset_size: string }} LegView
 * @typedef {"opening" | "open" | "closing" | "closed" | "failed" | "unbalanced"} PairState
 * @typedef {{ pair_id: string, asset: string, state: PairState, attention: string | null, orders_sent: number, max_orders: number,
 *   legs: { long: LegView, short: LegView }, spread_apr: { entry: number, now: number | null },
 *   pnl: { price: string | null, funding: string, fees: string, total: string | null } }} PairView
 */

/** The venues the pair desk trades: one leg on each. */
const PAIR_VENUES = /** @type {const} */ (["lighter", "hyperliquid"]);

export const DEFAULT_SLIPPAGE_BPS = 20;

/** @param {string} venue @returns {venue is PairVenue} */
function isPairVenue(venue) {
  return /** @type {readonly string[]} */ (PAIR_VENUES).includes(venue);
}

/**
 * The pair a board row's best pair asks for, or null when the desk cannot trade it (a GRVT leg).
 * @param {string} asset
 * @param {BestPair | null} best
 * @returns {PairTarget | null}
 */
export function pairTarget(asset, best) {
  if (best === null || !isPairVenue(best.long_venue) || !isPairVenue(best.short_venue)) return null;
  return { asset, long_venue: best.long_venue, short_venue: best.short_venue };
}

/**
 * The preview body from what the trader typed; the gateway judges the values (it answers invalid_request
 * naming the field), the page only refuses to send nothing.
 * @param {PairTarget} target
 * @param {{ notional: string, slippage: string }} typed
 * @returns {{ ok: true, body: PreviewRequest } | { ok: false, message: string }}
 */
export function previewRequest(target, typed) {
  const notional = typed.notional.trim();
  if (notional === "") return { ok: false, message: "Type the notional in USD." };
  const slippageText = typed.slippage.trim();
  const slippage = slippageText === "" ? DEFAULT_SLIPPAGE_BPS : Number(slippageText);
  if (!Number.isFinite(slippage)) return { ok: false, message: "Max slippage is a number of basis points." };
  return { ok: true, body: { asset: target.asset, notional_usd: notional, long_venue: target.long_venue, short_venue: target.short_venue, max_slippage_bps: slippage } };
}

/**
 * The open request: exactly the previewed body, the pair's idempotency key, legs one after the other.
 * The key is made once per preview, so pressing Open again (or after a lost answer) opens nothing new.
 * @param {PreviewRequest} previewed
 * @param {number} now unix ms, when the preview was answered
 * @returns {PairRequest}
 */
export function openRequest(previewed, now) {
  return { ...previewed, pair_id: `dash-${previewed.asset}-${now}`, execution: "sequential" };
}

/**
 * Every verdict, refusals first: the reasons Open is disabled are what the trader reads.
 * @param {Record<string, Verdict>} verdicts
 */
export function verdictList(verdicts) {
  const all = Object.entries(verdicts).map(([name, verdict]) => ({ name: name.replaceAll("_", " "), ...verdict }));
  return [...all.filter((verdict) => !verdict.ok), ...all.filter((verdict) => verdict.ok)];
}

/**
 * "long Hyperliquid" for a leg.
 * @param {"long" | "short"} side
 * @param {string} venue
 */
export function legName(side, venue) {
  return `${side} ${VENUE_LABELS[/** @type {keyof typeof VENUE_LABELS} */ (venue)] ?? venue}`;
}

/**
 * A pair whose legs may hold a position: the desk closes it on request (closing or opening ones are
 * still being worked on; closed and failed ones hold nothing).
 * @param {PairView} pair
 */
export function closable(pair) {
  return pair.state === "open" || pair.state === "unbalanced";
}

/**
 * The pair's PnL: the gateway's total (price + funding − fees), "unknown" while the price part is (a leg
 * still holds a size and the board has no mark for it), and the parts for the title.
 * @param {PairView["pnl"]} pnl
 */
export function pnlCell(pnl) {
  return {
    text: pnl.total === null ? "unknown" : formatUsd(pnl.total, true),
    title: `price ${pnl.price ?? "unknown"} + funding ${pnl.funding} − fees ${pnl.fees} USD`,
  };
}
