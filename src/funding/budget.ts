/**
 * Counts the upstream requests of one Worker invocation. The free plan allows 50 subrequests per
 * invocation; every venue fetch takes from the budget first, so a refresh step can never exceed it,
 * even if a venue suddenly lists many more instruments than planned.
 */
export const SUBREQUESTS_PER_INVOCATION = 50;

export class BudgetExhausted extends Error {
  constructor(limit: number) {
    super(`subrequest budget of ${limit} for this invocation is spent`);
    this.name = "BudgetExhausted";
  }
}

export class SubrequestBudget {
  private used = 0;
  constructor(readonly limit: number = SUBREQUESTS_PER_INVOCATION) {}

  /** Claims one subrequest or throws BudgetExhausted (before any request is sent). */
  take(): void {
    if (this.used >= this.limit) throw new BudgetExhausted(this.limit);
    this.used += 1;
  }

  get spent(): number {
    return this.used;
  }

  get remaining(): number {
    return this.limit - this.used;
  }
}
