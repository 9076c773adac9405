// @ts-check
/**
 * The halt and the dead-man's switches as the page shows them, from GET /health's `halt` and `deadman`
 * sections and POST /halt's answer. Pure: no DOM, no fetch, so the tests run them as they are.
 */
import { formatAge, formatTime } from "./format.js";

/**
 * @typedef {{ halted: boolean, reason: string | null, set_by: string | null, at: number | null }} HaltView
 * @typedef {{ active: boolean, next_cancel_at: number | null, last_refresh_at: number | null,
 *   last_error: { at: number, message: string } | null }} DeadmanVenue
 * @typedef {{ enabled: boolean, seconds: number | null, refresh_every_ms: number | null,
 *   lighter: DeadmanVenue, hyperliquid: DeadmanVenue }} DeadmanView
 * @typedef {{ text: string, state: "ok" | "failing" | "overdue", title: string }} DeadmanChip
 * @typedef {{ status: string, message: string, open_orders?: number, canceled?: number }} VenueCancel
 * @typedef {{ halt: HaltView, complete: boolean, cancels: { lighter: VenueCancel, hyperliquid: VenueCancel },
 *   desks: Array<{ desk: string, acknowledged: boolean }> }} HaltAnswer
 */

export const HALT_REASON_MAX = 200;

/** @param {number} ms */
function clock(ms) {
  return formatTime(new Date(ms).toISOString());
}

/**
 * The banner at the top of the page: null while trading runs.
 * @param {HaltView | null | undefined} halt
 * @returns {{ title: string, detail: string } | null}
 */
export function haltBanner(halt) {
  if (halt === null || halt === undefined || !halt.halted) return null;
  const since = halt.at === null ? "" : ` since ${clock(halt.at)}`;
  const by = halt.set_by === "automatic" ? " (automatic)" : "";
  return { title: `Trading halted${since}${by}`, detail: halt.reason ?? "no reason given" };
}

/**
 * What a halt needs before it is sent: a reason of 1 to 200 characters on one line (the gateway's rule).
 * @param {string} input
 * @returns {{ ok: true, reason: string } | { ok: false, message: string }}
 */
export function checkHaltReason(input) {
  const reason = input.trim();
  if (reason === "") return { ok: false, message: "Say why trading is halted: the reason is shown on the page and in alerts." };
  if (reason.length > HALT_REASON_MAX) return { ok: false, message: `The reason must be at most ${HALT_REASON_MAX} characters.` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(reason)) return { ok: false, message: "The reason must be one line." };
  return { ok: true, reason };
}

/**
 * The dead-man's switch beside a venue chip: when the venue will cancel the gateway's orders unless the
 * switch is pushed forward again. null when the switch is not kept on that venue.
 * @param {DeadmanView | null | undefined} deadman
 * @param {"lighter" | "hyperliquid"} venue
 * @param {number} now unix ms
 * @returns {DeadmanChip | null}
 */
export function deadmanChip(deadman, venue, now) {
  const section = deadman?.[venue];
  if (deadman === null || deadman === undefined || section === undefined || !section.active) return null;
  const failing = section.last_error !== null && (section.last_refresh_at === null || section.last_error.at > section.last_refresh_at);
  const problem = failing && section.last_error !== null ? `last refresh failed: ${section.last_error.message}` : "";
  if (section.next_cancel_at === null) {
    return { text: "dead-man: not set yet", state: failing ? "failing" : "ok", title: problem || "The switch is set at the next refresh" };
  }
  const left = (section.next_cancel_at - now) / 1000;
  const at = clock(section.next_cancel_at);
  if (left <= 0) return { text: `dead-man: fired at ${at}`, state: "overdue", title: problem || "The switch was not pushed forward in time: the venue cancelled the resting orders" };
  return {
    text: `dead-man: cancels at ${at} (in ${formatAge(left)})`,
    state: failing ? "failing" : "ok",
    title: problem || `Pushed forward every ${Math.round((deadman.refresh_every_ms ?? 0) / 1000)} s; the venue cancels every resting order at this time if the gateway stops`,
  };
}

/**
 * One line per venue saying what a halt did about its resting orders, and whether anything failed.
 * @param {HaltAnswer} answer
 * @returns {{ ok: boolean, lines: string[] }}
 */
export function haltOutcome(answer) {
  const names = /** @type {const} */ ({ lighter: "Lighter", hyperliquid: "Hyperliquid" });
  const lines = /** @type {const} */ (["lighter", "hyperliquid"]).map((venue) => {
    const result = answer.cancels[venue];
    const word = { ok: "cancelled", error: "FAILED", not_configured: "not configured", dry_run: "dry-run, nothing to cancel" }[result.status] ?? result.status;
    return `${names[venue]}: ${word} — ${result.message}`;
  });
  const deaf = answer.desks.filter((desk) => !desk.acknowledged).map((desk) => desk.desk);
  if (deaf.length > 0) lines.push(`Not acknowledged by ${deaf.join(", ")}: it may trade until it restarts.`);
  return { ok: answer.complete, lines };
}
