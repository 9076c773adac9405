/**
 * Keeps a signer's pool of precomputed signing commitments (Lighter's Schnorr, Hyperliquid's ECDSA) ready,
 * off the critical path: the top-up is a timer, so it runs after the answer has gone out rather than
 * before it, and only once half the pool is used, so a busy desk sets one timer per eight orders rather
 * than one per order.
 */
export class CommitmentTopUp {
  private scheduled = false;

  constructor(
    /** How many commitments the pool should hold. */
    private readonly ready: number,
    private readonly count: () => number,
    /** Fills the pool back up to `ready`. */
    private readonly fill: (ready: number) => void,
  ) {}

  /** Call after a signature took a commitment. */
  afterUse(): void {
    if (this.scheduled || this.count() > this.ready / 2) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      this.fill(this.ready);
    }, 0);
  }
}
