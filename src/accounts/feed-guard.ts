/**
 * The safety side of an account feed (issue #13's automatic halts and alerts): a feed that stays down is
 * an alert after FEED_DOWN_ALERT_MS and a halt after HALT_ON_FEED_DOWN_SECONDS; a position whose
 * liquidation price comes within HALT_ON_LIQUIDATION_PCT of its mark is an alert and a halt. Each outage
 * and each position halts once; the alert desk deduplicates the alerts.
 */
import type { AutomaticHalts } from "../config";
import { raiseAlert } from "../safety/raise-alert";
import type { SafetyDeskConfig } from "../safety/safety-config";
import { safetyDesk } from "../trading/desk-stub";
import { absolute, compare, divide, multiply, parseDecimal, subtract } from "../trading/decimal";
import type { FeedVenue, OfAccount, Position } from "./model";

/** A feed down this long is an alert, whether or not it also halts. */
export const FEED_DOWN_ALERT_MS = 60_000;

export interface GuardConfig {
  halts: AutomaticHalts;
  /** What the safety desk needs to halt (null: the safety configuration is invalid; alerts still go). */
  safety: SafetyDeskConfig | null;
}

interface Context {
  waitUntil(promise: Promise<unknown>): void;
}

export class FeedGuard {
  private downSince: number | null = null;
  private alertedOutage = false;
  private haltedOutage = false;
  /** Markets whose liquidation proximity already halted, until the position moves away again. */
  private readonly nearLiquidation = new Set<string>();

  constructor(
    private readonly env: Env,
    private readonly ctx: Context,
    private readonly venue: FeedVenue,
    private readonly account: string,
  ) {}

  noteDown(now: number): void {
    this.downSince ??= now;
  }

  noteLive(): void {
    this.downSince = null;
    this.alertedOutage = false;
    this.haltedOutage = false;
  }

  /** How long the feed has been down, or null while it is live. */
  downFor(now: number): number | null {
    return this.downSince === null ? null : now - this.downSince;
  }

  /** Called by the watchdog: alerts, then halts, on an outage that lasts. */
  checkOutage(now: number, config: GuardConfig): void {
    const down = this.downFor(now);
    if (down === null) return;
    const seconds = Math.round(down / 1000);
    if (down >= FEED_DOWN_ALERT_MS && !this.alertedOutage) {
      this.alertedOutage = true;
      raiseAlert(this.env, this.ctx, { kind: "feed_down", subject: `${this.venue}:${this.account}`, venue: this.venue, message: `the ${this.venue} account feed of ${this.account} has been down for ${seconds} s`, details: { account: this.account, down_seconds: seconds } });
    }
    const limit = config.halts.feedDownSeconds;
    if (limit !== undefined && down >= limit * 1000 && !this.haltedOutage) {
      this.haltedOutage = true;
      this.halt(config, `the ${this.venue} account feed has been down for ${seconds} s (HALT_ON_FEED_DOWN_SECONDS ${limit})`);
    }
  }

  /** Checks a position against HALT_ON_LIQUIDATION_PCT, with its mark or the one given (the board's). */
  checkLiquidation(position: OfAccount<Position>, mark: string | null, config: GuardConfig): void {
    const pct = config.halts.liquidationPct;
    const key = position.market;
    const liquidation = position.liquidation_price;
    if (pct === undefined || liquidation === null || mark === null || position.size === "0" || parseDecimal(mark).units === 0n) {
      this.nearLiquidation.delete(key);
      return;
    }
    // |mark − liquidation| / mark, in percent.
    const distance = divide(multiply(absolute(subtract(parseDecimal(mark), parseDecimal(liquidation))), parseDecimal("100")), parseDecimal(mark), 6, "floor");
    if (compare(distance, parseDecimal(String(pct))) > 0) {
      this.nearLiquidation.delete(key);
      return;
    }
    if (this.nearLiquidation.has(key)) return;
    this.nearLiquidation.add(key);
    const message = `${this.venue} ${position.market} (${position.asset}): liquidation price ${liquidation} is within ${pct} % of the mark ${mark}`;
    raiseAlert(this.env, this.ctx, { kind: "liquidation_near", subject: `${this.venue}:${position.market}`, venue: this.venue, message, details: { account: this.account, market: position.market, size: position.size, liquidation_price: liquidation, mark_price: mark } });
    this.halt(config, message);
  }

  private halt(config: GuardConfig, reason: string): void {
    if (config.safety === null) return;
    this.ctx.waitUntil(
      safetyDesk(this.env)
        .halt({ reason, set_by: "automatic" }, config.safety)
        .catch((error: unknown) => console.error(JSON.stringify({ event: "automatic_halt_failed", venue: this.venue, message: error instanceof Error ? error.message : String(error) }))),
    );
  }
}
