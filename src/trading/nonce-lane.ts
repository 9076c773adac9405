/**
 * One API key's lane: a FIFO of jobs and the key's nonce. Lighter nonces are strictly incremental per
 * (account, API key), and a Durable Object interleaves requests at every `await`, so every job that takes
 * a nonce runs alone on its lane, in arrival order: nonce → sign → send → record. A job that fails
 * without Lighter accepting the tx consumes nothing; one whose outcome is unknown makes the lane re-read
 * the nonce from Lighter before its next job.
 */

export interface NonceSource {
  /** The next nonce Lighter expects (or, in dry-run, the desk's own counter). */
  next(): Promise<bigint>;
  /** Remembers the next nonce after a job consumed some (dry-run keeps its counter across restarts). */
  save?(nextNonce: bigint): void;
}

export interface LaneState {
  api_key_index: number;
  /** The nonce the next job will use, or null when it will be read from Lighter first. */
  next_nonce: string | null;
  queued: number;
  last_error: string | null;
}

export class NonceLane {
  private nextNonce: bigint | undefined;
  private tail: Promise<unknown>;
  private queued = 0;
  lastError: string | null = null;

  constructor(
    readonly apiKeyIndex: number,
    private readonly source: NonceSource,
    /** `api` mode: ask Lighter before every job instead of counting locally. */
    private readonly alwaysAsk: boolean,
    /** Work that must finish before this lane's first job (a lane this one replaces). */
    after: Promise<unknown> = Promise.resolve(),
  ) {
    this.tail = after.catch(() => undefined);
  }

  /** Runs `job` after every job queued before it has finished, whatever their outcome. */
  run<T>(job: () => Promise<T>): Promise<T> {
    this.queued += 1;
    const result = this.tail.then(job).finally(() => {
      this.queued -= 1;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Settles once every job queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /** The first of the nonces the current job may use. Call only inside `run`. */
  async reserve(): Promise<bigint> {
    if (this.alwaysAsk || this.nextNonce === undefined) this.nextNonce = await this.source.next();
    return this.nextNonce;
  }

  /** Lighter accepted `count` transactions starting at the reserved nonce. */
  consume(count: number): void {
    if (this.nextNonce === undefined) throw new Error("consume() without reserve()");
    this.nextNonce += BigInt(count);
    this.source.save?.(this.nextNonce);
  }

  /** Forget the local count: the next job reads the nonce from Lighter again. */
  resync(): void {
    this.nextNonce = undefined;
  }

  state(): LaneState {
    return {
      api_key_index: this.apiKeyIndex,
      next_nonce: this.nextNonce === undefined ? null : this.nextNonce.toString(),
      queued: this.queued,
      last_error: this.lastError,
    };
  }
}
