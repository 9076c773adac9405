/**
 * The safety desk: one Durable Object for the whole gateway ("global") holding the halt state and running
 * the dead-man's switches' alarm.
 *
 * Halt. `halt()` stores the new state, tells every venue desk it knows (the configured ones, and every
 * desk that ever asked for the state) and waits for each to acknowledge (a desk acknowledges once the
 * opening orders it had already let through have finished: halt-gate.ts), then cancels the resting orders
 * on both venues through their desks and reports each venue's result. `resume()` stores and tells the same
 * way. Desks ask `haltFor()` once after each (re)start, which is how this desk learns about them.
 *
 * Dead-man's switches. While DEADMAN_SECONDS is set and a venue trades live, the alarm keeps that venue's
 * scheduled cancel DEADMAN_SECONDS ahead of now, refreshing every third of it: Lighter's scheduled
 * cancel-all, Hyperliquid's scheduleCancel (setting it again is free; only a cancel that fires counts
 * against Hyperliquid's 10 a day). If the gateway stops, the venues cancel its resting orders themselves
 * at most DEADMAN_SECONDS after the last refresh. The alarm catches its own errors, records a failed
 * refresh (shown by /health) and raises an alert, and stops when the switch is off or no venue is live
 * (clearing a switch it had set on a venue that is still live). It is started by `ensureRunning()`, which
 * /health calls once per isolate and configuration, and on a desk's first question after a restart.
 */
import { DurableObject } from "cloudflare:workers";
import { loadConfig, type RawEnv } from "../config";
import { errorBody } from "../http/errors";
import type { DeskAnswer } from "../trading/desk-core";
import { accountDesk, accountDeskName, hyperliquidDeskFor, hyperliquidDeskName, hyperliquidSigner, type DeskRef } from "../trading/desk-stub";
import { raiseAlert } from "./raise-alert";
import { haltView, NEVER_HALTED, type HaltSetter, type HaltState, type HaltView } from "./halt-state";
import { deadmanActive, deadmanWanted, safetyConfigOf, SAFETY_VENUES, type SafetyDeskConfig, type SafetyVenue } from "./safety-config";

/** Hyperliquid cancels at most this many orders in one action (and the desk's batch limit). */
const CANCEL_CHUNK = 50;
/** After a failed refresh the next attempt comes sooner than a third of the switch, if that is longer. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/** A desk told of a change, and whether it acknowledged. */
export interface DeskAcknowledgement {
  venue: SafetyVenue;
  desk: string;
  acknowledged: boolean;
  /** Opening orders the desk let finish before acknowledging a halt. */
  waited_for?: number;
  error?: string;
}

/** What a halt did about one venue's resting orders. */
export type VenueCancelResult =
  | { status: "ok"; message: string; tx_hash?: string | string[]; open_orders?: number; canceled?: number; already_closed?: number }
  | {
      status: "error";
      message: string;
      code?: string;
      http_status?: number;
      open_orders?: number;
      canceled?: number;
      failures?: Array<{ coin: string; order_id: number; message: string }>;
    }
  | { status: "not_configured" | "dry_run"; message: string };

export interface HaltAnswer {
  halt: HaltView;
  /** Every desk told of the halt; one that did not acknowledge may still sign until it restarts. */
  desks: DeskAcknowledgement[];
  cancels: Record<SafetyVenue, VenueCancelResult>;
  /** Every desk acknowledged and no venue's cancel failed. */
  complete: boolean;
}

export interface ResumeAnswer {
  halt: HaltView;
  was_halted: boolean;
  desks: DeskAcknowledgement[];
  complete: boolean;
}

export interface DeadmanRecord {
  /** When the venue cancels the gateway's resting orders unless refreshed (unix ms); null when not set. */
  next_cancel_at: number | null;
  last_refresh_at: number | null;
  last_error: { at: number; message: string } | null;
}

export interface SafetyStatus {
  halt: HaltView;
  deadman: Record<SafetyVenue, DeadmanRecord>;
}

/** How often the switch is pushed forward: a third of its length, so two refreshes may fail before it fires. */
export function deadmanPeriodMs(seconds: number): number {
  return Math.max(1000, Math.floor((seconds * 1000) / 3));
}

