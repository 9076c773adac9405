/**
 * The halt gate every venue desk puts in front of its signer. It costs nothing on the order path: the desk
 * keeps the halt state in memory and checks a flag before it reserves a nonce and signs; no RPC per order.
 *
 * How "no order is signed after the halt's answer" holds across isolates without an RPC per order:
 * - Only a desk signs, and each signer has exactly one desk (one Durable Object), so the desk's memory
 *   is the one place every order for that signer passes, whichever isolate received it.
 * - The safety desk pushes every change to every desk it knows (`set`) and awaits their acknowledgement
 *   before the halt is answered.
 * - A desk acknowledges a halt only once every opening order that had passed its gate has finished
 *   (answered, refused or timed out); an order reaching the gate after the halt was set is refused.
 *   So when the halt is answered, every opening order signed by any desk has already been answered by
 *   that desk, and none can be signed later. (The halt's cancels also run only after that, so they catch
 *   every order that was in flight.)
 * - A desk that has not been told anything since it (re)started asks the safety desk once, before its first
 *   opening order; the safety desk remembers who asked and tells it every later change. Until it knows,
 *   it signs no opening order. Versions order the answers: a pushed change and the reply to the question
 *   may cross, and the newer one wins.
 * - The desk keeps the last state it heard in its own storage, only to refuse opening orders (423) when it
 *   cannot reach the safety desk and that state says halted; otherwise such an order is a 503.
 */
import { HttpError } from "../http/errors";
import { haltedError, type HaltState } from "./halt-state";
import type { Opening } from "./order-classes";

export class HaltGate {
  /** The state as last heard; undefined until the desk asked or was told, after each (re)start. */
  private state: HaltState | undefined;
  private asking: Promise<void> | undefined;
  /** Opening orders that passed the gate and have not finished. */
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly sql: SqlStorage,
    /** Asks the safety desk for the current state (and makes it remember this desk). */
    private readonly ask: () => Promise<HaltState>,
  ) {
    sql.exec("CREATE TABLE IF NOT EXISTS halt_state (id INTEGER PRIMARY KEY CHECK (id = 0), state TEXT NOT NULL)");
  }

  /**
   * Early refusal, before any work on the order (validation, risk reads, the nonce lane): throws 423 when
   * the order could open or grow a position and trading is halted. The binding check is `signing`'s.
   */
  async admit(opening: Opening | undefined): Promise<void> {
    if (opening === undefined) return;
    if (this.state === undefined) await this.learn();
    this.check(opening);
  }

  /**
   * Runs the signing and sending of one action. An opening action is refused (nothing reserved, nothing
   * signed) while halted, and counted until it finishes so that a halt waits for it.
   */
  async signing<T>(opening: Opening | undefined, send: () => Promise<T>): Promise<T> {
    if (opening === undefined) return send();
    if (this.state === undefined) await this.learn();
    this.check(opening);
    this.inFlight += 1;
    try {
      return await send();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.waiting.splice(0)) wake();
    }
  }

  /** The synchronous check, for a retry inside `signing` (a second signature after a nonce refusal). */
  check(opening: Opening | undefined): void {
    if (opening === undefined) return;
    const state = this.state;
    if (state === undefined) throw new HttpError(503, "halt_state_unavailable", "The desk does not know yet whether trading is halted, so the order was not signed; repeat it");
    if (state.halted) throw haltedError(state, opening.field);
  }

  /**
   * The safety desk's word. Resolves once the state is in force; for a halt, once every opening order that
   * passed the gate before it has finished. Returns how many it waited for.
   */
  async set(state: HaltState): Promise<{ waited_for: number }> {
    this.adopt(state);
    if (this.state?.halted !== true || this.inFlight === 0) return { waited_for: 0 };
    const waitedFor = this.inFlight;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return { waited_for: waitedFor };
  }

  /** What the desk currently holds (for tests and health): undefined before it asked or was told. */
  current(): HaltState | undefined {
    return this.state;
  }

  private adopt(state: HaltState): void {
    if (this.state !== undefined && state.version < this.state.version) return;
    this.state = state;
    this.sql.exec("INSERT OR REPLACE INTO halt_state (id, state) VALUES (0, ?)", JSON.stringify(state));
  }

  private stored(): HaltState | undefined {
    const row = this.sql.exec<{ state: string }>("SELECT state FROM halt_state WHERE id = 0").toArray()[0];
    return row === undefined ? undefined : (JSON.parse(row.state) as HaltState);
  }

  /** One question to the safety desk at a time; a failure leaves the state unknown, to be asked again. */
  private learn(): Promise<void> {
    this.asking ??= this.ask()
      .then(
        (state) => this.adopt(state),
        (error: unknown) => {
          console.error(JSON.stringify({ event: "halt_state_unavailable", message: error instanceof Error ? error.message : String(error) }));
          const stored = this.stored();
          if (stored?.halted === true) throw haltedError(stored);
          throw new HttpError(503, "halt_state_unavailable", "The safety desk could not be asked whether trading is halted, so the order was not signed; cancels and reduce-only orders still go through");
        },
      )
      .finally(() => {
        this.asking = undefined;
      });
    return this.asking;
  }
}
