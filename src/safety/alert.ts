/**
 * What an alert is, for every part that raises one (halt, dead-man's switches, later feeds, pairs and the
 * rate budget) and for the alert desk that delivers it. An alert never carries a secret: its text and
 * details are written by the gateway, never copied from a request.
 */
export const ALERT_KINDS = ["halt", "resume", "unbalanced_pair", "feed_down", "deadman_refresh_failed", "rate_budget_exhausted", "liquidation_near"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  kind: AlertKind;
  /** What it is about, for deduplication: one alert per kind and subject per interval ("hyperliquid", a pair id, "gateway"). */
  subject: string;
  /** One line for people. */
  message: string;
  details?: Record<string, unknown>;
  /**
   * The venue the alert concerns, which becomes the alert event's `venue` (subscribers filter on it).
   * Unset: the subject when it names a venue ("lighter", "hyperliquid", "grvt"), else "gateway".
   */
  venue?: string;
}