interface DeadmanRow {
  venue: string;
  next_cancel_at: number | null;
  last_refresh_at: number | null;
  last_error_at: number | null;
  last_error: string | null;
  [key: string]: SqlStorageValue;
}

export class SafetyDesk extends DurableObject<Env> {
  /** The configuration the Worker last handed over (ensureRunning, halt, resume); memory only. */
  private config: SafetyDeskConfig | undefined;
  private environmentConfig: SafetyDeskConfig | undefined;
  private startedFromEnvironment = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS halt (id INTEGER PRIMARY KEY CHECK (id = 0), state TEXT NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS desks (venue TEXT NOT NULL, name TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (venue, name))");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS deadman (venue TEXT PRIMARY KEY, next_cancel_at INTEGER, last_refresh_at INTEGER, last_error_at INTEGER, last_error TEXT)",
    );
  }

  // ----- RPC: the halt ------------------------------------------------------------------------------

  /** A desk's question after its (re)start: the current state, and this desk is told of every later change. */
  async haltFor(desk: DeskRef): Promise<HaltState> {
    this.remember(desk);
    if (!this.startedFromEnvironment) {
      this.startedFromEnvironment = true;
      this.ctx.waitUntil(this.startIfWanted(this.currentConfig()).catch((error: unknown) => logError("deadman_start_failed", error)));
    }
    return this.state();
  }

  async haltState(): Promise<HaltView> {
    return haltView(this.state());
  }

  async halt(request: { reason: string; set_by: HaltSetter }, config: SafetyDeskConfig): Promise<HaltAnswer> {
    this.config = config;
    const state = this.change({ halted: true, reason: request.reason, set_by: request.set_by });
    console.log(JSON.stringify({ event: "halt", set_by: state.set_by, version: state.version }));
    const desks = await this.tellAll(state, config);
    const [lighter, hyperliquid] = await Promise.all([this.cancelLighter(config), this.cancelHyperliquid(config)]);
    const cancels = { lighter, hyperliquid };
    const complete = desks.every((desk) => desk.acknowledged) && Object.values(cancels).every((result) => result.status !== "error");
    raiseAlert(this.env, this.ctx, {
      kind: "halt",
      subject: "gateway",
      message: `Trading halted (${state.set_by}): ${state.reason}${complete ? "" : " — not every resting order could be cancelled, see details"}`,
      details: {
        reason: state.reason,
        set_by: state.set_by,
        at: state.at,
        complete,
        cancels: { lighter: summary(lighter), hyperliquid: summary(hyperliquid) },
        desks_not_acknowledged: desks.filter((desk) => !desk.acknowledged).map((desk) => desk.desk),
      },
    });
    return { halt: haltView(state), desks, cancels, complete };
  }

  async resume(request: { set_by: HaltSetter }, config: SafetyDeskConfig): Promise<ResumeAnswer> {
    this.config = config;
    const wasHalted = this.state().halted;
    const state = this.change({ halted: false, reason: null, set_by: request.set_by });
    console.log(JSON.stringify({ event: "resume", set_by: state.set_by, version: state.version, was_halted: wasHalted }));
    const desks = await this.tellAll(state, config);
    if (wasHalted) raiseAlert(this.env, this.ctx, { kind: "resume", subject: "gateway", message: `Trading resumed (${state.set_by})`, details: { set_by: state.set_by, at: state.at } });
    return { halt: haltView(state), was_halted: wasHalted, desks, complete: desks.every((desk) => desk.acknowledged) };
  }

  async status(): Promise<SafetyStatus> {
    return { halt: haltView(this.state()), deadman: { lighter: this.deadmanRecord("lighter"), hyperliquid: this.deadmanRecord("hyperliquid") } };
  }

  // ----- RPC: the dead-man's switches ------------------------------------------------------------------

  /** Cheap and idempotent: remembers the configuration and makes sure the alarm runs while it is wanted. */
  async ensureRunning(config: SafetyDeskConfig): Promise<void> {
    this.config = config;
    await this.startIfWanted(config);
  }

  async alarm(): Promise<void> {
    let next: number | null;
    try {
      next = await this.refresh(this.currentConfig());
    } catch (error) {
      logError("deadman_alarm_failed", error);
      next = Date.now() + RETRY_AFTER_FAILURE_MS;
    }
    if (next === null) return;
    try {
      await this.ctx.storage.setAlarm(next);
    } catch (error) {
      logError("deadman_alarm_not_set", error);
    }
  }

  // ----- halt state ------------------------------------------------------------------------------------

  private state(): HaltState {
    const row = this.ctx.storage.sql.exec<{ state: string }>("SELECT state FROM halt WHERE id = 0").toArray()[0];
    return row === undefined ? NEVER_HALTED : (JSON.parse(row.state) as HaltState);
  }

  private change(change: Pick<HaltState, "halted" | "reason" | "set_by">): HaltState {
    const state: HaltState = { ...change, at: Date.now(), version: this.state().version + 1 };
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO halt (id, state) VALUES (0, ?)", JSON.stringify(state));
    return state;
  }

  private remember(desk: DeskRef): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO desks (venue, name, seen_at) VALUES (?, ?, ?) ON CONFLICT (venue, name) DO UPDATE SET seen_at = excluded.seen_at",
      desk.venue,
      desk.name,
      Date.now(),
    );
  }

  /** The configured desks (remembered from now on) and every desk that ever asked. */
  private desksToTell(config: SafetyDeskConfig): DeskRef[] {
    if (config.lighter !== null) this.remember({ venue: "lighter", name: accountDeskName(config.lighter.lighter.accountIndex) });
    if (config.hyperliquid !== null) this.remember({ venue: "hyperliquid", name: hyperliquidDeskName(hyperliquidSigner(config.hyperliquid)) });
    return this.ctx.storage.sql
      .exec<{ venue: string; name: string }>("SELECT venue, name FROM desks ORDER BY venue, name")
      .toArray()
      .map((row) => ({ venue: row.venue === "lighter" ? "lighter" : "hyperliquid", name: row.name }));
  }

  private async tellAll(state: HaltState, config: SafetyDeskConfig): Promise<DeskAcknowledgement[]> {
    return Promise.all(
      this.desksToTell(config).map(async (desk): Promise<DeskAcknowledgement> => {
        try {
          const stub = desk.venue === "lighter" ? this.env.ACCOUNT_DESK.getByName(desk.name) : this.env.HYPERLIQUID_DESK.getByName(desk.name);
          const { waited_for } = await stub.setHalt(state);
          return { venue: desk.venue, desk: desk.name, acknowledged: true, ...(state.halted ? { waited_for } : {}) };
        } catch (error) {
          logError("halt_not_acknowledged", error, { desk: desk.name });
          return { venue: desk.venue, desk: desk.name, acknowledged: false, error: error instanceof Error ? error.message : "the desk could not be reached" };
        }
      }),
    );
  }

  // ----- the halt's cancels ------------------------------------------------------------------------------

  private async cancelLighter({ lighter }: SafetyDeskConfig): Promise<VenueCancelResult> {
    if (lighter === null) return { status: "not_configured", message: "Lighter trading is not configured: nothing to cancel" };
    if (lighter.mode === "dry-run") return { status: "dry_run", message: "dry-run: no order was ever sent to Lighter, so none rests; nothing cancelled" };
    const answer = await deskCall(() => accountDesk(this.env, lighter.lighter.accountIndex).cancelAll(lighter, { mode: "immediate" }));
    if (answer.status !== 200) return failure(answer, "Lighter's cancel-all failed");
    const body = JSON.parse(answer.json) as { tx_hash?: string | string[] };
    return { status: "ok", message: "Lighter accepted the cancel-all of every order of the account", ...(body.tx_hash === undefined ? {} : { tx_hash: body.tx_hash }) };
  }

  /** Reads the account's open orders and cancels every one by oid, 50 per action. */
  private async cancelHyperliquid({ hyperliquid }: SafetyDeskConfig): Promise<VenueCancelResult> {
    if (hyperliquid === null) return { status: "not_configured", message: "Hyperliquid trading is not configured: nothing to cancel" };
    if (hyperliquid.mode === "dry-run") return { status: "dry_run", message: "dry-run: no order was ever sent to Hyperliquid, so none rests; nothing cancelled" };
    const desk = hyperliquidDeskFor(this.env, hyperliquid);
    const account = await deskCall(() => desk.account(hyperliquid));
    if (account.status !== 200) return failure(account, "Hyperliquid's open orders could not be read, so none was cancelled");
    const listed = (JSON.parse(account.json) as { open_orders?: unknown }).open_orders;
    const open = (Array.isArray(listed) ? listed : []).flatMap((order: unknown) => {
      const { coin, oid } = (order ?? {}) as { coin?: unknown; oid?: unknown };
      // Perpetuals only: the gateway trades no spot ("@107", "PURR/USDC"), and the desk knows no spot coin.
      return typeof coin === "string" && !coin.startsWith("@") && !coin.includes("/") && typeof oid === "number" && Number.isSafeInteger(oid) ? [{ coin, order_id: oid }] : [];
    });
    let canceled = 0;
    let alreadyClosed = 0;
    const failures: Array<{ coin: string; order_id: number; message: string }> = [];
    for (let start = 0; start < open.length; start += CANCEL_CHUNK) {
      const chunk = open.slice(start, start + CANCEL_CHUNK);
      const answer = await deskCall(() => desk.batch(hyperliquid, { cancels: chunk }));
      const body = JSON.parse(answer.json) as { results?: unknown; error?: { message?: string; details?: { results?: unknown } } };
      const results = Array.isArray(body.results) ? body.results : Array.isArray(body.error?.details?.results) ? body.error.details.results : undefined;
      if (results === undefined || results.length !== chunk.length) {
        const message = body.error?.message ?? `HTTP ${answer.status}`;
        for (const order of chunk) failures.push({ ...order, message });
        continue;
      }
      for (const [i, result] of (results as Array<{ status?: string; message?: string }>).entries()) {
        const order = chunk[i] as { coin: string; order_id: number };
        if (result.status === "canceled") canceled += 1;
        // Filled or cancelled between the read and the cancel: nothing rests, which is what the halt wants.
        else if (/already canceled, or filled/i.test(result.message ?? "")) alreadyClosed += 1;
        else failures.push({ ...order, message: result.message ?? "rejected" });
      }
    }
    if (failures.length > 0) {
      return { status: "error", message: `${failures.length} of ${open.length} open orders could not be cancelled`, open_orders: open.length, canceled, failures };
    }
    return { status: "ok", message: `${canceled} of ${open.length} open orders cancelled`, open_orders: open.length, canceled, already_closed: alreadyClosed };
  }

  // ----- dead-man's switches -------------------------------------------------------------------------------

  private currentConfig(): SafetyDeskConfig {
    if (this.config !== undefined) return this.config;
    this.environmentConfig ??= safetyConfigOf(loadConfig(this.env as unknown as RawEnv));
    return this.environmentConfig;
  }

  private async startIfWanted(config: SafetyDeskConfig): Promise<void> {
    if (config.deadmanSeconds === null || !deadmanWanted(config)) return;
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > Date.now() + deadmanPeriodMs(config.deadmanSeconds)) await this.ctx.storage.setAlarm(Date.now());
  }

  /** One alarm: pushes every active switch forward; returns when to run next, or null to stop. */
  private async refresh(config: SafetyDeskConfig): Promise<number | null> {
    const seconds = config.deadmanSeconds;
    if (seconds === null) {
      await this.clearSwitches(config);
      return null;
    }
    const venues = SAFETY_VENUES.filter((venue) => deadmanActive(config, venue));
    if (venues.length === 0) return null;
    const refreshed = await Promise.all(venues.map((venue) => this.refreshVenue(venue, config, seconds * 1000)));
    const period = deadmanPeriodMs(seconds);
    return Date.now() + (refreshed.every(Boolean) ? period : Math.min(period, RETRY_AFTER_FAILURE_MS));
  }

  private async refreshVenue(venue: SafetyVenue, config: SafetyDeskConfig, leadMs: number): Promise<boolean> {
    const now = Date.now();
    const time = now + leadMs;
    const answer = await deskCall(() => this.schedule(venue, config, time));
    if (answer.status === 200) {
      this.ctx.storage.sql.exec(
        "INSERT INTO deadman (venue, next_cancel_at, last_refresh_at) VALUES (?, ?, ?) ON CONFLICT (venue) DO UPDATE SET next_cancel_at = excluded.next_cancel_at, last_refresh_at = excluded.last_refresh_at",
        venue,
        time,
        now,
      );
      return true;
    }
    const message = errorMessage(answer);
    this.ctx.storage.sql.exec(
      "INSERT INTO deadman (venue, last_error_at, last_error) VALUES (?, ?, ?) ON CONFLICT (venue) DO UPDATE SET last_error_at = excluded.last_error_at, last_error = excluded.last_error",
      venue,
      now,
      message,
    );
    console.error(JSON.stringify({ event: "deadman_refresh_failed", venue, status: answer.status }));
    const next = this.deadmanRecord(venue).next_cancel_at;
    raiseAlert(this.env, this.ctx, {
      kind: "deadman_refresh_failed",
      subject: venue,
      message: `The dead-man's switch on ${venue === "lighter" ? "Lighter" : "Hyperliquid"} could not be pushed forward: ${message}`,
      details: { venue, status: answer.status, next_cancel_at: next },
    });
    return false;
  }

  /** Sets (time) or clears (null) one venue's scheduled cancel through its desk. */
  private schedule(venue: SafetyVenue, config: SafetyDeskConfig, time: number | null): Promise<DeskAnswer> {
    if (venue === "lighter") {
      const trading = config.lighter;
      if (trading === null) throw new Error("Lighter is not configured");
      return accountDesk(this.env, trading.lighter.accountIndex).cancelAll(trading, time === null ? { mode: "abort" } : { mode: "scheduled", time: BigInt(time) });
    }
    const trading = config.hyperliquid;
    if (trading === null) throw new Error("Hyperliquid is not configured");
    return hyperliquidDeskFor(this.env, trading).scheduleCancel(trading, { time });
  }

  /** The switch was turned off: clear what this desk set on venues still trading live, so that it never fires. */
  private async clearSwitches(config: SafetyDeskConfig): Promise<void> {
    const now = Date.now();
    await Promise.all(
      SAFETY_VENUES.map(async (venue) => {
        const pending = this.deadmanRecord(venue).next_cancel_at;
        if (pending === null || pending <= now || config[venue]?.mode !== "live") return;
        const answer = await deskCall(() => this.schedule(venue, config, null));
        if (answer.status === 200) this.ctx.storage.sql.exec("UPDATE deadman SET next_cancel_at = NULL, last_refresh_at = ? WHERE venue = ?", now, venue);
        else this.ctx.storage.sql.exec("UPDATE deadman SET last_error_at = ?, last_error = ? WHERE venue = ?", now, `clearing the switch failed: ${errorMessage(answer)}`, venue);
      }),
    );
  }

  private deadmanRecord(venue: SafetyVenue): DeadmanRecord {
    const row = this.ctx.storage.sql.exec<DeadmanRow>("SELECT * FROM deadman WHERE venue = ?", venue).toArray()[0];
    return {
      next_cancel_at: row?.next_cancel_at ?? null,
      last_refresh_at: row?.last_refresh_at ?? null,
      last_error: row?.last_error_at === null || row?.last_error_at === undefined ? null : { at: row.last_error_at, message: row.last_error ?? "" },
    };
  }
}

