/**
 * The outbound rate budget of one sender (issue #13): the weight a venue allows per rolling minute,
 * tracked by the Durable Object that sends to the venue (every isolate's orders pass through it), so a
 * request that would overspend is refused before anything is signed or sent, instead of earning the
 * venue's own ban. Cancels keep a reserve the other requests cannot use, so a halt can always cancel.
 * A venue's own 429 shrinks the budget to that reserve until its Retry-After passes.
 */
import type { RateBudgetConfig } from "../config";
import { HttpError } from "../http/errors";
import type { DeskAnswer } from "../trading/desk-core";

/** Cancels (and the dead-man's switches) may use the reserve; everything else stops short of it. */
export type SpendClass = "cancel" | "other";

export interface RateBudgetState {
  /** Weight per rolling minute (the venue's limit as configured). */
  limit_per_minute: number;
  /** Weight kept for cancels. */
  cancel_reserve: number;
  /** What is left for requests that are not cancels, and for cancels. */
  remaining: number;
  remaining_for_cancels: number;
  /** While the venue's own 429 holds: until when (unix ms), else null. */
  venue_limited_until: number | null;
}

export type Spend = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number; state: RateBudgetState };

const WINDOW_MS = 60_000;

export class RateBudget {
  /** What was spent in the last minute, oldest first. */
  private readonly spent: Array<{ at: number; weight: number }> = [];
  private venueLimitedUntil = 0;

  constructor(
    readonly limitPerMinute: number,
    /** Percentage of the limit kept for cancels (at least one request's worth when the limit allows). */
    reservePct: number,
    private readonly now: () => number = Date.now,
  ) {
    this.reserve = Math.min(limitPerMinute, Math.max(1, Math.floor((limitPerMinute * reservePct) / 100)));
  }

  private readonly reserve: number;

  /** Spends `weight` if the budget allows it now, or says how long until it would. */
  take(weight: number, kind: SpendClass): Spend {
    const now = this.now();
    this.forget(now);
    const used = this.used();
    const ceiling = kind === "cancel" ? this.limitPerMinute : now < this.venueLimitedUntil ? 0 : this.limitPerMinute - this.reserve;
    if (used + weight > ceiling) return { ok: false, retryAfterSeconds: this.retryAfter(now, ceiling, weight), state: this.state() };
    this.spent.push({ at: now, weight });
    return { ok: true, remaining: Math.max(0, this.limitPerMinute - this.reserve - used - weight) };
  }

  /** The venue answered 429: only cancels go until its Retry-After passes (a minute when it gave none). */
  venueLimited(retryAfterSeconds: number | undefined): void {
    this.venueLimitedUntil = Math.max(this.venueLimitedUntil, this.now() + (retryAfterSeconds ?? WINDOW_MS / 1000) * 1000);
  }

  state(): RateBudgetState {
    const now = this.now();
    this.forget(now);
    const used = this.used();
    const limited = now < this.venueLimitedUntil;
    return {
      limit_per_minute: this.limitPerMinute,
      cancel_reserve: this.reserve,
      remaining: limited ? 0 : Math.max(0, this.limitPerMinute - this.reserve - used),
      remaining_for_cancels: Math.max(0, this.limitPerMinute - used),
      venue_limited_until: limited ? this.venueLimitedUntil : null,
    };
  }

  private used(): number {
    return this.spent.reduce((total, entry) => total + entry.weight, 0);
  }

  private forget(now: number): void {
    while (this.spent.length > 0 && (this.spent[0] as { at: number }).at <= now - WINDOW_MS) this.spent.shift();
  }

  /** Seconds until enough of the window has expired for `weight` to fit under `ceiling` (or the venue's 429 has passed). */
  private retryAfter(now: number, ceiling: number, weight: number): number {
    if (ceiling === 0 && now < this.venueLimitedUntil) return Math.ceil((this.venueLimitedUntil - now) / 1000);
    let excess = this.used() + weight - ceiling;
    for (const entry of this.spent) {
      excess -= entry.weight;
      if (excess <= 0) return Math.max(1, Math.ceil((entry.at + WINDOW_MS - now) / 1000));
    }
    return Math.ceil(WINDOW_MS / 1000);
  }
}

/**
 * A desk's budget for its configuration: kept (with what it has spent) while the configured limit stays
 * the same, replaced when it changes, absent when none is configured. Its answers: a refusal to send,
 * and the header every answer carries.
 */
export class SenderBudget {
  private budget: RateBudget | undefined;
  private key = "";

  constructor(private readonly venueName: string) {}

  of(config: RateBudgetConfig | undefined): RateBudget | undefined {
    const key = config === undefined ? "" : `${config.perMinute}:${config.cancelReservePct}`;
    if (key !== this.key) {
      this.key = key;
      this.budget = config === undefined ? undefined : new RateBudget(config.perMinute, config.cancelReservePct);
    }
    return this.budget;
  }

  /** Spends `weight`; the 429 to answer instead when the budget does not allow it (nothing is signed). */
  spend(config: RateBudgetConfig | undefined, weight: number, kind: SpendClass): HttpError | undefined {
    const spend = this.of(config)?.take(weight, kind);
    if (spend === undefined || spend.ok) return undefined;
    return new HttpError(
      429,
      "rate_budget_exhausted",
      `This request would overspend the gateway's ${this.venueName} rate budget (${spend.state.limit_per_minute} a minute, ${spend.state.cancel_reserve} kept for cancels${spend.state.venue_limited_until === null ? "" : `; ${this.venueName} itself answered 429`}); nothing was signed or sent`,
      { retry_after_seconds: spend.retryAfterSeconds, budget: spend.state },
      { "Retry-After": String(spend.retryAfterSeconds), "X-RateBudget-Remaining": String(spend.state.remaining) },
    );
  }

  /** The answer with X-RateBudget-Remaining added, when a budget is configured. */
  tag(answer: DeskAnswer, config: RateBudgetConfig | undefined): DeskAnswer {
    const budget = this.of(config);
    if (budget === undefined || answer.headers?.["X-RateBudget-Remaining"] !== undefined) return answer;
    return { ...answer, headers: { ...answer.headers, "X-RateBudget-Remaining": String(budget.state().remaining) } };
  }

  state(config: RateBudgetConfig | undefined): RateBudgetState | null {
    return this.of(config)?.state() ?? null;
  }
}