/** A desk call that cannot throw: an RPC failure becomes a 500 answer like the desk's own. */
async function deskCall(call: () => Promise<DeskAnswer>): Promise<DeskAnswer> {
  try {
    return await call();
  } catch (error) {
    logError("desk_call_failed", error);
    return { status: 500, json: JSON.stringify(errorBody("internal_error", "The venue desk could not be reached")) };
  }
}

function errorMessage(answer: DeskAnswer): string {
  try {
    const body = JSON.parse(answer.json) as { error?: { code?: string; message?: string } };
    if (body.error?.message !== undefined) return `${body.error.code ?? "error"}: ${body.error.message}`;
  } catch {
    // not JSON: fall through
  }
  return `HTTP ${answer.status}`;
}

function failure(answer: DeskAnswer, what: string): VenueCancelResult {
  let code: string | undefined;
  try {
    code = (JSON.parse(answer.json) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: "error", message: `${what}: ${errorMessage(answer)}`, http_status: answer.status, ...(code === undefined ? {} : { code }) };
}

function summary(result: VenueCancelResult): string {
  return `${result.status}: ${result.message}`;
}

/** Logs a failure by kind and message only (desk answers and RPC errors carry no secret, but nothing else is logged). */
function logError(event: string, error: unknown, extra: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ event, ...extra, message: error instanceof Error ? error.message : String(error) }));
}
